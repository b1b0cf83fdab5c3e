package main

import (
	"testing"

	"latentlab/core/spec"
	"latentlab/web/widget"
)

// TestWidgetRangesWithinCoreLimits: a widget parameter that sets a model
// setting (Param.Sets) may offer a narrower range than core accepts, for
// teaching, never a wider one — core's limits are the one definition.
func TestWidgetRangesWithinCoreLimits(t *testing.T) {
	checked := 0
	for _, name := range widget.Names() {
		s, _ := widget.Lookup(name)
		for _, p := range s.Params {
			if p.Sets == "" {
				continue
			}
			r, ok := spec.Limit(p.Sets)
			if !ok {
				t.Errorf("%s.%s sets %q, which is not a numeric model setting", name, p.Name, p.Sets)
				continue
			}
			if !r.Within(p.Min, p.Max) {
				t.Errorf("%s.%s offers [%g, %g]; core accepts %s only", name, p.Name, p.Min, p.Max, r)
			}
			checked++
		}
	}
	if checked < 5 {
		t.Errorf("only %d widget parameters say which model setting they set", checked)
	}
}
