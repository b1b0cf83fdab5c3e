// Package reparam holds the reparameterization lesson's widgets: two-graphs
// (the sampling step's computation graph with and without the trick),
// estimator-lab (score-function vs pathwise gradient estimates in 1-D) and
// eps-to-z (the ε-cloud mapped to z = μ + σ⊙ε).
package reparam

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/params"
	"latentlab/web/widget"
)

// Objectives offered by the estimator lab.
var objectives = []string{"square", "sin", "abs"}

// GraphParams is two-graphs' parameter table.
var GraphParams = params.Table{
	{Name: "speed", Kind: params.Float, Default: 1.0, Min: 0.25, Max: 4, Doc: "animation speed multiplier"},
}

// LabParams is estimator-lab's parameter table.
var LabParams = params.Table{
	{Name: "f", Kind: params.Choice, Default: "square", Choices: objectives, Doc: "objective f(z): square (z−3)², sin (sin z), abs (|z|)"},
	{Name: "mu", Kind: params.Float, Default: 0.0, Min: -5, Max: 5, Doc: "initial μ"},
	{Name: "sigma", Kind: params.Float, Default: 1.0, Min: 0.05, Max: 5, Doc: "initial σ"},
	{Name: "k", Kind: params.Int, Default: 10, Min: 1, Max: 1000, Doc: "samples per estimate K"},
	{Name: "trials", Kind: params.Int, Default: 2000, Min: 100, Max: 20000, Doc: "repeated estimates per histogram"},
	{Name: "lr", Kind: params.Float, Default: 0.05, Min: 0.001, Max: 0.5, Doc: "SGD learning rate for Optimize"},
	{Name: "steps", Kind: params.Int, Default: 300, Min: 10, Max: 5000, Doc: "SGD steps for Optimize"},
	{Name: "seed", Kind: params.Int, Default: 1, Min: 0, Max: 1000000, Doc: "random seed"},
}

// EpsParams is eps-to-z's parameter table.
var EpsParams = params.Table{
	{Name: "points", Kind: params.Int, Default: 300, Min: 20, Max: 3000, Doc: "samples of ε"},
	{Name: "mu1", Kind: params.Float, Default: 1.0, Min: -3, Max: 3, Doc: "initial μ₁"},
	{Name: "mu2", Kind: params.Float, Default: 0.5, Min: -3, Max: 3, Doc: "initial μ₂"},
	{Name: "sigma1", Kind: params.Float, Default: 0.6, Min: 0.05, Max: 2, Doc: "initial σ₁"},
	{Name: "sigma2", Kind: params.Float, Default: 0.3, Min: 0.05, Max: 2, Doc: "initial σ₂"},
	{Name: "model", Kind: params.String, Default: "vae-mnist-2d", Doc: "pretrained 2-D VAE for digit posteriors (optional)"},
	{Name: "seed", Kind: params.Int, Default: 1, Min: 0, Max: 1000000, Doc: "random seed"},
}

func init() {
	widget.Register(widget.Spec{Name: "two-graphs", Title: "Two computation graphs",
		Summary: "The VAE sampling step drawn with a stochastic node and reparameterized, with forward and backward animations.",
		Params:  GraphParams, New: func(b widget.Block) app.UI { return &Graphs{B: b} }})
	widget.Register(widget.Spec{Name: "estimator-lab", Title: "Estimator lab",
		Summary: "Score-function vs pathwise gradient estimates of ∂/∂μ and ∂/∂σ E[f(z)]: histograms, variances, and SGD paths.",
		Params:  LabParams, New: func(b widget.Block) app.UI { return &Lab{B: b} }})
	widget.Register(widget.Spec{Name: "eps-to-z", Title: "From ε to z",
		Summary: "A cloud of ε ~ N(0, I) and the unit circle mapped to z = μ + σ⊙ε; drag μ and σ.",
		Params:  EpsParams, New: func(b widget.Block) app.UI { return &EpsZ{B: b} }})
}
