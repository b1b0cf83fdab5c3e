// Package cae holds the contractive-autoencoder lesson's widgets:
// contraction-lab (AE vs CAE reconstruction fields on a 2-D toy manifold),
// sensitivity-meter (measured ‖h(x+ε)−h(x)‖/‖ε‖ and ‖r(x+ε)−r(x)‖/‖ε‖ for an
// AE, a DAE and a CAE),
// mnist-features (an AE and a CAE trained on MNIST: filters, reconstructions) and penalty-by-hand
// (the sigmoid CAE penalty computed step by step).
package cae

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/params"
	"latentlab/web/widget"
	"latentlab/web/widget/kit"
)

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
		Params:  LabParams, New: func(b widget.Block) app.UI { return &Lab{Base: kit.Base{B: b}} }})
	widget.Register(widget.Spec{Name: "sensitivity-meter", Title: "Sensitivity meter",
		Summary: "How much the code h and the reconstruction r of an AE, a denoising AE and a CAE move under input noise (‖h(x+ε)−h(x)‖/‖ε‖, ‖r(x+ε)−r(x)‖/‖ε‖ on held-out points) as the noise σ varies.",
		Params:  MeterParams, New: func(b widget.Block) app.UI { return &Meter{Base: kit.Base{B: b}} }})
	widget.Register(widget.Spec{Name: "mnist-features", Title: "MNIST features",
		Summary: "A CAE and a plain AE trained side by side on MNIST in the browser: first-layer filters, reconstructions of clean and noisy digits.",
		Params:  FeatureParams, New: func(b widget.Block) app.UI { return &Features{Base: kit.Base{B: b}} }})
	widget.Register(widget.Spec{Name: "penalty-by-hand", Title: "Penalty by hand",
		Summary: "A 3-input, 2-unit sigmoid encoder with editable numbers: the Jacobian, its squares and the closed-form penalty.",
		Params:  PenaltyParams, New: func(b widget.Block) app.UI { return &ByHand{B: b} }})
}
