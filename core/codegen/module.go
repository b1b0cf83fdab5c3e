package codegen

import (
	"fmt"
	"strings"

	"latentlab/core/spec"
)

// Layer is one fully connected layer of the generated module: nn.Linear(In,
// Out) in PyTorch, layers.Dense(Out) in Keras, followed by Act.
type Layer struct {
	Name    string // attribute name, and state_dict prefix: "enc1", "mu", "logvar", "code", "dec1", "out"
	In, Out int
	Act     string // "relu" | "sigmoid" | "tanh" | "identity"
	Comment string // what the layer computes, for the generated code ("" for none)
	// TiedTo names the layer whose weight, transposed, this layer uses
	// (Config.Tied: W_dec = W_encᵀ); the layer then has no weight of its
	// own, only its bias.
	TiedTo string
}

// WeightName is the state_dict name of the layer's weight (Out×In).
func (l Layer) WeightName() string { return l.Name + ".weight" }

// BiasName is the state_dict name of the layer's bias (Out).
func (l Layer) BiasName() string { return l.Name + ".bias" }

// Module is the architecture of the code generated for a configuration.
//
// The encoder is Hidden layers enc1, enc2, … then the code layer "code"
// (AE, DAE, CAE) or, for a VAE, the two heads "mu" and "logvar" (the
// engine's last encoder layer, whose first Latent outputs are μ and the
// rest log σ², split in two). The decoder mirrors the hidden layers as dec1,
// dec2, … and ends with "out", whose outputs are the logits of a Bernoulli
// p(x|z) or the means of a unit-variance Gaussian.
type Module struct {
	Class   string  // "AE" | "DAE" | "CAE" | "VAE"
	Encoder []Layer // for a VAE the last two are mu and logvar, both fed by the layer before
	Decoder []Layer
}

// NewModule returns the module generated for cfg, which must be valid.
func NewModule(cfg spec.Config) (Module, error) {
	if err := cfg.Validate(); err != nil {
		return Module{}, fmt.Errorf("codegen: %w", err)
	}
	m := Module{Class: strings.ToUpper(cfg.Kind)}
	in := cfg.Input
	for i, w := range cfg.Hidden {
		m.Encoder = append(m.Encoder, Layer{Name: fmt.Sprintf("enc%d", i+1), In: in, Out: w, Act: actName(cfg.HiddenAct)})
		in = w
	}
	if cfg.Kind == "vae" {
		m.Encoder = append(m.Encoder,
			Layer{Name: "mu", In: in, Out: cfg.Latent, Act: "identity", Comment: "μ(x)"},
			Layer{Name: "logvar", In: in, Out: cfg.Latent, Act: "identity", Comment: "log σ²(x)"})
	} else {
		m.Encoder = append(m.Encoder, Layer{Name: "code", In: in, Out: cfg.Latent, Act: actName(cfg.CodeAct), Comment: "the code h = f(x)"})
	}
	in = cfg.Latent
	for i := len(cfg.Hidden) - 1; i >= 0; i-- {
		m.Decoder = append(m.Decoder, Layer{Name: fmt.Sprintf("dec%d", len(cfg.Hidden)-i), In: in, Out: cfg.Hidden[i], Act: actName(cfg.HiddenAct)})
		in = cfg.Hidden[i]
	}
	out := Layer{Name: "out", In: in, Out: cfg.Input, Act: "identity", Comment: outComment(cfg)}
	if cfg.Tied {
		if cfg.Kind == "vae" {
			return Module{}, fmt.Errorf("codegen: tied weights need a one-layer encoder with a code layer, which a VAE does not have")
		}
		out.TiedTo = "code"
	}
	m.Decoder = append(m.Decoder, out)
	return m, nil
}

// Params returns the state_dict names of the layer's parameters: its
// weight (unless it is tied) and its bias.
func (l Layer) Params() []string {
	if l.TiedTo != "" {
		return []string{l.BiasName()}
	}
	return []string{l.WeightName(), l.BiasName()}
}

// Layers returns the encoder's layers followed by the decoder's.
func (m Module) Layers() []Layer {
	return append(append([]Layer(nil), m.Encoder...), m.Decoder...)
}

// HiddenLayers returns the encoder layers before the code layer (or the VAE's heads).
func (m Module) HiddenLayers() []Layer {
	heads := 1
	if m.Class == "VAE" {
		heads = 2
	}
	return m.Encoder[:len(m.Encoder)-heads]
}

// outComment says what the decoder's last layer outputs.
func outComment(cfg spec.Config) string {
	switch {
	case cfg.Kind == "vae" && cfg.Output == "bernoulli":
		return "logits of p(x|z) = Bernoulli(sigmoid(logits))"
	case cfg.Kind == "vae":
		return "means x̂ of p(x|z) = N(x̂, I)"
	case cfg.Output == "bernoulli":
		return "logits; the reconstruction is x̂ = sigmoid(logits)"
	}
	return "the reconstruction x̂"
}

// actName normalises the activation spellings Config accepts ("" and
// "linear" mean identity).
func actName(a string) string {
	switch a {
	case "", "linear":
		return "identity"
	}
	return a
}
