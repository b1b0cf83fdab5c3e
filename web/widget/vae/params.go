package vae

import (
	"latentlab/web/engine"
	"latentlab/web/params"
)

// Parameters shared by the widgets that explore a model.
var (
	pModel = params.NewChoice(params.Param{Name: "model", Default: PretrainedName, Choices: engine.PretrainedNames("vae"),
		Doc: "pretrained VAE the widget shows (one the site serves under /web/models)"})
	pPretrained = params.NewBool(params.Param{Name: "pretrained", Default: true,
		Doc: "start from the pretrained model (otherwise wait for the trainer named by source)"})
	pSource = params.NewText(params.Param{Name: "source", Default: "",
		Doc: "id of a vae-trainer on the same page whose model to follow while it trains"})
	pRange = params.NewFloat(params.Param{Name: "range", Default: 3.0, Min: 0.5, Max: 10,
		Doc: "the latent plane shown is [−range, range]²"})
	pDimX = params.NewInt(params.Param{Name: "dim_x", Default: 1, Min: 1, Max: 16,
		Doc: "latent dimension on the horizontal axis (1-based); others are held at 0"})
	pDimY = params.NewInt(params.Param{Name: "dim_y", Default: 2, Min: 1, Max: 16,
		Doc: "latent dimension on the vertical axis (1-based)"})
)

// sourceParams are the parameters that choose a widget's Source, followed
// by the widget's own.
func sourceParams(own ...params.Declared) params.Table {
	return params.NewTable(append([]params.Declared{pModel, pPretrained, pSource}, own...)...)
}
