package apps

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/widget/kit"
)

// depthColors colour the rate–distortion curves by bit depth.
var depthColors = map[int]string{1: kit.Purple, 2: kit.Orange, 3: kit.SkyBlue, 4: kit.Blue, 5: kit.SkyBlue, 6: kit.Green, 7: kit.Green, 8: kit.Vermilion}

// compressView draws the compression widget's plot and decoded examples.
type compressView struct {
	id    string
	frame kit.Frame
	plot  kit.Cached
	buf   []byte
	step  int // the training step of what is drawn
	waits int // frames the draw has waited for the page to show its canvases
}

func (v *compressView) init(id string) { v.id = id; v.refit() }
func (v *compressView) reset()         { v.refit() }
func (v *compressView) refit()         { v.plot = kit.Cached{ID: v.id + "-rd"} }
func (v *compressView) release()       { v.frame.Release() }

// draw draws the rate–distortion plot and the decoded examples.
func (v *compressView) draw(w *compressor) {
	rd := w.rd
	if !v.laidOut() {
		// The render that adds the figures (the first measurement's
		// Update) has not reached the page yet: go-app renders on its own
		// timer, which a loaded machine runs after this animation frame.
		// Drawing now would leave the figures blank until the next
		// measurement.
		if v.waits++; v.waits < 600 {
			v.frame.Request(func() { v.draw(w) })
		}
		return
	}
	v.waits = 0
	if rd == nil {
		v.drawWaiting(w)
		return
	}
	v.drawPlot(rd, Bits(w.Vals))
	if w.digits != nil {
		v.buf = kit.PutGrid(kit.Element(v.id+"-orig"), exampleGrid(), splitDigits(w.digits[:CompressShown*784]), v.buf)
	}
	for i, dec := range w.shown {
		if dec != nil {
			v.buf = kit.PutGrid(kit.Element(fmt.Sprintf("%s-dec-%d", v.id, i)), exampleGrid(), splitDigits(dec), v.buf)
		}
	}
}

// laidOut reports whether the page shows the plot and the examples with
// their size.
func (v *compressView) laidOut() bool {
	for _, id := range []string{v.id + "-rd", v.id + "-orig"} {
		if c := kit.Element(id); !kit.Present(c) || c.Get("clientWidth").Int() == 0 {
			return false
		}
	}
	return true
}

func exampleGrid() kit.ImageGrid {
	return kit.ImageGrid{Cols: CompressShown, Rows: 1, W: 28, H: 28, Gap: 1}
}

// splitDigits cuts 28×28 digits out of x.
func splitDigits(x []float32) [][]float32 {
	out := make([][]float32, 0, len(x)/784)
	for i := 0; i+784 <= len(x); i += 784 {
		out = append(out, x[i:i+784])
	}
	return out
}

// drawWaiting draws, until the first measurement, the plot's labelled axes
// (the raw size for scale) with a note, and blank digits in the examples.
func (v *compressView) drawWaiting(w *compressor) {
	if s, ok := v.plot.Surface(); ok {
		series := []kit.Series{}
		for _, b := range depths(Bits(w.Vals)) { // the curves' legend, no points yet
			series = append(series, kit.Series{Label: fmt.Sprintf("%d bits/dim", b), Color: depthColors[b], Dashed: b != Bits(w.Vals), X: []float64{8}, Y: []float64{0}})
		}
		series = append(series, kit.Series{Label: "raw 784 bytes", Color: kit.Grey, Dashed: true, X: []float64{RawBytes * 8, RawBytes * 8}, Y: []float64{0, 0.1}})
		fr := s.LinePlot(kit.LinePlot{XLabel: "bits per image (log scale)", YLabel: "MSE per pixel", FromZero: true, LogX: true, Series: series})
		x, y := fr.ToPixels(200, 0.05)
		s.Text("waiting for the models' first measurement…", x, y, "center", "middle", s.FG)
	}
	blank := make([][]float32, CompressShown)
	for i := range blank {
		blank[i] = make([]float32, 784)
	}
	v.buf = kit.PutGrid(kit.Element(v.id+"-orig"), exampleGrid(), blank, v.buf)
	for i := range CompressLatents {
		v.buf = kit.PutGrid(kit.Element(fmt.Sprintf("%s-dec-%d", v.id, i)), exampleGrid(), blank, v.buf)
	}
}

// drawPlot draws one curve per bit depth (distortion against bits per
// image over the latent sizes) and the PNG and raw sizes as vertical lines.
func (v *compressView) drawPlot(rd *RateDistortion, bits int) {
	s, ok := v.plot.Surface()
	if !ok {
		return
	}
	var series []kit.Series
	top := 0.0
	for j, b := range rd.Depths {
		xs, ys := make([]float64, len(rd.Points)), make([]float64, len(rd.Points))
		for i := range rd.Points {
			p := rd.Points[i][j]
			xs[i], ys[i] = float64(p.Rate), p.MSE
			top = max(top, p.MSE)
		}
		label := fmt.Sprintf("%d bits/dim", b)
		if b == bits {
			label += " (examples)"
		}
		series = append(series, kit.Series{Label: label, Color: depthColors[b], Dashed: b != bits, X: xs, Y: ys})
	}
	pngBits := rd.PNGBytes * 8
	series = append(series,
		kit.Series{Label: fmt.Sprintf("PNG %s bytes (lossless)", kit.FormatNumber(rd.PNGBytes)), Color: kit.Grey, X: []float64{pngBits, pngBits}, Y: []float64{0, top}},
		kit.Series{Label: "raw 784 bytes", Color: kit.Grey, Dashed: true, X: []float64{RawBytes * 8, RawBytes * 8}, Y: []float64{0, top}})
	s.LinePlot(kit.LinePlot{XLabel: "bits per image (log scale)", YLabel: "MSE per pixel", FromZero: true, LogX: true, Series: series})
}

// Render lays the widget out: controls, the session's bar, status and
// alert, a note on what is trained, the plot, the table and the decoded
// examples.
func (w *compressor) Render() app.UI {
	bits := w.Field(pBits.Param, "Bits per dimension", func(ctx app.Context) { w.setParam(ctx, pBits.Param) })
	bits.Input = "range"
	controls := w.Controls(bits,
		numeric(w.Field(pCoHidden.Param, "Hidden width", func(ctx app.Context) { w.setParam(ctx, pCoHidden.Param) })),
		numeric(w.Field(pCoSeed.Param, "Seed", func(ctx app.Context) { w.setParam(ctx, pCoSeed.Param) })))
	note := app.P().Style("font-size", "0.85em").Text(fmt.Sprintf(
		"Five VAEs with codes of %s dimensions train here in your browser when you press Train (none is pretrained). "+
			"A digit's code is its posterior mean μ, each dimension stored in b bits: one of 2ᵇ levels of equal probability under the prior N(0, 1). "+
			"The %d held-out digits are coded, decoded and compared pixel by pixel.", joinInts(CompressLatents), CompressDigits))
	// The plot, the table and the examples are laid out from the start (the
	// table's cells "—" until the first measurement), so the first
	// measurement draws into canvases that are already there, together with
	// the table, and nothing below them moves.
	body := app.Div().Body(
		app.Figure().Style("margin", "0").Body(
			app.Canvas().ID(w.ID("rd")).Class("ll-canvas").Role("img").
				Aria("label", "Rate against distortion: mean squared error per pixel against bits per image").
				Style("width", "100%").Style("height", "260px").Style("display", "block"),
			app.FigCaption().Style("font-size", "0.85em").Text("Each curve is one bit depth; its points are the five latent sizes, from 2 (left) to 32 dimensions. The grey lines are the same digits stored losslessly as PNG and raw.")),
		w.table(),
		w.examples(),
	)
	return w.Frame("compression", controls, w.s.Bar(nil), w.s.StatusUI(), w.s.AlertUI(), note, body,
		w.showCode(CompressConfigs(w.Vals)))
}

// table lists, at the chosen depth, each code's size and distortion.
func (w *compressor) table() app.UI {
	rd, bits := w.rd, Bits(w.Vals)
	cell := func(s string) app.UI { return app.Td().Style("padding", "0.15rem 0.6rem").Text(s) }
	head := func(s string) app.UI {
		return app.Th().Scope("col").Style("padding", "0.15rem 0.6rem").Style("text-align", "left").Text(s)
	}
	if rd == nil { // laid out before the first measurement
		rows := []app.UI{}
		for _, l := range CompressLatents {
			rows = append(rows, app.Tr().Body(cell(fmt.Sprintf("%d dims × %d bits", l, bits)), cell(fmt.Sprintf("%d bits", l*bits)), cell("—"), cell("—")))
		}
		rows = append(rows, app.Tr().Body(cell("PNG (lossless)"), cell("—"), cell("0"), cell("1×")),
			app.Tr().Body(cell("raw, a byte per pixel"), cell("784 bytes"), cell("0"), cell("—")))
		return w.tableOf("The measurements appear when the models are ready.", head, rows)
	}
	rows := []app.UI{}
	for i := range rd.Points {
		p, ok := rd.At(i, bits)
		if !ok {
			continue
		}
		rows = append(rows, app.Tr().Body(
			cell(fmt.Sprintf("%d dims × %d bits", p.Latent, p.Bits)),
			cell(fmt.Sprintf("%d bits (%s bytes)", p.Rate, kit.FormatNumber(float64(p.Rate)/8))),
			cell(fmt.Sprintf("%.4f", p.MSE)),
			cell(fmt.Sprintf("%s×", kit.FormatNumber(rd.PNGBytes*8/float64(p.Rate)))),
		))
	}
	rows = append(rows,
		app.Tr().Body(cell("PNG (lossless)"), cell(fmt.Sprintf("%s bytes on average", kit.FormatNumber(rd.PNGBytes))), cell("0"), cell("1×")),
		app.Tr().Body(cell("raw, a byte per pixel"), cell("784 bytes"), cell("0"), cell(fmt.Sprintf("%s×", kit.FormatNumber(rd.PNGBytes/RawBytes)))))
	return w.tableOf(fmt.Sprintf("Step %d · at %d bits per dimension, over the %d held-out digits", w.step, bits, CompressDigits), head, rows)
}

// tableOf is the table with caption and rows.
func (w *compressor) tableOf(caption string, head func(string) app.UI, rows []app.UI) app.UI {
	return app.Div().Style("overflow-x", "auto").Body(app.Table().ID(w.ID("table")).Style("border-collapse", "collapse").
		Style("font-variant-numeric", "tabular-nums").Style("font-size", "0.9em").Style("margin", "0.6rem 0").Body(
		app.Caption().Style("text-align", "left").Style("font-size", "0.9em").
			Text(caption),
		app.THead().Body(app.Tr().Body(head("code"), head("size per digit"), head("MSE per pixel"), head("smaller than PNG by"))),
		app.TBody().Body(rows...)))
}

// examples shows the first held-out digits and each model's decoding of
// their quantised codes.
func (w *compressor) examples() app.UI {
	strip := func(id, label, text string) app.UI {
		return app.Div().Style("display", "grid").Style("grid-template-columns", "8.5em minmax(0, 1fr)").
			Style("align-items", "center").Style("gap", "0.5rem").Body(
			app.Span().Style("font-size", "0.85em").Text(text),
			app.Canvas().ID(id).Role("img").Aria("label", label).
				Width(CompressShown*29-1).Height(28).Style("width", "100%").Style("max-width", fmt.Sprintf("%dpx", (CompressShown*29-1)*2)).
				Style("image-rendering", "pixelated").Style("display", "block"))
	}
	bits := Bits(w.Vals)
	rows := []app.UI{strip(w.ID("orig"), "The original held-out digits", "original")}
	for i, l := range CompressLatents {
		rows = append(rows, strip(fmt.Sprintf("%s-dec-%d", w.B.ID, i),
			fmt.Sprintf("The digits decoded from %d-dimensional codes at %d bits per dimension", l, bits),
			fmt.Sprintf("%d dims · %d bits", l, l*bits)))
	}
	return app.Figure().Style("margin", "0").Body(
		app.Div().Style("display", "grid").Style("gap", "0.25rem").Body(rows...),
		app.FigCaption().Style("font-size", "0.85em").Text(fmt.Sprintf("The first %d held-out digits and what each code decodes to at %d bits per dimension.", CompressShown, bits)))
}
