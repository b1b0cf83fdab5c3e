package spec

import (
	"fmt"
	"strings"
)

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
	case DAE:
		c.NoiseStd, c.MaskProb = 0.3, 0
		c.Latent, c.CodeAct = 32, "relu"
	case CAE:
		c.Hidden, c.Latent, c.CodeAct = []int{}, 128, "sigmoid"
	case AE:
		c.Latent = 32
	}
	return c
}

// Presets are the reference workloads of the architecture note
// (ARCHITECTURE.md): R1 (VAE-2D), R2 (CAE, λ = 0.1) and R3 (VAE-16 wide,
// batch 128). D1, decoding one latent point, uses R1's model.
var Presets = []string{"R1", "R2", "R3", "D1"}

// Preset returns the configuration of a reference workload (case does not
// matter: "r1" is "R1").
func Preset(name string) (Config, error) {
	switch strings.ToUpper(name) {
	case "R1", "D1":
		return Default(VAE), nil
	case "R2":
		return Default(CAE), nil
	case "R3":
		c := Default(VAE)
		c.Hidden, c.Latent, c.Batch = []int{512}, 16, 128
		return c, nil
	}
	return Config{}, fmt.Errorf("unknown preset %q (want R1, R2, R3 or D1)", name)
}

// Data is what WithDefaults needs to know of the training data.
type Data struct {
	Dim    int  // input dimension of the examples
	N      int  // number of training examples (0: unknown); a batch is at most N
	Binary bool // values are intensities in [0, 1] (MNIST pixels), else real-valued points
}

// WithDefaults completes c for training on data d:
//
//   - the input size is the data's;
//   - the output distribution, when empty, is Bernoulli for intensities in
//     [0, 1] and a unit-variance Gaussian for real-valued points;
//   - hidden widths, when nil, are none for a CAE (its exact penalty needs a
//     one-layer encoder), 256 for inputs wider than 16, else 32 and 32;
//   - a zero latent size is 128 for a CAE of wide inputs, 8 for one of
//     narrow inputs, 1 for inputs of at most 3 dimensions, else 2;
//   - empty names (activations, optimizer, initialisation) and a zero
//     learning rate or batch size come from Default(c.Kind);
//   - the batch is at most the number of examples.
//
// Settings whose zero is meaningful (β, λ, noise, masking, momentum, clip,
// the seed) are kept as they are. WithDefaults does not validate: call
// Validate on the result.
func (c Config) WithDefaults(d Data) Config {
	c = c.Clone()
	def := Default(c.Kind)
	if d.Dim > 0 {
		c.Input = d.Dim
	}
	if c.Output == "" {
		c.Output = "gaussian"
		if d.Binary {
			c.Output = "bernoulli"
		}
	}
	if c.Hidden == nil {
		switch {
		case c.Kind == CAE:
			c.Hidden = []int{}
		case c.Input > 16:
			c.Hidden = []int{256}
		default:
			c.Hidden = []int{32, 32}
		}
	}
	if c.Latent == 0 {
		switch {
		case c.Kind == CAE && c.Input > 16:
			c.Latent = 128
		case c.Kind == CAE:
			c.Latent = 8
		case c.Input <= 3:
			c.Latent = 1
		default:
			c.Latent = 2
		}
	}
	for _, f := range []struct {
		v   *string
		def string
	}{
		{&c.HiddenAct, def.HiddenAct}, {&c.CodeAct, def.CodeAct}, {&c.Optimizer, def.Optimizer}, {&c.Init, def.Init},
	} {
		if *f.v == "" {
			*f.v = f.def
		}
	}
	if c.LR == 0 {
		c.LR = def.LR
	}
	if c.Batch == 0 {
		c.Batch = def.Batch
	}
	if d.N > 0 && c.Batch > d.N {
		c.Batch = d.N
	}
	return c
}
