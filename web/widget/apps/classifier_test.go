package apps

import (
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/widget"
	"latentlab/web/widget/kit"
)

// The classifier renders its table (five rows, three columns of "—" before
// anything is measured), the best cell of a column in bold once measured,
// and the VAE's step in the caption.
func TestClassifierRendersItsTable(t *testing.T) {
	w := &classifier{trainer: trainer{Base: kit.Base{B: widget.Block{Name: "code-classifier", ID: "c"}}}}
	d := app.NewClientTester(w)
	defer d.Close()
	d.Consume()
	html := app.HTMLString(w)
	if n := strings.Count(html, "data-features="); n != 15 {
		t.Errorf("%d cells, want 15", n)
	}
	if !strings.Contains(html, ">—<") || !strings.Contains(html, "1,000\n<br>\nlabelled") ||
		!strings.Contains(html, "Press Fit classifiers to measure.") {
		t.Errorf("the empty table:\n%s", html)
	}
	w.acc = [][]float64{{0.4, 0.7, 0.8}, {0.5, 0.7, 0.8}, nil, {0.3, 0.9, 0.85}, {0.2, 0.6, 0.9}}
	w.vaeStep, w.fitting = 40, true
	html = app.HTMLString(w.table())
	if strings.Contains(html, "Press Fit classifiers") {
		t.Errorf("the caption still asks to press Fit classifiers once fitting:\n%s", html)
	}
	if note := w.fitNote(); note != "Fitting… 4 of 5 representations measured." {
		t.Errorf("fit note with four rows measured: %q", note)
	}
	for _, want := range []string{"50.0 %", "90.0 %", "measured at step 40"} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in\n%s", want, html)
		}
	}
	if w.best(0) != 1 || w.best(1) != 3 || w.best(2) != 4 {
		t.Errorf("best of each column: %d %d %d", w.best(0), w.best(1), w.best(2))
	}
}
