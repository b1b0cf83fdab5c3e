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
}

func (v *compressView) init(id string) { v.id = id; v.refit() }
func (v *compressView) reset()         { v.refit() }
func (v *compressView) refit()         { v.plot = kit.Cached{ID: v.id + "-rd"} }
func (v *compressView) release()       { v.frame.Release() }

// draw draws the rate–distortion plot and the decoded examples.
func (v *compressView) draw(w *compressor) {
	rd := w.rd
	if rd == nil {
		return
	}
	v.drawPlot(rd, Bits(w.Vals))
	v.drawTable(rd, Bits(w.Vals))
	if w.digits != nil {
		v.buf = kit.PutGrid(kit.Element(v.id+"-orig"), exampleGrid(), splitDigits(w.digits[:CompressShown*784]), v.buf)
	}
	for i, dec := range w.shown {
		if dec != nil {
			v.buf = kit.PutGrid(kit.Element(fmt.Sprintf("%s-dec-%d", v.id, i)), exampleGrid(), splitDigits(dec), v.buf)
		}
	}
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
	var body app.UI = app.P().Class("ll-muted").Text("The measurements appear when the models are ready.")
	if w.rd != nil {
		body = app.Div().Body(
			app.Figure().Style("margin", "0").Body(
				app.Canvas().ID(w.ID("rd")).Class("ll-canvas").Role("img").
					Aria("label", "Rate against distortion: mean squared error per pixel against bits per image").
					Style("width", "100%").Style("height", "260px").Style("display", "block"),
				app.FigCaption().Style("font-size", "0.85em").Text("Each curve is one bit depth; its points are the five latent sizes, from 2 (left) to 32 dimensions. The grey lines are the same digits stored losslessly as PNG and raw.")),
			w.table(),
			w.examples(),
		)
	}
	return w.Frame("compression", controls, w.s.Bar(nil), w.s.StatusUI(), w.s.AlertUI(), note, body)
}

// table is the table of each code's size and distortion at the chosen
// depth; drawTable writes its cells in place.
func (w *compressor) table() app.UI {
	head := func(s string) app.UI {
		return app.Th().Scope("col").Style("padding", "0.15rem 0.6rem").Style("text-align", "left").Text(s)
	}
	rows := make([]app.UI, 0, len(CompressLatents)+2)
	for i := 0; i < len(CompressLatents)+2; i++ {
		cells := make([]app.UI, 4)
		for j := range cells {
			cells[j] = app.Td().ID(w.ID(fmt.Sprintf("t%d-%d", i, j))).Style("padding", "0.15rem 0.6rem").Text(" ")
		}
		rows = append(rows, app.Tr().Body(cells...))
	}
	return app.Div().Style("overflow-x", "auto").Body(app.Table().ID(w.ID("table")).Style("border-collapse", "collapse").
		Style("font-variant-numeric", "tabular-nums").Style("font-size", "0.9em").Style("margin", "0.6rem 0").Body(
		app.Caption().ID(w.ID("caption")).Style("text-align", "left").Style("font-size", "0.9em").Text(" "),
		app.THead().Body(app.Tr().Body(head("code"), head("size per digit"), head("MSE per pixel"), head("smaller than PNG by"))),
		app.TBody().Body(rows...)))
}

// tableCells are the table's cells at depth bits.
func tableCells(rd *RateDistortion, bits int) [][4]string {
	var rows [][4]string
	for i := range rd.Points {
		p, _ := rd.At(i, bits)
		rows = append(rows, [4]string{
			fmt.Sprintf("%d dims × %d bits", p.Latent, p.Bits),
			fmt.Sprintf("%d bits (%s bytes)", p.Rate, kit.FormatNumber(float64(p.Rate)/8)),
			fmt.Sprintf("%.4f", p.MSE),
			fmt.Sprintf("%s×", kit.FormatNumber(rd.PNGBytes*8/float64(p.Rate))),
		})
	}
	return append(rows,
		[4]string{"PNG (lossless)", fmt.Sprintf("%s bytes on average", kit.FormatNumber(rd.PNGBytes)), "0", "1×"},
		[4]string{"raw, a byte per pixel", "784 bytes", "0", fmt.Sprintf("%s×", kit.FormatNumber(rd.PNGBytes/RawBytes))})
}

// drawTable writes the table's caption and cells, and the examples'
// labels, for depth bits.
func (v *compressView) drawTable(rd *RateDistortion, bits int) {
	kit.SetText(v.id+"-caption", fmt.Sprintf("Step %d · at %d bits per dimension, over the %d held-out digits", v.step, bits, CompressDigits))
	for i, row := range tableCells(rd, bits) {
		for j, c := range row {
			kit.SetText(fmt.Sprintf("%s-t%d-%d", v.id, i, j), c)
		}
	}
	for i, l := range CompressLatents {
		kit.SetText(fmt.Sprintf("%s-declabel-%d", v.id, i), fmt.Sprintf("%d dims · %d bits", l, l*bits))
		if el := kit.Element(fmt.Sprintf("%s-dec-%d", v.id, i)); kit.Present(el) {
			el.Call("setAttribute", "aria-label", fmt.Sprintf("The digits decoded from %d-dimensional codes at %d bits per dimension", l, bits))
		}
	}
	kit.SetText(v.id+"-examples-caption", fmt.Sprintf("The first %d held-out digits and what each code decodes to at %d bits per dimension.", CompressShown, bits))
}

// examples shows the first held-out digits and each model's decoding of
// their quantised codes (labels written by drawTable).
func (w *compressor) examples() app.UI {
	strip := func(id, labelID, label, text string) app.UI {
		return app.Div().Style("display", "grid").Style("grid-template-columns", "8.5em minmax(0, 1fr)").
			Style("align-items", "center").Style("gap", "0.5rem").Body(
			app.Span().ID(labelID).Style("font-size", "0.85em").Text(text),
			app.Canvas().ID(id).Role("img").Aria("label", label).
				Width(CompressShown*29-1).Height(28).Style("width", "100%").Style("max-width", fmt.Sprintf("%dpx", (CompressShown*29-1)*2)).
				Style("image-rendering", "pixelated").Style("display", "block"))
	}
	rows := []app.UI{strip(w.ID("orig"), w.ID("origlabel"), "The original held-out digits", "original")}
	for i, l := range CompressLatents {
		rows = append(rows, strip(w.ID(fmt.Sprintf("dec-%d", i)), w.ID(fmt.Sprintf("declabel-%d", i)),
			fmt.Sprintf("The digits decoded from %d-dimensional codes", l), fmt.Sprintf("%d dims", l)))
	}
	return app.Figure().Style("margin", "0").Body(
		app.Div().Style("display", "grid").Style("gap", "0.25rem").Body(rows...),
		app.FigCaption().ID(w.ID("examples-caption")).Style("font-size", "0.85em").Text(" "))
}
