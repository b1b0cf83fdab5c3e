// Package reparam holds the reparameterization lesson's widgets: two-graphs
// (the sampling step's computation graph with and without the trick),
// estimator-lab (score-function vs pathwise gradient estimates in 1-D) and
// eps-to-z (the ε-cloud mapped to z = μ + σ⊙ε).
package reparam

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/engine"
	"latentlab/web/params"
	"latentlab/web/widget"
	"latentlab/web/widget/kit"
)

// Objectives offered by the estimator lab.
var objectives = []string{"square", "sin", "abs"}

// two-graphs' parameters.
var (
	pSpeed      = params.NewFloat(params.Param{Name: "speed", Default: 1.0, Min: 0.25, Max: 4, Doc: "animation speed multiplier"})
	pGraphModel = params.NewChoice(params.Param{Name: "model", Default: noModel, Choices: append([]string{noModel}, engine.PretrainedNames("vae")...),
		Doc: "pretrained VAE whose traced step the graphs show (none: the schematic alone)"})
	pGraphSource = params.NewText(params.Param{Name: "source", Default: "",
		Doc: "id of a vae-trainer on the same page whose model the graphs follow while it trains (before model)"})
	pGraphExample = params.NewInt(params.Param{Name: "example", Default: 0, Min: 0, Max: 299,
		Doc: "which held-out digit the traced step follows (its index among the first 300)"})
	pGraphSeed = params.NewInt(params.Param{Name: "seed", Default: 1, Min: 0, Max: 1000000, Doc: "seed of the noise ε of the traced step"})
	// GraphParams is two-graphs' parameter table.
	GraphParams = params.NewTable(pSpeed, pGraphModel, pGraphSource, pGraphExample, pGraphSeed)
)

// estimator-lab's parameters.
var (
	pF      = params.NewChoice(params.Param{Name: "f", Default: "square", Choices: objectives, Doc: "objective f(z): square (z−3)², sin (sin z), abs (|z|)"})
	pMu     = params.NewFloat(params.Param{Name: "mu", Default: 0.0, Min: -5, Max: 5, Doc: "initial μ"})
	pSigma  = params.NewFloat(params.Param{Name: "sigma", Default: 1.0, Min: 0.05, Max: 5, Doc: "initial σ"})
	pK      = params.NewInt(params.Param{Name: "k", Default: 10, Min: 1, Max: 1000, Doc: "samples per estimate K"})
	pTrials = params.NewInt(params.Param{Name: "trials", Default: 2000, Min: 100, Max: 20000, Doc: "repeated estimates per histogram"})
	pLR     = params.NewFloat(params.Param{Name: "lr", Default: 0.05, Min: 0.001, Max: 0.5, Doc: "SGD learning rate for Optimize"})
	pSteps  = params.NewInt(params.Param{Name: "steps", Default: 300, Min: 10, Max: 5000, Doc: "SGD steps for Optimize"})
	pSeed   = params.NewInt(params.Param{Name: "seed", Default: 1, Min: 0, Max: 1000000, Doc: "random seed"})
	// LabParams is estimator-lab's parameter table.
	LabParams = params.NewTable(pF, pMu, pSigma, pK, pTrials, pLR, pSteps, pSeed)
)

// eps-to-z's parameters.
var (
	pPoints = params.NewInt(params.Param{Name: "points", Default: 300, Min: 20, Max: 3000, Doc: "samples of ε"})
	pMu1    = params.NewFloat(params.Param{Name: "mu1", Default: 1.0, Min: -3, Max: 3, Doc: "initial μ₁"})
	pMu2    = params.NewFloat(params.Param{Name: "mu2", Default: 0.5, Min: -3, Max: 3, Doc: "initial μ₂"})
	pSigma1 = params.NewFloat(params.Param{Name: "sigma1", Default: 0.6, Min: 0.05, Max: 2, Doc: "initial σ₁"})
	pSigma2 = params.NewFloat(params.Param{Name: "sigma2", Default: 0.3, Min: 0.05, Max: 2, Doc: "initial σ₂"})
	pModel  = params.NewChoice(params.Param{Name: "model", Default: "vae-mnist-2d", Choices: engine.PretrainedNames("vae"), Doc: "pretrained 2-D VAE for digit posteriors (optional)"})
	// EpsParams is eps-to-z's parameter table.
	EpsParams = params.NewTable(pPoints, pMu1, pMu2, pSigma1, pSigma2, pModel, pSeed)
)

func init() {
	widget.Register(widget.Spec{Name: "two-graphs", Title: "Two computation graphs",
		Summary: "The VAE sampling step drawn with a stochastic node and reparameterized, with forward and backward animations; " +
			"with a model attached, one traced step's μ, σ, ε, z, x̂ and loss on the nodes and its gradient magnitudes on the edges, also as a table.",
		Params: GraphParams, New: func(b widget.Block) app.UI { return &Graphs{Base: kit.Base{B: b}} }})
	widget.Register(widget.Spec{Name: "estimator-lab", Title: "Estimator lab",
		Summary: "Score-function vs pathwise gradient estimates of ∂/∂μ and ∂/∂σ E[f(z)]: histograms, variances, and SGD paths.",
		Params:  LabParams, New: func(b widget.Block) app.UI { return &Lab{Base: kit.Base{B: b}} }})
	widget.Register(widget.Spec{Name: "eps-to-z", Title: "From ε to z",
		Summary: "A cloud of ε ~ N(0, I) and the unit circle mapped to z = μ + σ⊙ε; drag μ and σ.",
		Params:  EpsParams, New: func(b widget.Block) app.UI { return &EpsZ{Base: kit.Base{B: b}} }})
}
