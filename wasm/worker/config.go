package worker

import (
	"errors"
	"fmt"
	"math"

	"latentlab/core/infer"
	"latentlab/wasm/protocol"
)

// Limits on what a request may ask for.
const (
	maxSteps  = 5000 // per train request
	maxHidden = 4096
	maxLayers = 8
	maxLatent = 512 // the CAE of workload R2 has a 128-unit code
	maxBatch  = 1024
	maxToyN   = 100000
)

// withDefaults validates cfg and fills its zero fields for data of dimension dim.
func withDefaults(c protocol.ModelConfig, dim int, source string) (protocol.ModelConfig, error) {
	switch c.Kind {
	case "ae", "dae", "cae", "vae":
	case "":
		return c, errors.New("model kind is missing (ae, dae, cae or vae)")
	default:
		return c, fmt.Errorf("unknown model kind %q (want ae, dae, cae or vae)", c.Kind)
	}
	if c.Hidden == nil {
		switch {
		case c.Kind == "cae": // the CAE penalty is defined for a one-layer encoder
			c.Hidden = []int{}
		case dim > 16:
			c.Hidden = []int{256}
		default:
			c.Hidden = []int{32, 32}
		}
	}
	if len(c.Hidden) > maxLayers {
		return c, fmt.Errorf("%d hidden layers; at most %d", len(c.Hidden), maxLayers)
	}
	for _, h := range c.Hidden {
		if h < 1 || h > maxHidden {
			return c, fmt.Errorf("hidden width %d out of range 1…%d", h, maxHidden)
		}
	}
	if c.Latent == 0 {
		switch {
		case c.Kind == "cae" && dim > 16:
			c.Latent = 128
		case c.Kind == "cae":
			c.Latent = 8
		case dim <= 3:
			c.Latent = 1
		default:
			c.Latent = 2
		}
	}
	if c.Latent < 1 || c.Latent > maxLatent {
		return c, fmt.Errorf("latent size %d out of range 1…%d", c.Latent, maxLatent)
	}
	if c.Activation == "" {
		c.Activation = "relu"
		if c.Kind == "cae" {
			c.Activation = "sigmoid"
		}
	}
	if _, err := infer.ParseActivation(c.Activation); err != nil {
		return c, err
	}
	if c.CodeAct == "" {
		c.CodeAct = "identity"
		if c.Kind == "cae" && len(c.Hidden) == 0 {
			c.CodeAct = c.Activation
		}
	}
	if c.Kind == "vae" {
		c.CodeAct = "identity"
	}
	if _, err := infer.ParseActivation(c.CodeAct); err != nil {
		return c, err
	}
	if c.Output == "" {
		c.Output = "gaussian"
		if source == "mnist" {
			c.Output = "bernoulli"
		}
	}
	if c.Output != "bernoulli" && c.Output != "gaussian" {
		return c, fmt.Errorf("unknown output distribution %q (bernoulli or gaussian)", c.Output)
	}
	if c.LR == 0 {
		c.LR = 1e-3
	}
	if !(c.LR > 0 && c.LR <= 10) {
		return c, fmt.Errorf("learning rate %g out of range (0, 10]", c.LR)
	}
	if c.Batch == 0 {
		c.Batch = 100
	}
	if c.Batch < 1 || c.Batch > maxBatch {
		return c, fmt.Errorf("batch size %d out of range 1…%d", c.Batch, maxBatch)
	}
	if c.Optimizer == "" {
		c.Optimizer = "adam"
	}
	if c.Beta == nil {
		one := 1.0
		c.Beta = &one
	}
	if *c.Beta < 0 || math.IsNaN(*c.Beta) {
		return c, fmt.Errorf("β = %g must be ≥ 0", *c.Beta)
	}
	if c.Kind == "cae" && c.Lambda == 0 {
		c.Lambda = 0.1
	}
	if c.Kind == "dae" && c.Noise == 0 {
		c.Noise = 0.3
	}
	if c.Lambda < 0 || c.Noise < 0 || c.Noise > 1 {
		return c, fmt.Errorf("λ = %g and noise = %g must be ≥ 0 (noise ≤ 1)", c.Lambda, c.Noise)
	}
	if c.Seed == 0 {
		c.Seed = 1
	}
	return c, nil
}

// loadData returns the train and test sets for d, with d's defaults filled in.
func (w *Worker) loadData(d protocol.DataConfig) (train, test *Dataset, _ protocol.DataConfig, err error) {
	switch d.Source {
	case "mnist":
		if err := w.loadMNIST(); err != nil {
			return nil, nil, d, err
		}
		train, test = w.mnist[0], w.mnist[1]
		if d.N <= 0 || d.N > train.N {
			d.N = train.N
		}
		if d.Test <= 0 || d.Test > test.N {
			d.Test = test.N
		}
		return prefix(train, d.N), prefix(test, d.Test), d, nil
	case "toy":
		if d.N == 0 {
			d.N = 1000
		}
		if d.Test == 0 {
			d.Test = 500
		}
		if d.N < 1 || d.N > maxToyN || d.Test < 0 || d.Test > maxToyN {
			return nil, nil, d, fmt.Errorf("toy set sizes %d/%d out of range 1…%d", d.N, d.Test, maxToyN)
		}
		if d.Seed == 0 {
			d.Seed = 1
		}
		train, err := w.backend.Toy(d.Name, d.N, d.Noise, d.Seed)
		if err != nil {
			return nil, nil, d, fmt.Errorf("toy set %q: %w", d.Name, err)
		}
		if d.Test > 0 {
			// The held-out set comes from the same generator with another seed.
			if test, err = w.backend.Toy(d.Name, d.Test, d.Noise, d.Seed^0x9e3779b97f4a7c15); err != nil {
				return nil, nil, d, fmt.Errorf("toy set %q: %w", d.Name, err)
			}
		}
		return train, test, d, nil
	case "":
		return nil, nil, d, errors.New(`dataset source is missing ("mnist" or "toy")`)
	}
	return nil, nil, d, fmt.Errorf("unknown dataset source %q (mnist or toy)", d.Source)
}

// loadMNIST fetches and decodes the MNIST subset once.
func (w *Worker) loadMNIST() error {
	if w.mnist[0] != nil {
		return nil
	}
	var sets [2]*Dataset
	for i, p := range []string{MNISTTrainPath, MNISTTestPath} {
		b, err := w.fetch(p)
		if err != nil {
			return fmt.Errorf("load MNIST: %w", err)
		}
		if sets[i], err = w.backend.DecodeMNIST(b); err != nil {
			return fmt.Errorf("load MNIST %s: %w", p, err)
		}
	}
	w.mnist = sets
	return nil
}

// prefix returns the first n points of d (sharing memory).
func prefix(d *Dataset, n int) *Dataset {
	if n >= d.N {
		return d
	}
	p := *d
	p.N = n
	p.X = d.X[:n*d.Dim]
	if d.Labels != nil {
		p.Labels = d.Labels[:n]
	}
	return &p
}
