package own

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/owndata"
	"latentlab/web/widget/kit"
)

// The drawing area shows data units −drawSpan…drawSpan on both axes (the
// contraction lab's field is ±1.7); a brush stroke leaves a point every
// strokeSpacing.
const (
	drawSpan      = 1.6
	strokeSpacing = 0.06
	drawPx        = 260 // largest CSS width of the square
)

func (p *Panel) drawUI() app.UI {
	pad := app.Canvas().ID(p.ID+"-own-pad").Role("img").
		Aria("label", "Drawing area for your own data set: press and drag to add points").
		Aria("roledescription", "drawing area").
		Style("width", "min(260px, 70vw)").Style("aspect-ratio", "1 / 1").Style("display", "block").
		Style("touch-action", "none").Style("cursor", "crosshair").Style("border", "1px solid var(--rule, #ccc)")
	if !p.Locked {
		pad = pad.DataSet(kit.TakePointer, "true").On("pointerdown", p.down).On("pointermove", p.move).On("pointerup", p.up).On("pointercancel", p.up)
	}
	mode := func(single bool, label string) app.UI {
		id := p.ID + "-own-mode-" + map[bool]string{true: "points", false: "brush"}[single]
		return app.Label().For(id).Style("margin-right", "0.8rem").Style("white-space", "nowrap").Body(
			app.Input().Type("radio").ID(id).Name(p.ID+"-own-mode").Checked(p.single == single).Disabled(p.Locked).
				OnChange(func(app.Context, app.Event) { p.single = single }),
			app.Text(" "+label))
	}
	return app.Div().Style("max-width", "min(260px, 70vw)").Body(
		app.Div().Role("radiogroup").Aria("label", "Drawing mode").Style("font-size", "0.9em").Style("margin-bottom", "0.3rem").Body(
			mode(false, "brush strokes"), mode(true, "single points")),
		pad,
		app.P().Style("font-size", "0.85em").Style("margin", "0.3rem 0").
			Textf("Drawn: %s points (the square spans ±%.1f).", kit.FormatCount(len(p.drawn)/2), drawSpan),
		app.Div().Style("display", "flex").Style("gap", "0.4rem").Style("flex-wrap", "wrap").Body(
			button("Train on my drawing", p.Locked || len(p.drawn) < 2*owndata.MinRows, p.useDrawing),
			button("Clear drawing", p.Locked || len(p.drawn) == 0, func() { p.drawn = nil; p.update() }),
			button("Clear my data", p.Locked || Current() == nil && len(p.drawn) == 0, p.clear),
		),
	)
}

// clear forgets the data set in use, the drawing and the file read.
func (p *Panel) clear() {
	p.alert, p.drawn, p.table, p.file, p.chosen = "", nil, nil, "", nil
	Clear()
	p.update()
}

// useDrawing puts the drawn points in use.
func (p *Panel) useDrawing() {
	p.use(&owndata.Set{Name: "your drawing", Dim: 2, X: append([]float32(nil), p.drawn...)}, nil)
}

// at converts a pointer event to data units.
func at(e app.Event) (x, y float64) {
	r := e.Get("target").Call("getBoundingClientRect")
	fx := (e.Get("clientX").Float() - r.Get("left").Float()) / r.Get("width").Float()
	fy := (e.Get("clientY").Float() - r.Get("top").Float()) / r.Get("height").Float()
	return (2*fx - 1) * drawSpan, (1 - 2*fy) * drawSpan
}

func (p *Panel) down(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	e.PreventDefault()
	func() {
		defer func() { _ = recover() }()
		e.Get("target").Call("setPointerCapture", e.Get("pointerId"))
	}()
	x, y := at(e)
	p.path = []float64{x, y}
	p.frame.Request(p.draw)
}

func (p *Panel) move(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	if p.path == nil || p.single {
		return
	}
	x, y := at(e)
	p.path = append(p.path, x, y)
	p.frame.Request(p.draw)
}

// up ends a stroke: its points join the drawing, and the widget re-renders
// (the count and the buttons).
func (p *Panel) up(ctx app.Context, e app.Event) {
	if p.path == nil {
		ctx.PreventUpdate()
		return
	}
	if room := 2*owndata.MaxDrawn - len(p.drawn); room > 0 {
		pts := owndata.SampleStroke(nil, p.path, strokeSpacing)
		p.drawn = append(p.drawn, pts[:min(len(pts), room)]...)
	}
	p.path = nil
	p.frame.Request(p.draw)
	p.update()
}

// draw paints the data set in use (grey, its first two coordinates), the
// drawn points (blue) and the stroke under way.
func (p *Panel) draw() {
	s, ok := kit.Fit(kit.Element(p.ID + "-own-pad"))
	if !ok {
		return
	}
	f := kit.MapFrame{X: kit.Scale{D0: -drawSpan, D1: drawSpan, R1: s.W}, Y: kit.Scale{D0: -drawSpan, D1: drawSpan, R0: s.H}}
	dots := func(x []float32, dim int, color string) {
		var b kit.PathBuilder
		for i := 0; i+1 < len(x); i += dim {
			px, py := f.ToPixels(float64(x[i]), float64(x[i+1]))
			b.Circle(px, py, 2)
		}
		s.Fill(&b, color)
	}
	if c := Current(); c != nil && c.Dim >= 2 {
		dots(c.X, c.Dim, "#999999")
	}
	dots(p.drawn, 2, kit.Blue)
	if len(p.path) >= 2 {
		xs, ys := make([]float64, 0, len(p.path)/2), make([]float64, 0, len(p.path)/2)
		for i := 0; i+1 < len(p.path); i += 2 {
			px, py := f.ToPixels(p.path[i], p.path[i+1])
			xs, ys = append(xs, px), append(ys, py)
		}
		s.Line(xs, ys, kit.Blue, 2, false)
	}
}
