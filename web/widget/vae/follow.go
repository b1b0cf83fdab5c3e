package vae

import (
	"latentlab/web/engine"
	"latentlab/web/params"
	"latentlab/web/widget"
)

// What widgets outside this package (web/widget/step) need to follow a
// Source the way this package's explorers do.
var (
	// PretrainedParam is the "Use the pretrained model" switch of a widget
	// that names a trainer to follow.
	PretrainedParam = pPretrained
	// SourceParam names the vae-trainer on the page to follow.
	SourceParam = pSource
)

// SourceParams returns the parameters that choose a widget's Source (model,
// pretrained, source) followed by the widget's own; its model parameter
// offers the served models of the given kinds (the step-through traces
// CAEs too).
func SourceParams(kinds []string, own ...params.Declared) params.Table {
	m := params.NewChoice(params.Param{Name: pModel.Name, Default: PretrainedName, Choices: engine.PretrainedNames(kinds...),
		Doc: "pretrained model the widget shows (one the site serves under /web/models)"})
	return params.NewTable(append([]params.Declared{m, pPretrained, pSource}, own...)...)
}

// ChooseSource resolves a block's model parameters to a Source of page p:
// the trainer named by source (unless pretrained), else the pretrained model.
func ChooseSource(p *widget.Page, v params.Values) *Source { return chooseSource(p, v) }

// Follows reports whether v names a trainer on page p whose model a widget
// can follow (so it may offer the pretrained/trainer switch).
func Follows(p *widget.Page, v params.Values) bool {
	src := pSource.Get(v)
	if src == "" {
		return false
	}
	_, ok := widget.Find[Source](page(p), trainerKey(src))
	return ok
}
