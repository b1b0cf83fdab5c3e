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
	pFrom        = params.Param{Name: "from", Kind: params.Int, Default: 1, Min: 0, Max: 9, Doc: "digit at the start of the path (a held-out example)"}
	pTo          = params.Param{Name: "to", Kind: params.Int, Default: 7, Min: 0, Max: 9, Doc: "digit at the end of the path"}
	pSteps       = params.Param{Name: "steps", Kind: params.Int, Default: 10, Min: 3, Max: 16, Doc: "images along the path"}
	interpParams = append(sourceParams(), pFrom, pTo, pSteps, pRange)
)

func init() {
	widget.Register(widget.Spec{
		Name:    "interpolation",
		Title:   "Interpolation in latent space",
		Summary: "Walk the straight line between the codes of two held-out digits (or two points you drag on the map) and decode each step.",
		Params:  interpParams,
		New:     func(b widget.Block) app.UI { return &interp{b: b} },
	})
}

// interp is the interpolation widget: endpoints A and B (codes of two
// held-out digits, or dragged on the map), the line between them on the map,
// and the decoded path.
type interp struct {
	app.Compo
	b      widget.Block
	vals   params.Values
	notes  []params.Note
	src    *Source
	cancel func()
	m      latentMap
	a, b2  []float32 // endpoint codes (full latent vectors)
	picked bool      // endpoints came from digits (false: waiting for held-out data)
	drag   int       // 0 none, 1 dragging A, 2 dragging B
	dec    decoder
	buf    []byte
	frame  kit.Frame
}

func (w *interp) OnInit() {
	w.vals = w.b.Params
	if w.vals == nil {
		w.vals = interpParams.Defaults()
	}
	w.notes = nil // the page frame already shows b.Notes
	w.m = latentMap{id: "vi-" + w.b.ID, rng: w.vals.Float("range")}
}

func (w *interp) OnMount(ctx app.Context) {
	w.src, w.cancel = attachSourceEvery(ctx, w.vals, w.cancel, followGap, func() { w.pick(false); w.draw(false) })
	ctx.Defer(func(app.Context) { w.pick(true); w.draw(true) })
}

func (w *interp) OnDismount() {
	if w.cancel != nil {
		w.cancel()
	}
	w.frame.Release()
}

func (w *interp) OnResize(ctx app.Context) { w.draw(true) }

// codeOfDigit encodes the first held-out example of digit locally (μ).
func (w *interp) codeOfDigit(d int) []float32 {
	i := w.src.FirstOfDigit(d, 0)
	x := w.src.Image(i)
	if x == nil {
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
	a, b := w.codeOfDigit(w.vals.Int("from")), w.codeOfDigit(w.vals.Int("to"))
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
	n := w.vals.Int("steps")
	net := w.src.Net
	imgs := make([][]float32, n)
	z := make([]float32, net.Latent)
	for i := range imgs {
		t := float32(i) / float32(n-1)
		for j := range z {
			z[j] = (1-t)*w.a[j] + t*w.b2[j]
		}
		imgs[i] = net.Decode(z)
	}
	return imgs
}

func (w *interp) draw(all bool) {
	w.frame.Request(func() {
		w.m.rng = w.vals.Float("range")
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
			n := w.vals.Int("steps")
			var dots kit.PathBuilder
			for i := 0; i < n; i++ {
				t := float64(i) / float64(n-1)
				dots.Circle(ax+t*(bx-ax), ay+t*(by-ay), 2.5)
			}
			s.Fill(&dots, s.FG)
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
			w.buf = kit.PutGrid(kit.Element(w.b.ID+"-path"), g, imgs, w.buf)
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
	w.draw(false)
}

func (w *interp) Render() app.UI {
	id := w.b.ID
	top := app.Canvas().Aria("label", "Interpolation map: drag A or B").Role("img").
		On("pointerdown", func(ctx app.Context, e app.Event) {
			ctx.PreventUpdate()
			e.PreventDefault()
			if x, y, ok := w.m.eventLatent(e.Value); ok {
				w.drag = w.endpointAt(x, y)
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
		On("pointerup", func(ctx app.Context, e app.Event) { ctx.PreventUpdate(); w.drag = 0 })
	var controls app.UI = app.Div()
	if !w.b.Hidden {
		f := func(p params.Param, label string) kit.Field {
			return kit.Field{ID: id + "-" + p.Name, Param: p, Label: label, Value: w.vals[p.Name], Input: "number", Disabled: w.b.Locked,
				OnChange: func(ctx app.Context, v any, n *params.Note) {
					w.vals[p.Name] = v
					if n != nil {
						w.notes = kit.AddNote(w.notes, n)
					} else {
						w.notes = kit.DropNote(w.notes, p.Name)
					}
					replaceURL(w.b, interpParams, w.vals)
					w.pick(true)
					w.draw(true)
				}}
		}
		st := f(pSteps, "Steps")
		st.Input = ""
		controls = kit.Controls(f(pFrom, "From digit (A)"), f(pTo, "To digit (B)"), st)
	}
	steps := w.vals.Int("steps")
	return frameFor(w.b, "vae-interp", w.notes,
		controls,
		app.Div().Style("display", "flex").Style("align-items", "center").Style("gap", "0.4rem").Style("margin", "0.4rem 0").Body(
			app.Strong().Aria("hidden", "true").Text("A"),
			app.Canvas().ID(id+"-path").Role("img").Aria("label", fmt.Sprintf("%d images decoded along the straight line from A to B", steps)).
				Width(steps*29-1).Height(28).Style("flex", "1 1 auto").Style("min-width", "0").Style("max-width", fmt.Sprintf("%dpx", steps*58)).
				Style("height", "auto").Style("aspect-ratio", fmt.Sprintf("%d / 28", steps*29-1)).
				Style("image-rendering", "pixelated").Style("display", "block"),
			app.Strong().Aria("hidden", "true").Text("B"),
		),
		app.Div().Style("max-width", "360px").Body(w.m.ui(top), kit.DigitLegend()),
		sourceToggle(w.b, w.vals, interpParams, func(ctx app.Context) {
			w.src, w.cancel = attachSourceEvery(ctx, w.vals, w.cancel, followGap, func() { w.pick(false); w.draw(false) })
			w.pick(true)
			w.draw(true)
		}),
		app.P().ID(w.m.id+"-caption").Style("font-size", "0.85em").Text("Loading the model…"),
	)
}
