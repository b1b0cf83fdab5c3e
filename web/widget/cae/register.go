// Package cae holds the contractive-autoencoder lesson's widgets:
// contraction-lab (AE vs CAE reconstruction fields on a 2-D toy manifold),
// sensitivity-meter (measured ‖h(x+ε)−h(x)‖/‖ε‖ for an AE, a DAE and a CAE),
// mnist-features (an AE and a CAE trained on MNIST: filters, reconstructions) and penalty-by-hand
// (the sigmoid CAE penalty computed step by step).
package cae

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/params"
	"latentlab/web/widget"
	"latentlab/web/widget/kit"
)

var datasets = []string{"circle", "spiral", "moons"}

// LabParams is contraction-lab's parameter table.
var LabParams = params.Table{
	{Name: "dataset", Kind: params.Choice, Default: "circle", Choices: datasets, Doc: "toy 1-D manifold in the plane"},
	{Name: "lambda", Kind: params.Float, Default: defaultLambda, Min: 0, Max: 5, Doc: "contraction weight λ of the CAE"},
	{Name: "lr", Kind: params.Float, Default: 0.01, Min: 1e-4, Max: 0.5, Doc: "Adam learning rate (both models)"},
	{Name: "hidden", Kind: params.Int, Default: 16, Min: 2, Max: 64, Doc: "sigmoid hidden units"},
	{Name: "noise", Kind: params.Float, Default: 0.05, Min: 0, Max: 0.3, Doc: "data noise standard deviation"},
	{Name: "grid", Kind: params.Int, Default: 15, Min: 6, Max: 30, Doc: "arrows per side of the reconstruction field"},
	{Name: "seed", Kind: params.Int, Default: 1, Min: 0, Max: 1000000, Doc: "random seed (data and both models)"},
	{Name: "maxsteps", Kind: params.Int, Default: 6000, Min: 10, Max: 200000, Doc: "training pauses after this many steps"},
}

// MeterParams is sensitivity-meter's parameter table.
var MeterParams = params.Table{
	{Name: "dataset", Kind: params.Choice, Default: "circle", Choices: datasets, Doc: "toy data the three models are trained on"},
	{Name: "sigma", Kind: params.Float, Default: 0.1, Min: 0.005, Max: 1, Doc: "perturbation standard deviation σ"},
	{Name: "lambda", Kind: params.Float, Default: 1.0, Min: 0, Max: 5, Doc: "CAE contraction weight λ"},
	{Name: "dnoise", Kind: params.Float, Default: 0.2, Min: 0, Max: 1, Doc: "DAE training corruption σ"},
	{Name: "steps", Kind: params.Int, Default: 1500, Min: 50, Max: 20000, Doc: "training steps per model"},
	{Name: "seed", Kind: params.Int, Default: 1, Min: 0, Max: 1000000, Doc: "random seed"},
}

// penalty-by-hand's parameters.
var (
	pHandSeed = params.NewInt(params.Param{Name: "seed", Default: 0, Min: 0, Max: 1000000,
		Doc: "0: the lesson's worked example; else random weights"})
	// PenaltyParams is penalty-by-hand's parameter table.
	PenaltyParams = params.NewTable(pHandSeed)
)

func init() {
	widget.Register(widget.Spec{Name: "contraction-lab", Title: "Contraction lab",
		Summary: "An AE and a CAE trained side by side on a 2-D toy manifold: reconstruction fields, Jacobian ellipses, loss and ‖J‖² plots.",
		Params:  LabParams, New: func(b widget.Block) app.UI { return &Lab{B: b} }})
	widget.Register(widget.Spec{Name: "sensitivity-meter", Title: "Sensitivity meter",
		Summary: "Measured ‖h(x+ε)−h(x)‖/‖ε‖ on held-out points for an AE, a denoising AE and a CAE as the noise σ varies.",
		Params:  MeterParams, New: func(b widget.Block) app.UI { return &Meter{B: b} }})
	widget.Register(widget.Spec{Name: "mnist-features", Title: "MNIST features",
		Summary: "A CAE and a plain AE trained side by side on MNIST in the browser: first-layer filters, reconstructions of clean and noisy digits.",
		Params:  FeatureParams, New: func(b widget.Block) app.UI { return &Features{Base: kit.Base{B: b}} }})
	widget.Register(widget.Spec{Name: "penalty-by-hand", Title: "Penalty by hand",
		Summary: "A 3-input, 2-unit sigmoid encoder with editable numbers: the Jacobian, its squares and the closed-form penalty.",
		Params:  PenaltyParams, New: func(b widget.Block) app.UI { return &ByHand{B: b} }})
}
