package spec

import (
	"errors"
	"fmt"
	"slices"

	"latentlab/core/infer"
)

// Validate reports every problem with c, one per line, or nil.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf("model config: "+format, a...)) }
	check := func(field string, v float64) {
		if err := Check(c.Kind, field, v); err != nil {
			errs = append(errs, fmt.Errorf("model config: %w", err))
		}
	}
	if !slices.Contains(Kinds, c.Kind) {
		bad("kind %q: want ae, dae, cae or vae", c.Kind)
	}
	check("input", float64(c.Input))
	if len(c.Hidden) > MaxHidden {
		bad("%d hidden layers: at most %d", len(c.Hidden), MaxHidden)
	}
	for i, w := range c.Hidden {
		if err := Check(c.Kind, "hidden", float64(w)); err != nil {
			bad("hidden layer %d: %v", i, err)
		}
	}
	if err := Check(c.Kind, "latent", float64(c.Latent)); err != nil {
		bad("%v for kind %s", err, c.Kind)
	}
	if _, err := infer.ParseActivation(c.HiddenAct); err != nil {
		bad("hidden activation: %v", err)
	}
	if act, err := infer.ParseActivation(c.CodeAct); err != nil {
		bad("code activation: %v", err)
	} else if c.IsVAE() && act != infer.Identity {
		bad("code activation %q: a VAE's encoder outputs μ and log σ² unconstrained; use identity", c.CodeAct)
	}
	switch c.Output {
	case "bernoulli", "gaussian":
	default:
		bad("output distribution %q: want bernoulli or gaussian", c.Output)
	}
	if c.Kind == CAE && len(c.Hidden) > 0 {
		bad("cae with %d hidden layers: the exact Jacobian penalty ‖J‖²_F is implemented for a one-layer encoder (input → code); remove the hidden layers (put the width in latent) or use kind ae", len(c.Hidden))
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"lambda", c.Lambda}, {"beta", c.Beta}, {"noise_std", c.NoiseStd}, {"mask_prob", c.MaskProb}, {"salt_prob", c.SaltProb},
		{"lr", c.LR}, {"momentum", c.Momentum}, {"batch", float64(c.Batch)}, {"clip", c.Clip}, {"output_var", c.OutputVar}} {
		check(f.name, f.v)
	}
	if c.Tied && len(c.Hidden) > 0 {
		bad("tied weights with %d hidden layers: the decoder can be the encoder's transpose only for a one-layer encoder (input → code)", len(c.Hidden))
	}
	if c.Tied && c.IsVAE() {
		bad("tied weights for a vae: its encoder outputs μ and log σ² (2 × latent), so the decoder cannot be its transpose; untie it or use kind ae, dae or cae")
	}
	switch c.Optimizer {
	case "adam", "sgd":
	default:
		bad("optimizer %q: want adam or sgd", c.Optimizer)
	}
	if p := c.NumParams(); p > MaxParams {
		bad("%d weights: at most %d (narrow the layers)", p, MaxParams)
	}
	switch c.Init {
	case "glorot", "he":
	default:
		bad("init %q: want glorot or he", c.Init)
	}
	return errors.Join(errs...)
}

// Activations returns the parsed hidden and code activations of a valid c
// (a VAE's code activation is the identity).
func (c Config) Activations() (hidden, code infer.Activation) {
	hidden, _ = infer.ParseActivation(c.HiddenAct)
	code, _ = infer.ParseActivation(c.CodeAct)
	if c.IsVAE() {
		code = infer.Identity
	}
	return hidden, code
}

// ConfigOf returns c changed to agree with the architecture of net (a
// loaded model file): kind, sizes, activations and output distribution.
func ConfigOf(net *infer.Network, c Config) Config {
	c = c.Clone()
	c.Kind, c.Input, c.Latent, c.Output = net.Kind, net.Input, net.Latent, net.OutputDist
	c.Hidden = make([]int, 0, len(net.Encoder)) // non-nil: "no hidden layer" is not "default"
	for i := 0; i+1 < len(net.Encoder); i++ {
		c.Hidden = append(c.Hidden, net.Encoder[i].Out)
	}
	if len(net.Encoder) > 1 {
		c.HiddenAct = net.Encoder[0].Act.String()
	}
	if len(net.Encoder) > 0 {
		c.CodeAct = net.Encoder[len(net.Encoder)-1].Act.String()
	}
	return c
}
