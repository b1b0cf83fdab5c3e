package apps

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/impute"
	"latentlab/web/widget/kit"
)

// stripN is how many of the VAE's passes the strip shows.
const stripN = 8

// inpaintView draws the inpainting widget's images and its error plot.
type inpaintView struct {
	id      string
	frame   kit.Frame
	plot    kit.Cached
	buf     []byte
	drawing bool
	reveal  bool
	waits   int // frames the empty plot has waited for the page to lay its canvas out
}

func (v *inpaintView) reset()   { v.refit() }
func (v *inpaintView) refit()   { v.plot = kit.Cached{ID: v.id + "-errplot"} }
func (v *inpaintView) release() { v.frame.Release() }

// draw shows the masked digit, the three fills, the strip of passes and
// the error per pass.
func (v *inpaintView) draw(w *inpainter) {
	f := w.fill
	if f == nil {
		v.drawWaiting(w)
		return
	}
	m := w.mask()
	v.buf = putMasked(kit.Element(v.id+"-masked"), w.digit(), m, v.buf)
	v.buf = kit.PutGray(kit.Element(v.id+"-mean"), f.Mean, 28, 28, v.buf)
	v.buf = kit.PutGray(kit.Element(v.id+"-ae"), f.AE, 28, 28, v.buf)
	v.buf = kit.PutGray(kit.Element(v.id+"-vae"), f.VAE[len(f.VAE)-1], 28, 28, v.buf)
	v.buf = kit.PutGray(kit.Element(v.id+"-orig"), w.digit(), 28, 28, v.buf)
	passes := stripPasses(len(f.VAE))
	imgs := make([][]float32, len(passes))
	for i, k := range passes {
		imgs[i] = f.VAE[k-1]
	}
	v.buf = kit.PutGrid(kit.Element(v.id+"-strip"), kit.GridFor(len(imgs), stripN, 28, 28, 1), imgs, v.buf)
	kit.SetText(v.id+"-strip-caption", fmt.Sprintf("The VAE's fill after passes %s.", joinInts(passes)))
	kit.SetText(v.id+"-errors", w.errorText())
	v.drawErrors(f)
}

// drawWaiting shows, until the first fills, blank digits and the error
// plot's labelled axes with a note.
func (v *inpaintView) drawWaiting(w *inpainter) {
	blank := make([]float32, 784)
	for _, part := range []string{"-masked", "-mean", "-ae", "-vae", "-orig"} {
		v.buf = kit.PutGray(kit.Element(v.id+part), blank, 28, 28, v.buf)
	}
	strip := make([][]float32, stripN)
	for i := range strip {
		strip[i] = blank
	}
	v.buf = kit.PutGrid(kit.Element(v.id+"-strip"), kit.GridFor(stripN, stripN, 28, 28, 1), strip, v.buf)
	s, ok := v.plot.Surface()
	if !ok { // go-app has not laid the figure out yet (a loaded machine): next frame
		if v.waits++; v.waits < 600 {
			w.redraw()
		}
		return
	}
	v.waits = 0
	s.LinePlot(kit.LinePlot{XLabel: "VAE pass", YLabel: "error on hidden pixels", Empty: "waiting for the models' first fills…",
		Series: []kit.Series{
			{Label: "VAE", Color: kit.Blue},
			{Label: "AE (one pass)", Color: kit.Orange},
			{Label: "mean", Color: kit.Grey, Dashed: true},
		}})
}

// drawErrors plots the VAE's error on the hidden pixels per pass, with the
// mean's and the AE's as flat lines.
func (v *inpaintView) drawErrors(f *Fill) {
	s, ok := v.plot.Surface()
	if !ok {
		return
	}
	n := len(f.VAEErr)
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = float64(i + 1)
	}
	flat := func(y float64) []float64 { return []float64{y, y} }
	ends := []float64{1, float64(max(n, 2))}
	s.LinePlot(kit.LinePlot{XLabel: "VAE pass", YLabel: "error on hidden pixels", FromZero: true,
		Series: []kit.Series{
			{Label: "VAE", Color: kit.Blue, X: xs, Y: f.VAEErr},
			{Label: "AE (one pass)", Color: kit.Orange, X: ends, Y: flat(f.AEErr)},
			{Label: "mean", Color: kit.Grey, Dashed: true, X: ends, Y: flat(f.MeanErr)},
		}})
}

// stripPasses picks up to stripN passes to show out of n, first and last included.
func stripPasses(n int) []int {
	if n <= stripN {
		out := make([]int, n)
		for i := range out {
			out[i] = i + 1
		}
		return out
	}
	out := []int{}
	for i := 0; i < stripN; i++ {
		k := 1 + (n-1)*i/(stripN-1)
		if len(out) == 0 || out[len(out)-1] != k {
			out = append(out, k)
		}
	}
	return out
}

func joinInts(v []int) string {
	s := ""
	for i, x := range v {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprint(x)
	}
	return s
}

// putMasked shows a digit with its hidden pixels tinted blue.
func putMasked(canvas app.Value, img []float32, m impute.Mask, buf []byte) []byte {
	buf = kit.ImageGrid{Cols: 1, Rows: 1, W: 28, H: 28}.PackRGBA(buf, [][]float32{img}, [3]byte{0, 0, 0})
	for i, observed := range m {
		if !observed {
			p := 4 * i
			buf[p], buf[p+1], buf[p+2] = 20, 70, 140
		}
	}
	if !kit.Present(canvas) {
		return buf
	}
	if canvas.Get("width").Int() != 28 {
		canvas.Set("width", 28)
		canvas.Set("height", 28)
	}
	ctx := canvas.Call("getContext", "2d")
	id := ctx.Call("createImageData", 28, 28)
	app.CopyBytesToJS(id.Get("data"), buf)
	ctx.Call("putImageData", id, 0, 0)
	return buf
}

// padXY converts a pointer event to pixel coordinates of the 28×28 canvas.
func padXY(e app.Event) (float64, float64) {
	r := e.Get("target").Call("getBoundingClientRect")
	x := (e.Get("clientX").Float() - r.Get("left").Float()) / r.Get("width").Float() * 28
	y := (e.Get("clientY").Float() - r.Get("top").Float()) / r.Get("height").Float() * 28
	return x, y
}

// onPointer paints the drawn mask: a press and drag hide pixels (with
// Shift or the right button, show them again).
func (w *inpainter) onPointer(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	switch e.Get("type").String() {
	case "pointerdown": // its default is prevented synchronously (kit.TakePointer)
		ctx.JSSrc().Call("setPointerCapture", e.Get("pointerId"))
		w.view.drawing = true
		w.view.reveal = e.Get("shiftKey").Bool() || e.Get("button").Int() == 2
	case "pointerup", "pointercancel":
		w.view.drawing = false
		return
	}
	if !w.view.drawing || w.fill == nil {
		return
	}
	x, y := padXY(e)
	w.paint(x, y, w.view.reveal)
}

// takeContextMenu keeps the browser's menu off the mask canvas, where the
// right button shows pixels again. It runs inside the browser's dispatch
// (kit.OnDocument), so that preventDefault still counts.
func (w *inpainter) takeContextMenu(e app.Value) bool {
	if t := e.Get("target"); !kit.Present(t) || t.Get("id").String() != w.ID("masked") {
		return false
	}
	e.Call("preventDefault")
	return true
}

// Render lays the widget out: controls, the session's bar, status and
// alert, the four images, the strip of passes and the error plot.
func (w *inpainter) Render() app.UI {
	mask := w.Field(pMask.Param, "Hidden pixels", func(ctx app.Context) { w.setParam(ctx, pMask.Param) })
	mask.Labels = maskLabels
	controls := w.Controls(mask,
		numeric(w.Field(pDigit.Param, "Held-out digit", func(ctx app.Context) { w.setParam(ctx, pDigit.Param) })),
		numeric(w.Field(pIters.Param, "VAE passes", func(ctx app.Context) { w.setParam(ctx, pIters.Param) })),
		w.Field(pInLatent.Param, "Latent size", func(ctx app.Context) { w.setParam(ctx, pInLatent.Param) }),
		numeric(w.Field(pInSeed.Param, "Seed", func(ctx app.Context) { w.setParam(ctx, pInSeed.Param) })))
	img := func(part, label, caption string) app.UI {
		return app.Figure().Style("margin", "0").Style("text-align", "center").Body(
			app.Canvas().ID(w.ID(part)).Width(28).Height(28).Role("img").Aria("label", label).
				Style("width", "100%").Style("max-width", "140px").Style("aspect-ratio", "1 / 1").
				Style("image-rendering", "pixelated").Style("background", "#000").Style("display", "block").Style("margin", "0 auto"),
			app.FigCaption().Style("font-size", "0.85em").Text(caption))
	}
	// The digits, read-out and plots are laid out from the start (drawn
	// once the first fill arrives), so nothing below them moves when it does.
	masked := app.Figure().Style("margin", "0").Style("text-align", "center").Body(
		app.Canvas().ID(w.ID("masked")).Width(28).Height(28).Role("img").
			Aria("label", "Digit with its hidden pixels in blue; draw on it to hide pixels").
			Style("width", "100%").Style("max-width", "140px").Style("aspect-ratio", "1 / 1").
			Style("image-rendering", "pixelated").Style("display", "block").Style("margin", "0 auto").
			Style("touch-action", "none").Style("cursor", "crosshair").DataSet(kit.TakePointer, "true").
			On("pointerdown", w.onPointer).On("pointermove", w.onPointer).On("pointerup", w.onPointer).
			On("pointercancel", w.onPointer),
		app.FigCaption().Style("font-size", "0.85em").Text("What the models see (hidden in blue; draw to hide, Shift to show)"))
	body := app.Div().Body(
		app.Div().Style("display", "grid").Style("grid-template-columns", "repeat(auto-fit, minmax(100px, 1fr))").
			Style("gap", "0.6rem").Body(
			masked,
			img("mean", "Mean imputation", "Mean imputation"),
			img("ae", "The AE's one-shot fill", "AE, one pass"),
			img("vae", "The VAE's fill after its passes", "VAE, all passes"),
			img("orig", "The original digit", "The original"),
		),
		app.Button().Type("button").Text("Clear mask").Style("margin-top", "0.4rem").OnClick(w.clearMask),
		app.P().ID(w.ID("errors")).Aria("live", "polite").Style("font-variant-numeric", "tabular-nums").Text("The fills appear when the models are ready."),
		app.Div().Style("display", "grid").Style("grid-template-columns", "repeat(auto-fit, minmax(260px, 1fr))").
			Style("gap", "0.8rem").Body(
			app.Figure().Style("margin", "0").Body(
				app.Canvas().ID(w.ID("strip")).Role("img").Aria("label", "The VAE's fill pass by pass").
					Width(stripN*29-1).Height(28).Style("width", "100%").Style("image-rendering", "pixelated").Style("display", "block"),
				app.FigCaption().ID(w.ID("strip-caption")).Style("font-size", "0.85em").Text(" ")),
			app.Figure().Style("margin", "0").Body(
				app.Canvas().ID(w.ID("errplot")).Class("ll-canvas").Role("img").Aria("label", "Error on the hidden pixels per VAE pass").
					Style("width", "100%").Style("height", "200px").Style("display", "block"),
				app.FigCaption().Style("font-size", "0.85em").Text("Mean squared error on the hidden pixels: the VAE after each pass, the AE's one pass and mean imputation.")),
		),
	)
	return w.Frame("inpainting", controls, w.s.Bar(nil), w.s.StatusUI(), w.s.AlertUI(), body,
		w.showCode(InpaintConfigs(w.Vals)))
}

// maskLabels are the choices of the mask control.
var maskLabels = map[string]string{
	impute.LeftHalf: "left half", impute.TopHalf: "top half", impute.Random50: "random 50 %", "drawn": "drawn by you",
}
