package model

import (
	"errors"
	"fmt"
	"math"

	"latentlab/core/infer"
)

// Limits on configurations the engine accepts.
const (
	MaxLatentVAE = 64   // latent dimensions of a VAE
	MaxCode      = 1024 // code width of an AE, DAE or CAE (R2's CAE uses 128)
	MaxWidth     = 4096 // any hidden layer
	MaxHidden    = 8    // hidden layers in the encoder (mirrored by the decoder)
	MaxInput     = 1 << 16
	MaxBatch     = 4096
	// MaxParams bounds the number of weights: training keeps about five
	// float32 copies of each (value, gradient, two Adam moments, backup),
	// and a browser tab has a few GB at most.
	MaxParams = 16 << 20
)

// Config describes a model and how it is trained. It is plain data with
// JSON tags so it can travel in messages and model files. Start from
// Default or Preset; zero values are not defaults.
type Config struct {
	Kind      string  `json:"kind"`       // "ae" | "dae" | "cae" | "vae"
	Input     int     `json:"input"`      // input dimension D
	Hidden    []int   `json:"hidden"`     // encoder hidden widths; the decoder mirrors them
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
}

// Default returns a sensible configuration of the given kind for MNIST-sized
// inputs (784 → 256 → 2 for a VAE), trained with Adam at 1e-3.
func Default(kind string) Config {
	c := Config{
		Kind: kind, Input: 784, Hidden: []int{256}, Latent: 2,
		HiddenAct: "relu", CodeAct: "identity", Output: "bernoulli",
		Lambda: 0.1, Beta: 1, Optimizer: "adam", LR: 1e-3, Momentum: 0.9,
		Batch: 100, Init: "glorot", Seed: 1,
	}
	switch kind {
	case "dae":
		c.NoiseStd, c.MaskProb = 0.3, 0
		c.Latent, c.CodeAct = 32, "relu"
	case "cae":
		c.Hidden, c.Latent, c.CodeAct = nil, 128, "sigmoid"
	case "ae":
		c.Latent = 32
	}
	return c
}

// Preset returns the reference workloads of DESIGN.md: "r1" (VAE-2D),
// "r2" (CAE, λ = 0.1) and "r3" (VAE-16 wide, batch 128).
func Preset(name string) (Config, error) {
	switch name {
	case "r1":
		return Default("vae"), nil
	case "r2":
		return Default("cae"), nil
	case "r3":
		c := Default("vae")
		c.Hidden, c.Latent, c.Batch = []int{512}, 16, 128
		return c, nil
	}
	return Config{}, fmt.Errorf("model: unknown preset %q (want r1, r2 or r3)", name)
}

// Validate reports every problem with c, one per line, or nil.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf("model config: "+format, a...)) }
	switch c.Kind {
	case "ae", "dae", "cae", "vae":
	default:
		bad("kind %q: want ae, dae, cae or vae", c.Kind)
	}
	if c.Input < 1 || c.Input > MaxInput {
		bad("input dimension %d: want 1…%d", c.Input, MaxInput)
	}
	if len(c.Hidden) > MaxHidden {
		bad("%d hidden layers: at most %d", len(c.Hidden), MaxHidden)
	}
	for i, w := range c.Hidden {
		if w < 1 || w > MaxWidth {
			bad("hidden layer %d has width %d: want 1…%d", i, w, MaxWidth)
		}
	}
	maxLatent := MaxCode
	if c.Kind == "vae" {
		maxLatent = MaxLatentVAE
	}
	if c.Latent < 1 || c.Latent > maxLatent {
		bad("latent dimension %d: want 1…%d for kind %s", c.Latent, maxLatent, c.Kind)
	}
	if _, err := infer.ParseActivation(c.HiddenAct); err != nil {
		bad("hidden activation: %v", err)
	}
	if act, err := infer.ParseActivation(c.CodeAct); err != nil {
		bad("code activation: %v", err)
	} else if c.Kind == "vae" && act != infer.Identity {
		bad("code activation %q: a VAE's encoder outputs μ and log σ² unconstrained; use identity", c.CodeAct)
	}
	switch c.Output {
	case "bernoulli", "gaussian":
	default:
		bad("output distribution %q: want bernoulli or gaussian", c.Output)
	}
	if c.Kind == "cae" && len(c.Hidden) > 0 {
		bad("cae with %d hidden layers: the exact Jacobian penalty ‖J‖²_F is implemented for a one-layer encoder (input → code); remove the hidden layers (put the width in latent) or use kind ae", len(c.Hidden))
	}
	nonNeg := func(name string, v float64) {
		if !(v >= 0) || math.IsInf(v, 1) {
			bad("%s = %g: want a finite value ≥ 0", name, v)
		}
	}
	nonNeg("lambda", c.Lambda)
	nonNeg("beta", c.Beta)
	nonNeg("noise_std", c.NoiseStd)
	nonNeg("clip", c.Clip)
	if !(c.MaskProb >= 0 && c.MaskProb < 1) {
		bad("mask_prob = %g: want 0 ≤ p < 1", c.MaskProb)
	}
	switch c.Optimizer {
	case "adam", "sgd":
	default:
		bad("optimizer %q: want adam or sgd", c.Optimizer)
	}
	if err := checkLR(c.LR); err != nil {
		errs = append(errs, fmt.Errorf("model config: %w", err))
	}
	if !(c.Momentum >= 0 && c.Momentum < 1) {
		bad("momentum = %g: want 0 ≤ μ < 1", c.Momentum)
	}
	if c.Batch < 1 || c.Batch > MaxBatch {
		bad("batch size %d: want 1…%d", c.Batch, MaxBatch)
	}
	if p := c.numParams(); p > MaxParams {
		bad("%d weights: at most %d (narrow the layers)", p, MaxParams)
	}
	switch c.Init {
	case "glorot", "he":
	default:
		bad("init %q: want glorot or he", c.Init)
	}
	return errors.Join(errs...)
}

// numParams returns the number of weights and biases of c's network,
// saturating instead of overflowing on absurd widths.
func (c Config) numParams() int {
	widths := []int{max(c.Input, 0)}
	for _, w := range c.Hidden {
		widths = append(widths, max(w, 0))
	}
	out := c.encOut()
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
	add(widths[len(widths)-1], max(out, 0))
	add(max(c.Latent, 0), widths[len(widths)-1]) // decoder mirrors the encoder
	for i := len(widths) - 1; i > 0; i-- {
		add(widths[i], widths[i-1])
	}
	return total
}

func checkLR(lr float64) error {
	if !(lr > 0 && lr <= 10) {
		return fmt.Errorf("learning rate %g: want 0 < η ≤ 10", lr)
	}
	return nil
}

// activations returns the parsed hidden and code activations of a valid c.
func (c Config) activations() (hidden, code infer.Activation) {
	hidden, _ = infer.ParseActivation(c.HiddenAct)
	code, _ = infer.ParseActivation(c.CodeAct)
	if c.Kind == "vae" {
		code = infer.Identity
	}
	return hidden, code
}
