// Package spec says what a Latent Lab model is and how it trains: Config,
// the one configuration type, its limits, its defaults and the reference
// presets. The same Config travels end to end — a widget's settings, the
// engine worker's "create" request, the trainer in core/model (where it is
// model.Config) and the header of a model file — so a setting has one name
// and one range everywhere.
//
// The package is small and stdlib-only (plus core/infer for activation
// names) so that the page (app.wasm) can import it without the training
// engine.
package spec

import "slices"

// The model kinds.
const (
	AE  = "ae"  // plain autoencoder
	DAE = "dae" // denoising autoencoder
	CAE = "cae" // contractive autoencoder
	VAE = "vae" // variational autoencoder
)

// Kinds lists the model kinds.
var Kinds = []string{AE, DAE, CAE, VAE}

// Config describes a model and how it is trained. It is plain data with
// JSON tags so it can travel in messages and model files. Start from
// Default or Preset and change what you need: zero values are settings,
// not defaults (β = 0 is a plain autoencoder's objective). WithDefaults
// completes the fields a configuration may leave to the data (the input
// size, the output distribution) and those whose zero is not a setting
// (an empty activation name, a zero learning rate).
type Config struct {
	Kind      string  `json:"kind"`       // "ae" | "dae" | "cae" | "vae"
	Input     int     `json:"input"`      // input dimension D
	Hidden    []int   `json:"hidden"`     // encoder hidden widths; the decoder mirrors them (nil: WithDefaults chooses; empty: none)
	Latent    int     `json:"latent"`     // latent (code) dimension
	HiddenAct string  `json:"hidden_act"` // "relu" | "sigmoid" | "tanh" | "identity"
	CodeAct   string  `json:"code_act"`   // activation of the code layer (AE, DAE, CAE); a VAE's is identity
	Output    string  `json:"output"`     // decoder distribution: "bernoulli" | "gaussian"
	Lambda    float64 `json:"lambda"`     // CAE penalty weight λ ≥ 0
	Beta      float64 `json:"beta"`       // VAE KL weight β ≥ 0
	NoiseStd  float64 `json:"noise_std"`  // DAE Gaussian noise σ ≥ 0
	MaskProb  float64 `json:"mask_prob"`  // DAE masking probability p in [0, 1)
	Optimizer string  `json:"optimizer"`  // "adam" | "sgd"
	LR        float64 `json:"lr"`         // learning rate η > 0
	Momentum  float64 `json:"momentum"`   // SGD momentum in [0, 1)
	Batch     int     `json:"batch"`      // mini-batch size
	Clip      float64 `json:"clip"`       // global gradient-norm clip; 0 disables
	Init      string  `json:"init"`       // "glorot" (Glorot-uniform) | "he" (He-normal)
	Seed      uint64  `json:"seed"`       // seeds initialisation, shuffling, noise and ε

	// Tied makes the decoder's weights the transpose of the encoder's
	// (W_dec = W_encᵀ; biases stay separate), as in Rifai et al. (2011):
	// a linear decoder could otherwise dodge the CAE penalty by shrinking
	// the encoder and growing the decoder. One-layer encoders only.
	Tied bool `json:"tied,omitempty"`
	// CenterOutput starts the decoder's output bias so that the untrained
	// model reconstructs the origin as the origin (r(0) = 0): for data
	// centred at the origin, the first reconstructions lie near the data.
	CenterOutput bool `json:"center_output,omitempty"`
	// SaltProb is the DAE's salt-and-pepper probability ν in [0, 1): each
	// input is set to 0 or to 1 (with equal chance) with probability ν.
	SaltProb float64 `json:"salt_prob,omitempty"`
	// OutputVar is the variance σ² of a Gaussian decoder: the reconstruction
	// term is ‖x − x̂‖²/(2σ²) (0 means 1, the unit-variance default; ½
	// gives the plain squared error ‖x − x̂‖²).
	OutputVar float64 `json:"output_var,omitempty"`
}

// Variance returns the Gaussian decoder's variance σ² (OutputVar, or 1).
func (c Config) Variance() float64 {
	if c.OutputVar == 0 {
		return 1
	}
	return c.OutputVar
}

// IsVAE reports whether c describes a variational autoencoder.
func (c Config) IsVAE() bool { return c.Kind == VAE }

// EncoderOut returns the width of the encoder's last layer: the code, or
// μ and log σ² side by side for a VAE.
func (c Config) EncoderOut() int {
	if c.IsVAE() {
		return 2 * c.Latent
	}
	return c.Latent
}

// Clone returns a copy of c that shares no memory with it.
func (c Config) Clone() Config {
	if c.Hidden != nil {
		c.Hidden = slices.Clone(c.Hidden)
	}
	return c
}

// NumParams returns the number of weights and biases of c's network,
// saturating at MaxParams+1 instead of overflowing on absurd widths.
func (c Config) NumParams() int {
	widths := []int{max(c.Input, 0)}
	for _, w := range c.Hidden {
		widths = append(widths, max(w, 0))
	}
	total := 0
	add := func(in, out int) {
		if in > MaxParams || out > MaxParams || total > MaxParams {
			total = MaxParams + 1
			return
		}
		total += in*out + out
	}
	for i := 1; i < len(widths); i++ {
		add(widths[i-1], widths[i])
	}
	add(widths[len(widths)-1], max(c.EncoderOut(), 0))
	add(max(c.Latent, 0), widths[len(widths)-1]) // the decoder mirrors the encoder
	for i := len(widths) - 1; i > 0; i-- {
		add(widths[i], widths[i-1])
	}
	if c.Tied && len(c.Hidden) == 0 && total <= MaxParams {
		total -= max(c.Input, 0) * max(c.Latent, 0) // the decoder's weights are the encoder's
	}
	return total
}
