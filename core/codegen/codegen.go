// Package codegen writes the code of a Latent Lab model in PyTorch and in
// Keras: the module (encoder, decoder, the reparameterized sample), the loss
// with each line annotated by the lesson formula it implements, one
// training step, the optimizer with its learning rate, and a loop over the
// data. It is generated from spec.Config alone, so the code on screen is
// the model the engine trains, whatever widget shows it.
//
// The generated PyTorch module's state_dict names are Module's layer names
// ("enc1.weight", "mu.bias", …); package torchio writes the engine's
// weights under exactly those names, so the exported file loads with
// model.load_state_dict. The code is equivalent to the engine: the same
// architecture, activations, losses (means over the batch of per-example
// sums), optimizer constants and initialisation (Glorot-uniform or
// He-normal, zero biases; a VAE's μ and log σ² heads are two layers here and
// one 2·Latent-wide layer in the engine, so their Glorot range counts Latent
// outputs instead of 2·Latent).
//
// The package depends on the standard library and core/spec only (never the
// training code), and writes its Python without text/template (see
// emit.go), so the UI binary calls it cheaply: the code panel generates the
// code in the page as the settings change.
package codegen

import (
	"fmt"
	"strconv"
	"strings"

	"latentlab/core/spec"
)

// PyTorch returns the PyTorch code of the model cfg describes.
func PyTorch(cfg spec.Config) (string, error) {
	v, err := newView(cfg)
	if err != nil {
		return "", err
	}
	var w writer
	writePyTorch(&w, v)
	return w.String(), nil
}

// Keras returns the Keras (TensorFlow 2) code of the model cfg describes.
func Keras(cfg spec.Config) (string, error) {
	v, err := newView(cfg)
	if err != nil {
		return "", err
	}
	var w writer
	writeKeras(&w, v)
	return w.String(), nil
}

// view is what the writers use: the config and what is derived from it.
type view struct {
	spec.Config
	Module
	Title    string   // "A variational autoencoder (VAE)"
	Settings []string // lines: architecture and activations, weights of the terms, training
	File     string   // suggested name of the exported weights
	Gaussian bool
	// The CAE's φ′ of the code activation in terms of h (PyTorch, Keras),
	// and the closed form of the penalty it gives.
	TorchDeriv, KerasDeriv, PenaltyFormula string
}

var titles = map[string]string{
	"ae":  "An autoencoder (AE)",
	"dae": "A denoising autoencoder (DAE)",
	"cae": "A contractive autoencoder (CAE)",
	"vae": "A variational autoencoder (VAE)",
}

func newView(cfg spec.Config) (*view, error) {
	m, err := NewModule(cfg)
	if err != nil {
		return nil, err
	}
	v := &view{Config: cfg, Module: m, Title: titles[cfg.Kind], Gaussian: cfg.Output == "gaussian", File: cfg.Kind + ".safetensors"}
	widths := []string{strconv.Itoa(cfg.Input)}
	for _, w := range cfg.Hidden {
		widths = append(widths, strconv.Itoa(w))
	}
	widths = append(widths, strconv.Itoa(cfg.Latent))
	v.Settings = settings(cfg, strings.Join(widths, " → "))
	v.TorchDeriv, v.KerasDeriv, v.PenaltyFormula = penalty(actName(cfg.CodeAct))
	return v, nil
}

// settings describes cfg for the generated file's header, in up to three
// lines: the model, the weights of the objective's terms, the training.
func settings(cfg spec.Config, arch string) []string {
	m := []string{arch}
	if len(cfg.Hidden) > 0 {
		m = append(m, proseAct[actName(cfg.HiddenAct)]+" hidden layers")
	}
	if cfg.Kind != "vae" {
		m = append(m, proseAct[actName(cfg.CodeAct)]+" code")
	}
	dec := map[string]string{"bernoulli": "Bernoulli", "gaussian": "Gaussian"}[cfg.Output] + " decoder"
	if cfg.Output == "gaussian" && cfg.Variance() != 1 {
		dec += " of variance σ² = " + prose(cfg.Variance())
	}
	m = append(m, dec)
	if cfg.Tied {
		m = append(m, "tied weights (W_dec = W_encᵀ)")
	}
	if cfg.CenterOutput {
		m = append(m, "output bias started so that r(0) = 0")
	}
	var obj []string
	switch cfg.Kind {
	case "vae":
		obj = append(obj, "β = "+prose(cfg.Beta))
	case "cae":
		obj = append(obj, "λ = "+prose(cfg.Lambda))
	case "dae":
		if cfg.NoiseStd > 0 {
			obj = append(obj, "noise σ = "+prose(cfg.NoiseStd))
		}
		if cfg.MaskProb > 0 {
			obj = append(obj, "masking p = "+prose(cfg.MaskProb))
		}
	}
	opt := "Adam"
	if cfg.Optimizer == "sgd" {
		opt = "SGD"
		if cfg.Momentum > 0 {
			opt += " with momentum " + prose(cfg.Momentum)
		}
	}
	train := []string{fmt.Sprintf("%s at learning rate %s", opt, prose(cfg.LR)), fmt.Sprintf("batch %d", cfg.Batch)}
	if cfg.Clip > 0 {
		train = append(train, "gradient norm clipped at "+prose(cfg.Clip))
	}
	lines := []string{strings.Join(m, ", ")}
	if len(obj) > 0 {
		lines = append(lines, strings.Join(obj, ", "))
	}
	return append(lines, strings.Join(train, ", "))
}

var proseAct = map[string]string{"relu": "ReLU", "sigmoid": "sigmoid", "tanh": "tanh", "identity": "linear"}

// prose writes v for a sentence: 1 rather than 1.0.
func prose(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// penalty returns φ′ of the CAE's code activation as an expression in h for
// PyTorch and for Keras, and the closed form of ‖J_f(x)‖²_F it gives
// (lessons/cae.md, "The closed form for a sigmoid encoder").
func penalty(act string) (torchDeriv, kerasDeriv, formula string) {
	switch act {
	case "sigmoid":
		return "h * (1 - h)", "h * (1 - h)", "Σ_j (h_j(1 − h_j))² Σ_i W_ji²"
	case "tanh":
		return "1 - h * h", "1 - h * h", "Σ_j (1 − h_j²)² Σ_i W_ji²"
	case "relu":
		return "(h > 0).float()", "tf.cast(h > 0, h.dtype)", "Σ_j [h_j > 0] Σ_i W_ji²"
	}
	return "torch.ones_like(h)", "tf.ones_like(h)", "Σ_j Σ_i W_ji²"
}

// pyFloat writes v as a Python float literal: the shortest decimal that
// reads back as v, with a ".0" where Python would otherwise read an int.
func pyFloat(v float64) string {
	s := strconv.FormatFloat(v, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eEn") { // n: NaN, Inf (refused by Validate)
		s += ".0"
	}
	return s
}
