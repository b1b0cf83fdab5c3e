package kit

import (
	"testing"

	"latentlab/web/params"
	"latentlab/web/widget"
)

func TestBase(t *testing.T) {
	p := params.NewFloat(params.Param{Name: "lr", Default: 0.01, Min: 0.001, Max: 1})
	q := params.NewInt(params.Param{Name: "n", Default: 3, Min: 1, Max: 9})
	tab := params.NewTable(p, q)
	b := Base{B: widget.Block{ID: "w", Params: params.Values{"n": 7}}}
	b.Init(tab)
	if p.Get(b.Values()) != 0.01 || q.Get(b.Values()) != 7 {
		t.Fatalf("Init: %v", b.Values())
	}
	if b.ID("plot") != "w-plot" {
		t.Errorf("ID %q", b.ID("plot"))
	}
	b.Set(p.Param, 1.0, &params.Note{Param: "lr", Message: "clamped"})
	if p.Get(b.Vals) != 1 || len(b.Notes) != 1 {
		t.Errorf("Set with a note: %v %v", b.Vals, b.Notes)
	}
	b.Set(p.Param, 0.5, nil)
	if len(b.Notes) != 0 {
		t.Errorf("a valid value kept the note: %v", b.Notes)
	}
	var order []int
	b.Cleanup(func() { order = append(order, 1) })
	b.Cleanup(func() { order = append(order, 2) })
	resized := 0
	b.Resized(func() { resized++ })
	b.OnResize(nil)
	b.OnDismount()
	b.OnDismount() // twice: nothing runs again
	if resized != 1 || len(order) != 2 || order[0] != 2 || order[1] != 1 {
		t.Errorf("resize hooks %d, cleanups ran %v (want last registered first, once)", resized, order)
	}
	f := b.Field(q.Param, "N", nil)
	if f.ID != "w-n" || f.Value != 7 || f.Disabled {
		t.Errorf("Field %+v", f)
	}
}
