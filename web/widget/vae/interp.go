package vae

import (
	"fmt"
	"math"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/params"
	"latentlab/web/widget"
	"latentlab/web/widget/kit"
)

var (
	pFrom        = params.NewInt(params.Param{Name: "from", Default: 1, Min: 0, Max: 9, Doc: "digit at the start of the path (a held-out example)"})
	pTo          = params.NewInt(params.Param{Name: "to", Default: 7, Min: 0, Max: 9, Doc: "digit at the end of the path"})
	pSteps       = params.NewInt(params.Param{Name: "steps", Default: 10, Min: 3, Max: 16, Doc: "images along the path"})
	interpParams = sourceParams(pFrom, pTo, pSteps, pRange)
)

func init() {
	widget.Register(widget.Spec{
		Name:    "interpolation",
		Title:   "Interpolation in latent space",
		Summary: "Walk the straight line between the codes of two held-out digits (or two points you drag on the map) and decode each step.",
		Params:  interpParams,
		New:     func(b widget.Block) app.UI { return &interp{viewer: viewer{Base: kit.Base{B: b}, encodes: true}} },
	})
}

// interp is the interpolation widget: endpoints A and B (codes of two
// held-out digits, or dragged on the map), the line between them on the map,
// and the decoded path.
type interp struct {
	app.Compo
	viewer
	m       latentMap
	a, b2   []float32   // endpoint codes (full latent vectors)
	picked  bool        // endpoints came from digits (false: waiting for held-out data)
	drag    int         // 0 none, 1 dragging A, 2 dragging B
	key     int         // the end the arrow keys move: 1 A (also 0), 2 B
	speaker kit.Speaker // says where an end moved and what it decodes to
	dec     decoder
	imgs    [][]float32 // the decoded path, reused
	buf     []byte
}

func (w *interp) OnInit() {
	// all (settings, a new source, a resize) re-picks the endpoints from
	// the digits; a new snapshot of a training model only re-encodes them.
	w.init(interpParams, followGap, func(all bool) { w.pick(all); w.redraw(all) })
	w.m = latentMap{id: "vi-" + w.B.ID, rng: pRange.Get(w.Vals)}
	w.speaker = kit.Speaker{ID: w.m.id + "-say"}
}

// OnResize redraws without moving the endpoints the student dragged.
func (w *interp) OnResize(ctx app.Context) { w.redraw(true) }

// codeOfDigit encodes the first held-out example of digit locally (μ).
func (w *interp) codeOfDigit(d int) []float32 {
	i := w.src.FirstOfDigit(d, 0)
	x := w.src.Image(i)
	if x == nil || !w.src.CanEncode() {
		return nil
	}
	mu, _ := w.src.Net.Encode(x)
	return append([]float32(nil), mu...)
}

// pick sets the endpoints from the chosen digits (force: even if the
// student dragged them; otherwise only while still unset).
func (w *interp) pick(force bool) {
	net := w.src.Net
	if net == nil {
		return
	}
	if len(w.a) != net.Latent {
		w.a, w.b2, w.picked = nil, nil, false
	}
	if w.picked && !force {
		// Re-encode with the newest model (the trainer's model moves).
		if !w.src.live {
			return
		}
	}
	a, b := w.codeOfDigit(pFrom.Get(w.Vals)), w.codeOfDigit(pTo.Get(w.Vals))
	if a != nil && b != nil {
		w.a, w.b2, w.picked = a, b, true
		return
	}
	if w.a == nil {
		w.a = make([]float32, net.Latent)
		w.b2 = make([]float32, net.Latent)
		w.a[0], w.b2[0] = -1.5, 1.5
	}
}

// path returns the decoded images along A→B.
func (w *interp) path() [][]float32 {
	n := pSteps.Get(w.Vals)
	net := w.src.Net
	if len(w.imgs) != n {
		w.imgs = make([][]float32, n)
	}
	z := make([]float32, net.Latent)
	for i := range w.imgs {
		t := float32(i) / float32(n-1)
		for j := range z {
			z[j] = (1-t)*w.a[j] + t*w.b2[j]
		}
		w.imgs[i] = w.dec.decodeInto(net, w.imgs[i], z)
	}
	return w.imgs
}

func (w *interp) redraw(all bool) {
	w.draw(func() {
		w.m.rng = pRange.Get(w.Vals)
		w.m.dimX, w.m.dimY = clampDims(0, 1, w.src.Latent())
		w.m.sync(w.src, all)
		s, f, ok := w.m.overlay()
		if w.a == nil || w.src.Net == nil {
			return
		}
		if ok {
			ax, ay := f.ToPixels(float64(w.a[w.m.dimX]), float64(w.a[w.m.dimY]))
			bx, by := f.ToPixels(float64(w.b2[w.m.dimX]), float64(w.b2[w.m.dimY]))
			s.Line([]float64{ax, bx}, []float64{ay, by}, s.FG, 2, true)
			n := pSteps.Get(w.Vals)
			var dots kit.PathBuilder
			for i := 0; i < n; i++ {
				t := float64(i) / float64(n-1)
				dots.Circle(ax+t*(bx-ax), ay+t*(by-ay), 2.5)
			}
			s.Fill(&dots, s.FG)
			if w.focused() {
				if w.keyEnd() == 2 {
					ringKeyEnd(s, bx, by)
				} else {
					ringKeyEnd(s, ax, ay)
				}
			}
			for _, e := range []struct {
				x, y float64
				l    string
			}{{ax, ay, "A"}, {bx, by, "B"}} {
				s.Ellipse(e.x, e.y, 9, 9, "#000", 2, "#ffffff")
				s.Text(e.l, e.x, e.y, "center", "middle", "#000")
			}
		}
		if w.src.IsImage() {
			imgs := w.path()
			g := kit.ImageGrid{Cols: len(imgs), Rows: 1, W: w.src.Width, H: w.src.Height, Gap: 1}
			w.buf = kit.PutGrid(kit.Element(w.ID("path")), g, imgs, w.buf)
		}
	})
}

func (w *interp) endpointAt(x, y float64) int {
	if w.a == nil {
		return 0
	}
	dx, dy := w.m.dimX, w.m.dimY
	da := math.Hypot(x-float64(w.a[dx]), y-float64(w.a[dy]))
	db := math.Hypot(x-float64(w.b2[dx]), y-float64(w.b2[dy]))
	if da <= db {
		return 1
	}
	return 2
}

func (w *interp) moveEnd(e app.Event) {
	x, y, ok := w.m.eventLatent(e.Value)
	if !ok || w.a == nil {
		return
	}
	p := w.a
	if w.drag == 2 {
		p = w.b2
	}
	p[w.m.dimX], p[w.m.dimY] = float32(x), float32(y)
	w.redraw(false)
}

func (w *interp) Render() app.UI {
	id := w.B.ID
	top := app.Canvas().Aria("label", "Interpolation map: the ends A and B of the path").TabIndex(0).Role("application").
		Aria("roledescription", "latent map").Aria("describedby", w.m.id+"-help").
		DataSet(kit.TakeKeys, kit.ArrowsAnd("a", "A", "b", "B", " ")).OnKeyDown(w.onKey).
		DataSet(kit.TakePointer, "true").
		OnFocus(func(ctx app.Context, e app.Event) { ctx.PreventUpdate(); w.redraw(false) }).
		OnBlur(func(ctx app.Context, e app.Event) { ctx.PreventUpdate(); w.redraw(false) }).
		On("pointerdown", func(ctx app.Context, e app.Event) {
			ctx.PreventUpdate()
			e.PreventDefault()
			if x, y, ok := w.m.eventLatent(e.Value); ok {
				w.drag = w.endpointAt(x, y)
				w.key = w.drag
				capturePointer(e.Value)
				w.moveEnd(e)
			}
		}).
		On("pointermove", func(ctx app.Context, e app.Event) {
			ctx.PreventUpdate()
			if w.drag != 0 {
				w.moveEnd(e)
			}
		}).
		On("pointerup", func(ctx app.Context, e app.Event) {
			ctx.PreventUpdate()
			if w.drag != 0 {
				w.sayEnd(w.drag)
			}
			w.drag = 0
		})
	repick := func(app.Context) { w.pick(true); w.redraw(true) }
	from, to := w.Field(pFrom.Param, "From digit (A)", repick), w.Field(pTo.Param, "To digit (B)", repick)
	from.Input, to.Input = "number", "number"
	controls := w.Controls(from, to, w.Field(pSteps.Param, "Steps", repick))
	steps := pSteps.Get(w.Vals)
	return w.Frame("vae-interp",
		controls,
		app.Div().Style("display", "flex").Style("align-items", "center").Style("gap", "0.4rem").Style("margin", "0.4rem 0").Body(
			app.Strong().Aria("hidden", "true").Text("A"),
			app.Canvas().ID(id+"-path").Role("img").Aria("label", fmt.Sprintf("%d images decoded along the straight line from A to B", steps)).
				Width(steps*29-1).Height(28).Style("flex", "1 1 auto").Style("min-width", "0").Style("max-width", fmt.Sprintf("%dpx", steps*58)).
				Style("height", "auto").Style("aspect-ratio", fmt.Sprintf("%d / 28", steps*29-1)).
				Style("image-rendering", "pixelated").Style("display", "block"),
			app.Strong().Aria("hidden", "true").Text("B"),
		),
		app.Div().Style("max-width", "360px").Body(w.m.ui(top),
			app.P().ID(w.m.id+"-help").Class("ll-help").Style("font-size", "0.85em").Style("margin", "0.2rem 0").
				Text("Drag A or B, or focus the map: press A or B to choose an end (Space swaps), then the arrow keys move it (Shift for bigger steps)."),
			w.speaker.UI(), kit.DigitLegend()),
		w.sourceToggle(),
		app.P().ID(w.m.id+"-caption").Style("font-size", "0.85em").Text("Loading the model…"),
	)
}
