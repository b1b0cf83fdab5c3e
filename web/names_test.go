package main

import (
	"slices"
	"testing"

	"latentlab/web/engine"
	"latentlab/web/params"
	"latentlab/web/widget"
)

// fileNames are the widget parameters whose value names a file the page or
// the engine fetches: a pretrained model (model=, cae=, dae=, ae=) or a data set.
var fileNames = map[string]bool{"model": true, "cae": true, "dae": true, "ae": true, "dataset": true, "data": true}

// TestNamesFromTheAddressAreChoices: every parameter that names a file to
// fetch is a choice among the files the site serves (a pretrained model of
// engine.PretrainedModels, a data set the engine knows), so a name from the
// address is checked before any fetch and a refusal names the parameter.
func TestNamesFromTheAddressAreChoices(t *testing.T) {
	served := engine.PretrainedNames()
	checked := 0
	for _, name := range widget.Names() {
		s, _ := widget.Lookup(name)
		for _, p := range s.Params {
			if !fileNames[p.Name] {
				continue
			}
			checked++
			if p.Kind != params.Choice {
				t.Errorf("%s.%s names a file but takes any text: make it a choice", name, p.Name)
				continue
			}
			if p.Name == "dataset" || p.Name == "data" {
				continue // the engine's own data sets (core/data), no file path
			}
			for _, c := range p.Choices {
				if c == "none" {
					continue // attaches no model, fetches nothing (two-graphs)
				}
				if !slices.Contains(served, c) {
					t.Errorf("%s.%s offers %q, which the site does not serve (engine.PretrainedModels)", name, p.Name, c)
				}
			}
			if _, _, err := p.Parse("../../web/lessons/index.json#"); err == nil {
				t.Errorf("%s.%s takes a path", name, p.Name)
			}
		}
	}
	if checked < 5 {
		t.Errorf("only %d file-naming parameters found: the test no longer sees the widgets", checked)
	}
}
