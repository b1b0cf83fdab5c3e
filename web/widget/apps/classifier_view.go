package apps

import (
	"fmt"
	"math"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/spec"
	"latentlab/web/params"
	"latentlab/web/widget/kit"
)

// representationColors are the plot's line colours, in Representations' order.
var representationColors = []string{kit.Orange, kit.Green, kit.Blue, kit.Purple, kit.Grey}

// best is the index of the most accurate representation with labelled size
// k (−1 when none is measured).
func (w *classifier) best(k int) int {
	b := -1
	for i, a := range w.acc {
		if k < len(a) && (b < 0 || a[k] > w.acc[b][k]) {
			b = i
		}
	}
	return b
}

// table is the accuracies: one row per representation, one column per
// labelled size; the best of each column in bold.
func (w *classifier) table() app.UI {
	head := []app.UI{app.Th().Scope("col").Text("features")}
	for _, n := range LabelledSizes {
		head = append(head, app.Th().Scope("col").Body(app.Text(labelledText(n)), app.Br(), app.Text("labelled")))
	}
	var rows []app.UI
	for i, name := range Representations {
		cells := []app.UI{app.Th().Scope("row").Style("text-align", "left").Body(
			app.Span().Aria("hidden", "true").Style("display", "inline-block").Style("width", "0.8em").Style("height", "0.8em").
				Style("margin-right", "0.4em").Style("border-radius", "2px").Style("background", representationColors[i]),
			app.Text(name))}
		for k := range LabelledSizes {
			text, bold := "—", false
			if i < len(w.acc) && k < len(w.acc[i]) {
				text, bold = fmt.Sprintf("%.1f %%", 100*w.acc[i][k]), w.best(k) == i
			}
			td := app.Td().DataSet("features", name).DataSet("labelled", LabelledSizes[k]).Text(text)
			if bold {
				td = td.Style("font-weight", "700")
			}
			cells = append(cells, td)
		}
		rows = append(rows, app.Tr().Body(cells...))
	}
	caption := "Held-out accuracy: the share of the 2,000 held-out digits classified right (chance: 10 %); the best of each column in bold."
	if !w.fitting {
		caption = "Press Fit classifiers to measure. " + caption
	}
	if len(w.acc) > vaeRow && w.acc[vaeRow] != nil {
		caption += fmt.Sprintf(" The VAE's row was measured at step %d.", w.vaeStep)
	}
	return app.Div().Style("overflow-x", "auto").Body(app.Table().ID(w.ID("table")).Class("ll-table").Body(
		app.Caption().Text(caption),
		app.THead().Body(app.Tr().Body(head...)),
		app.TBody().Body(rows...),
	))
}

// draw plots accuracy against the number of labelled digits, one line per
// representation.
func (w *classifier) draw() {
	s, ok := kit.Fit(kit.Element(w.ID("plot")))
	if !ok {
		return
	}
	s.Paint(kit.Paper)
	xs := make([]float64, len(LabelledSizes))
	for k, n := range LabelledSizes {
		xs[k] = float64(n)
	}
	var series []kit.Series
	for i, a := range w.acc {
		if len(a) != len(xs) {
			continue
		}
		y := make([]float64, len(a))
		for k, v := range a {
			y[k] = 100 * v
		}
		series = append(series, kit.Series{Label: Representations[i], Color: representationColors[i], Dashed: i == len(Representations)-1, X: xs, Y: y})
	}
	if len(series) == 0 {
		// Axes only, until the first measurement.
		series = []kit.Series{{Label: "", Color: kit.Paper, X: xs, Y: []float64{math.NaN(), math.NaN(), math.NaN()}}}
	}
	s.LinePlot(kit.LinePlot{XLabel: "labelled digits (log scale)", YLabel: "held-out accuracy (%)", LogX: true,
		YMin: 0, YMax: 100, Series: series})
}

// Render lays the widget out: controls, the session's bar, status and
// alert, what the models are, the plot and the table.
func (w *classifier) Render() app.UI {
	field := func(p params.Param, label string) kit.Field {
		return numeric(w.Field(p, label, func(ctx app.Context) { w.setParam(ctx, p) }))
	}
	controls := w.Controls(
		field(pClLatent.Param, "VAE code size"),
		field(pClSteps.Param, "VAE training steps"),
		field(pClDecay.Param, "Classifier weight decay"),
		field(pClSeed.Param, "Seed"))
	return w.Frame("code-classifier",
		controls,
		w.s.Bar(nil),
		app.Div().Style("display", "flex").Style("flex-wrap", "wrap").Style("align-items", "center").Style("gap", "0.4rem 0.8rem").Body(
			app.Button().Type("button").Class("ll-btn").Disabled(w.fitting || w.B.ActionsOff).
				Title("Fit the softmax classifiers on every representation; the VAE's row is fitted again as it trains").
				OnClick(w.startFitting).Text("Fit classifiers"),
			app.Span().Style("font-size", "0.85em").Style("color", "var(--muted)").Text(w.fitNote())),
		w.s.StatusUI(),
		w.s.AlertUI(),
		app.P().Style("font-size", "0.85em").Text(fmt.Sprintf(
			"The encoders: the site's pretrained AE, DAE and CAE (784 pixels → 128-number code, 1,000 training steps each), and a VAE of the same shape (784 → μ of %d numbers) that trains here, in your browser. "+
				"All four learned from the 10,000 training digits without their labels. The classifier (softmax regression) then sees the labels of only 10, 100 or 1,000 of them — 1, 10 or 100 of each digit, the same digits for every row.", pClLatent.Get(w.Vals))),
		app.Figure().Style("margin", "0").Body(
			app.Canvas().ID(w.ID("plot")).Class("ll-canvas").Role("img").
				Aria("label", "Held-out accuracy against the number of labelled digits, one line per representation").
				Style("width", "100%").Style("max-width", "560px").Style("height", "260px").Style("display", "block"),
			app.FigCaption().Style("font-size", "0.85em").Text("Accuracy on the held-out digits against labelled training digits; the dashed line is the raw pixels.")),
		w.table(),
		w.code(),
	)
}

// code is "Show the code" for the VAE the widget trains.
func (w *classifier) code() app.UI {
	cfg, d := ClassifierVAE(w.Vals)
	return w.showCode([]spec.Config{cfg}, d)
}

// fitNote says what Fit classifiers does, or did.
func (w *classifier) fitNote() string {
	switch {
	case !w.fitting:
		return "Fits a classifier on every representation: a few seconds of the engine."
	case w.measured() < len(Representations):
		return fmt.Sprintf("Fitting… %d of %d representations measured.", w.measured(), len(Representations))
	}
	return "Fitted. The VAE's row is fitted again every few seconds while it trains."
}

// measured is how many representations have their accuracies.
func (w *classifier) measured() int {
	n := 0
	for _, a := range w.acc {
		if a != nil {
			n++
		}
	}
	return n
}

// labelledText writes a number of labelled digits with a thousands comma
// (10, 100, 1,000), as the prose does.
func labelledText(n int) string {
	if n >= 1000 {
		return fmt.Sprintf("%d,%03d", n/1000, n%1000)
	}
	return fmt.Sprint(n)
}
