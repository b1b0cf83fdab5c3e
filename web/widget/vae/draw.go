package vae

import (
	"math"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/params"
	"latentlab/web/widget"
	"latentlab/web/widget/kit"
)

var (
	pBrush     = params.NewFloat(params.Param{Name: "brush", Default: 1.3, Min: 0.6, Max: 3, Doc: "brush radius in pixels of the 28×28 pad"})
	drawParams = sourceParams(pBrush, pRange)
)

func init() {
	widget.Register(widget.Spec{
		Name:    "draw-digit",
		Title:   "Draw a digit",
		Summary: "Draw on a 28×28 pad: the encoder places your drawing on the latent map (posterior ellipse) and the decoder reconstructs it.",
		Params:  drawParams,
		New:     func(b widget.Block) app.UI { return &drawPad{viewer: viewer{Base: kit.Base{B: b}, encodes: true}} },
	})
}

// Pad is a 28×28 drawing surface with a soft round brush.
type Pad struct {
	W, H int
	Pix  []float32 // W·H intensities in [0, 1]
}

// NewPad returns an empty w×h pad.
func NewPad(w, h int) *Pad { return &Pad{W: w, H: h, Pix: make([]float32, w*h)} }

// Clear empties the pad.
func (p *Pad) Clear() { clear(p.Pix) }

// Stroke paints a line from (x0, y0) to (x1, y1) in pad pixels with a brush
// of radius r (soft edge of one pixel), keeping the maximum intensity.
func (p *Pad) Stroke(x0, y0, x1, y1, r float64) {
	n := int(math.Ceil(math.Hypot(x1-x0, y1-y0)*2)) + 1
	for k := 0; k <= n; k++ {
		t := float64(k) / float64(n)
		p.dab(x0+t*(x1-x0), y0+t*(y1-y0), r)
	}
}

func (p *Pad) dab(cx, cy, r float64) {
	for y := int(cy - r - 1); y <= int(cy+r+1); y++ {
		for x := int(cx - r - 1); x <= int(cx+r+1); x++ {
			if x < 0 || y < 0 || x >= p.W || y >= p.H {
				continue
			}
			d := math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy)
			v := float32(kit.Clamp(r+0.5-d, 0, 1))
			if i := y*p.W + x; v > p.Pix[i] {
				p.Pix[i] = v
			}
		}
	}
}

// Ink returns the total intensity (0 for an empty pad).
func (p *Pad) Ink() float64 {
	s := 0.0
	for _, v := range p.Pix {
		s += float64(v)
	}
	return s
}

// drawPad is the draw-digit widget.
type drawPad struct {
	app.Compo
	viewer
	m       latentMap
	pad     *Pad
	drawing bool
	lx, ly  float64
	padBuf  []byte
	recBuf  []byte
	dec     decoder
}

func (w *drawPad) OnInit() {
	w.init(drawParams, followGap, w.redraw)
	w.m = latentMap{id: "vd-" + w.B.ID, rng: pRange.Get(w.Vals)}
	w.pad = NewPad(28, 28)
}

func (w *drawPad) redraw(all bool) {
	w.draw(func() {
		w.m.rng = pRange.Get(w.Vals)
		w.m.dimX, w.m.dimY = clampDims(0, 1, w.src.Latent())
		w.m.sync(w.src, all)
		w.padBuf = kit.PutGray(kit.Element(w.ID("pad")), w.pad.Pix, 28, 28, w.padBuf)
		s, f, ok := w.m.overlay()
		net := w.src.Net
		if net == nil || !net.IsVAE() || net.Input != 28*28 {
			return
		}
		if !w.src.CanEncode() { // the view file's decoder: the encoder comes with the full model
			kit.SetText(w.m.id+"-info", "Loading the model's encoder…")
			return
		}
		if w.pad.Ink() < 1 {
			kit.SetText(w.m.id+"-info", "Draw a digit on the pad.")
			w.recBuf = kit.PutGray(kit.Element(w.ID("rec")), make([]float32, 784), 28, 28, w.recBuf)
			return
		}
		mu, logVar := net.Encode(w.pad.Pix)
		if ok {
			drawPosterior(s, f, w.m.dimX, w.m.dimY, mu, logVar, nil)
		}
		info := sigmaText(w.m.dimX, w.m.dimY, mu, logVar)
		if ok && smallEllipse(f, w.m.dimX, w.m.dimY, logVar) {
			info += " — the ellipse is tiny: the encoder is confident."
		}
		if r := w.m.rng; math.Abs(float64(mu[w.m.dimX])) > r || math.Abs(float64(mu[w.m.dimY])) > r {
			if w.B.Hidden {
				info += " — outside the map: raise the range (range parameter) to see it."
			} else {
				info += " — outside the map: raise Range ± to see it."
			}
		}
		kit.SetText(w.m.id+"-info", info)
		w.recBuf = kit.PutGray(kit.Element(w.ID("rec")), w.dec.decode(net, mu), 28, 28, w.recBuf)
	})
}

// padXY converts a pointer event to pad pixel coordinates.
func (w *drawPad) padXY(e app.Event) (float64, float64) {
	r := e.Get("target").Call("getBoundingClientRect")
	x := (e.Get("clientX").Float() - r.Get("left").Float()) / r.Get("width").Float() * 28
	y := (e.Get("clientY").Float() - r.Get("top").Float()) / r.Get("height").Float() * 28
	return x, y
}

func (w *drawPad) Render() app.UI {
	id := w.B.ID
	rng := w.Field(pRange.Param, "Range ±", func(app.Context) { w.redraw(true) })
	rng.Live = true
	controls := w.Controls(rng)
	pad := imageCanvas(id+"-pad", "Drawing pad, 28 by 28 pixels", 224).Aria("roledescription", "drawing pad").
		Style("touch-action", "none").Style("cursor", "crosshair").DataSet(kit.TakePointer, "true").
		On("pointerdown", func(ctx app.Context, e app.Event) {
			ctx.PreventUpdate()
			e.PreventDefault()
			capturePointer(e.Value)
			w.drawing = true
			w.lx, w.ly = w.padXY(e)
			w.pad.Stroke(w.lx, w.ly, w.lx, w.ly, pBrush.Get(w.Vals))
			w.redraw(false)
		}).
		On("pointermove", func(ctx app.Context, e app.Event) {
			ctx.PreventUpdate()
			if !w.drawing {
				return
			}
			x, y := w.padXY(e)
			w.pad.Stroke(w.lx, w.ly, x, y, pBrush.Get(w.Vals))
			w.lx, w.ly = x, y
			w.redraw(false)
		}).
		On("pointerup", func(ctx app.Context, e app.Event) { ctx.PreventUpdate(); w.drawing = false }).
		On("pointercancel", func(ctx app.Context, e app.Event) { ctx.PreventUpdate(); w.drawing = false })
	return w.Frame("vae-draw",
		app.Div().Style("display", "flex").Style("flex-wrap", "wrap").Style("gap", "1rem").Style("align-items", "flex-start").Body(
			// Each column as wide as its canvas, so that on a phone the pad and
			// its reconstruction sit side by side (labels wrap instead).
			app.Div().Style("max-width", "min(224px, 40vw)").Body(
				app.P().Style("margin", "0 0 0.2rem").Text("Draw here (mouse, pen or finger):"),
				pad,
				app.Div().Style("margin-top", "0.5rem").Body(
					app.Button().Type("button").Class("ll-btn").Text("Clear").
						OnClick(func(ctx app.Context, e app.Event) { w.pad.Clear(); w.redraw(false) }),
				),
			),
			app.Div().Style("max-width", "min(160px, 40vw)").Body(
				app.P().Style("margin", "0 0 0.2rem").Text("Reconstruction (decoded μ):"),
				imageCanvas(id+"-rec", "Reconstruction of your drawing", 112),
			),
			app.Div().Style("flex", "1 1 240px").Style("max-width", "360px").Body(
				w.m.ui(app.Canvas().Role("img").Aria("label", "Where your drawing lands on the latent map")),
				app.P().Style("font-size", "0.85em").Style("margin", "0.3rem 0 0").Style("color", "var(--muted)").
					Text("Coloured marks: held-out digits at their posterior mean μ. Outlined ellipses: your drawing's q(z|x), μ\u00a0±\u00a0σ (thick) and μ\u00a0±\u00a02σ (thin)."),
				kit.DigitLegend(),
				app.P().ID(w.m.id+"-info").Style("font-variant-numeric", "tabular-nums").Style("font-size", "0.9em").Style("margin", "0.3rem 0").Text("Draw a digit on the pad."),
				controls,
			),
		),
		w.sourceToggle(),
		app.P().ID(w.m.id+"-caption").Style("font-size", "0.85em").Text("Loading the model…"),
	)
}
