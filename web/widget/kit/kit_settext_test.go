package kit

import (
	"testing"

	"latentlab/web/params"
)

func TestSetFromText(t *testing.T) {
	p := params.Param{Name: "lr", Kind: params.Float, Default: 0.01, Min: 1e-4, Max: 1}
	vals := params.Values{"lr": 0.01}
	notes, ok := SetFromText(vals, nil, p, "5")
	if !ok || vals["lr"] != 1.0 || len(notes) != 1 {
		t.Fatalf("clamp: ok=%v lr=%v notes=%v", ok, vals["lr"], notes)
	}
	notes, ok = SetFromText(vals, notes, p, "abc")
	if ok || vals["lr"] != 1.0 || len(notes) != 1 || notes[0].Param != "lr" {
		t.Fatalf("unreadable: ok=%v lr=%v notes=%v", ok, vals["lr"], notes)
	}
	notes, ok = SetFromText(vals, notes, p, "0.1")
	if !ok || vals["lr"] != 0.1 || len(notes) != 0 {
		t.Fatalf("in range: ok=%v lr=%v notes=%v", ok, vals["lr"], notes)
	}
}
