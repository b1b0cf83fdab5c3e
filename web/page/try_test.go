package page

import (
	"testing"

	"latentlab/web/widget"
)

// TestTrySetupsDoNotMix: two Try buttons in a row give the widget the second
// setup over the lesson's values, with nothing left from the first (the
// reparameterization lesson's estimators: k: 100, then f: abs), and neither
// setup changes the other's map or the lesson's.
func TestTrySetupsDoNotMix(t *testing.T) {
	spec, ok := widget.Lookup("estimator-lab")
	if !ok {
		t.Fatal("estimator-lab is not registered")
	}
	table := spec.Params
	lessonVals := map[string]string{"f": "square", "k": "10"}
	first := trySetup(table, lessonVals, map[string]string{"k": "100"})
	second := trySetup(table, lessonVals, map[string]string{"f": "abs"})
	if got := table.ToQuery(first).Encode(); got != "k=100" {
		t.Errorf("Try {k: 100}: the figure's parameters %q; want k=100", got)
	}
	if got := table.ToQuery(second).Encode(); got != "f=abs" {
		t.Errorf("Try {f: abs} after {k: 100}: the figure's parameters %q; want f=abs", got)
	}
	second["k"] = 7 // a widget's change to its values stays in its own map
	if got := table.ToQuery(first).Encode(); got != "k=100" {
		t.Errorf("the first setup changed with the second: %q", got)
	}
	if lessonVals["k"] != "10" || lessonVals["f"] != "square" || len(lessonVals) != 2 {
		t.Errorf("the lesson's values changed: %v", lessonVals)
	}
	// A value the table cannot read is left out: the lesson's value stays.
	bad := trySetup(table, lessonVals, map[string]string{"k": "many", "nope": "1"})
	if got := table.ToQuery(bad).Encode(); got != "" {
		t.Errorf("Try {k: many, nope: 1}: the figure's parameters %q; want the lesson's (none differ from the defaults)", got)
	}
}
