package cae

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/params"
	"latentlab/web/urlstate"
	"latentlab/web/widget"
	"latentlab/web/widget/cae/draw"
	"latentlab/web/widget/kit"
)

const (
	fieldSize = 300.0 // logical canvas size of each reconstruction field
	plotW     = 300.0
	plotH     = 150.0
	batchSize = 32
	maxHist   = 400
	probeR    = 0.25 // radius (data units) of the probe circle
	// stepsPerFrame keeps training watchable (about 600 steps/s at 60 fps).
	stepsPerFrame = 10
	// maxArrow is the longest arrow drawn (data units); an untrained model's
	// reconstructions can be far away, and full-length arrows hide the plot.
	maxArrow = 0.6
)

// Lab is the contraction-lab widget: a plain AE (λ = 0) and a CAE with the
// same architecture, seed and batches trained side by side on a 2-D toy set.
// The models are tiny (2→H→2), so they train on the UI thread in chunks of
// at most ~8 ms per animation frame.
type Lab struct {
	app.Compo
	B widget.Block

	vals     params.Values
	notes    []params.Note
	data     []float64 // training points N×2
	ae, cae  *ToyNet
	lastAE   *ToyNet // last good models (kept on divergence)
	lastCAE  *ToyNet
	every    int          // record history every this many steps
	hist     [4][]float64 // AE recon, CAE recon, AE ‖J‖², CAE ‖J‖²
	running  bool
	reason   string // why training paused (divergence, step limit)
	probe    [2]float64
	ratioAE  float64
	ratioCAE float64
	lastAEm  Metrics
	lastCAEm Metrics
	loop     draw.Loop
	frames   int
	path     draw.Path // reused drawing buffers
	arrows   []Arrow
}

func (l *Lab) id(s string) string { return "cl-" + l.B.ID + "-" + s }

// OnInit reads the parameters and builds the data and both models.
func (l *Lab) OnInit() {
	l.vals = LabParams.Defaults()
	for k, v := range l.B.Params {
		l.vals[k] = v
	}
	l.notes = append([]params.Note(nil), l.B.Notes...)
	l.reset()
}

func (l *Lab) reset() {
	seed := uint64(l.vals.Int("seed"))
	l.data = ToyData(l.vals.String("dataset"), 300, l.vals.Float("noise"), seed)
	h := l.vals.Int("hidden")
	l.ae, l.cae = NewToyNet(h, seed+1), NewToyNet(h, seed+1)
	for _, n := range []*ToyNet{l.ae, l.cae} {
		n.Tied = true
		n.CenterOutput()
		n.LR = l.vals.Float("lr")
	}
	l.cae.Lambda = l.vals.Float("lambda")
	l.lastAE, l.lastCAE = l.ae.Clone(), l.cae.Clone()
	l.every = 10
	for i := range l.hist {
		l.hist[i] = l.hist[i][:0]
	}
	l.record(l.ae.Loss(l.data), l.cae.Loss(l.data))
	l.lastAEm, l.lastCAEm = l.ae.Loss(l.data), l.cae.Loss(l.data)
	l.probe = [2]float64{l.data[0], l.data[1]}
	l.reason = ""
	l.measure()
}

func (l *Lab) record(a, c Metrics) {
	l.hist[0] = append(l.hist[0], a.Recon)
	l.hist[1] = append(l.hist[1], c.Recon)
	l.hist[2] = append(l.hist[2], a.Penalty)
	l.hist[3] = append(l.hist[3], c.Penalty)
	if len(l.hist[0]) > maxHist {
		for i := range l.hist {
			l.hist[i] = draw.Thin(l.hist[i])
		}
		l.every *= 2
	}
}

// measure computes each model's contraction ratio on the data (σ = 0.1).
func (l *Lab) measure() {
	rng := rand.New(rand.NewPCG(7, 7))
	l.ratioAE = l.ae.ContractionRatio(l.data, 0.1, 1, rng)
	rng = rand.New(rand.NewPCG(7, 7))
	l.ratioCAE = l.cae.ContractionRatio(l.data, 0.1, 1, rng)
}

// OnMount draws the initial state.
func (l *Lab) OnMount(ctx app.Context) { ctx.Defer(func(app.Context) { l.redraw() }) }

// OnDismount stops the animation loop.
func (l *Lab) OnDismount() { l.loop.Release() }

// trainSteps runs up to n steps (or until the time budget is spent) and
// reports whether training should continue.
func (l *Lab) trainSteps(n int, more func() bool) bool {
	max := l.vals.Int("maxsteps")
	for i := 0; i < n && more(); i++ {
		if l.ae.Step >= max {
			l.reason = fmt.Sprintf("paused at the step limit (%d); Reset to start again", max)
			return false
		}
		ma, err := l.ae.TrainStep(l.data, batchSize)
		if err == nil {
			var mc Metrics
			mc, err = l.cae.TrainStep(l.data, batchSize)
			if err != nil {
				err = fmt.Errorf("the CAE diverged: %w", err)
			}
			l.lastAEm, l.lastCAEm = ma, mc
		} else {
			err = fmt.Errorf("the AE diverged: %w", err)
		}
		if err != nil {
			l.ae, l.cae = l.lastAE.Clone(), l.lastCAE.Clone()
			l.reason = fmt.Sprintf("paused: %v. The last good models are kept; lower the learning rate and press Train.", err)
			return false
		}
		if l.ae.Step%l.every == 0 {
			l.record(l.lastAEm, l.lastCAEm)
		}
	}
	l.lastAE, l.lastCAE = l.ae.Clone(), l.cae.Clone()
	return true
}

func (l *Lab) tick(ctx app.Context) bool {
	cont := l.running && l.trainSteps(stepsPerFrame, draw.Budget(8*time.Millisecond))
	l.frames++
	if l.frames%15 == 0 || !cont {
		l.measure()
	}
	// Redraw the fields every other frame and the plots every sixth: the
	// picture changes slowly, and drawing is most of a frame's cost.
	if l.frames%2 == 0 || !cont {
		l.drawFields()
	}
	if l.frames%6 == 0 || !cont {
		l.drawPlots()
	}
	if !cont {
		l.running = false
	}
	return cont
}

func (l *Lab) onTrain(ctx app.Context, e app.Event) {
	l.loop.RenderEvery = 6
	l.running = true
	l.reason = ""
	l.loop.Start(ctx, l.tick)
}

func (l *Lab) onPause(ctx app.Context, e app.Event) {
	l.running = false
	l.loop.Stop()
}

func (l *Lab) onStep(ctx app.Context, e app.Event) {
	l.reason = ""
	l.trainSteps(1, func() bool { return true })
	l.record(l.lastAEm, l.lastCAEm)
	l.measure()
	l.redraw()
}

func (l *Lab) onReset(ctx app.Context, e app.Event) {
	l.running = false
	l.loop.Stop()
	l.reset()
	l.redraw()
}

// setParam parses a control's text with the table (clamping with a note).
func (l *Lab) setParam(name, text string) {
	p, _ := LabParams.Lookup(name)
	var ok bool
	if l.notes, ok = kit.SetFromText(l.vals, l.notes, p, text); !ok {
		return
	}
	urlstate.Replace(l.B.ID, LabParams, l.vals)
	switch name {
	case "lambda":
		l.cae.Lambda = l.vals.Float("lambda")
		l.lastCAE.Lambda = l.cae.Lambda
	case "lr":
		l.ae.LR, l.cae.LR = l.vals.Float("lr"), l.vals.Float("lr")
		l.lastAE.LR, l.lastCAE.LR = l.ae.LR, l.cae.LR
	case "dataset", "hidden", "noise", "seed":
		l.running = false
		l.loop.Stop()
		l.reset()
	}
	l.redraw()
}

func (l *Lab) onMove(ctx app.Context, e app.Event) {
	el := ctx.JSSrc()
	w := el.Get("clientWidth").Float()
	if w <= 0 {
		return
	}
	s := fieldSize / w
	px, py := e.Get("offsetX").Float()*s, e.Get("offsetY").Float()*s
	l.probe[0] = fieldLo + px/fieldSize*(fieldHi-fieldLo)
	l.probe[1] = fieldHi - py/fieldSize*(fieldHi-fieldLo)
	l.redraw()
}

// onKey moves the probe with the arrow keys (0.05 per press).
func (l *Lab) onKey(ctx app.Context, e app.Event) {
	d := 0.05
	switch e.Get("key").String() {
	case "ArrowLeft":
		l.probe[0] -= d
	case "ArrowRight":
		l.probe[0] += d
	case "ArrowUp":
		l.probe[1] += d
	case "ArrowDown":
		l.probe[1] -= d
	default:
		return
	}
	e.PreventDefault()
	l.probe[0] = math.Max(fieldLo, math.Min(fieldHi, l.probe[0]))
	l.probe[1] = math.Max(fieldLo, math.Min(fieldHi, l.probe[1]))
	l.redraw()
}

func (l *Lab) toPx(x, y float64) (float64, float64) {
	return (x - fieldLo) / (fieldHi - fieldLo) * fieldSize, (fieldHi - y) / (fieldHi - fieldLo) * fieldSize
}

func (l *Lab) redraw() {
	l.drawFields()
	l.drawPlots()
}

func (l *Lab) drawFields() {
	l.drawField(draw.Get(l.id("ae"), fieldSize, fieldSize), l.ae, draw.Orange)
	l.drawField(draw.Get(l.id("cae"), fieldSize, fieldSize), l.cae, draw.Blue)
}

func (l *Lab) drawPlots() {
	draw.LinePlot(draw.Get(l.id("loss"), plotW, plotH), "Reconstruction loss ‖r(x)−x‖² (log)",
		[]draw.Series{{Name: "AE", Color: draw.Orange, Y: l.hist[0]}, {Name: "CAE", Color: draw.Blue, Y: l.hist[1]}}, true, l.every)
	draw.LinePlot(draw.Get(l.id("jac"), plotW, plotH), "Penalty ‖J_f(x)‖²_F (log)",
		[]draw.Series{{Name: "AE", Color: draw.Orange, Y: l.hist[2]}, {Name: "CAE", Color: draw.Blue, Y: l.hist[3]}}, true, l.every)
}

func (l *Lab) drawField(c *draw.Canvas, n *ToyNet, color string) {
	if c == nil {
		return
	}
	c.Clear(draw.Paper)
	// data
	c.Fill("#b9b9b9")
	l.path.Reset()
	for k := 0; k+1 < len(l.data); k += 2 {
		x, y := l.toPx(l.data[k], l.data[k+1])
		l.path.Square(x, y, 3)
	}
	c.FillPath(&l.path)
	// reconstruction field
	c.Stroke(color, 1.2)
	l.path.Reset()
	l.arrows = FieldInto(l.arrows, n.Reconstruct, l.vals.Int("grid"), fieldLo, fieldHi)
	for _, a := range l.arrows {
		a = CapArrow(a, maxArrow)
		x0, y0 := l.toPx(a.X0, a.Y0)
		x1, y1 := l.toPx(a.X1, a.Y1)
		l.path.Arrow(x0, y0, x1, y1, 5)
	}
	c.StrokePath(&l.path)
	// probe: a circle of radius ρ and its image under J, drawn along the
	// input directions it comes from (semi-axes ρ·σ₁, ρ·σ₂).
	J := n.Jacobian(nil, l.probe[0], l.probe[1])
	s1, s2, vx, vy := SVD2(J)
	px, py := l.toPx(l.probe[0], l.probe[1])
	scale := fieldSize / (fieldHi - fieldLo)
	c.Stroke(draw.Grey, 1)
	c.Ctx.Call("setLineDash", []any{3, 3})
	c.Poly(Ellipse(px, py, probeR*scale, probeR*scale, 1, 0, 48), true)
	c.Ctx.Call("setLineDash", []any{})
	r1 := math.Min(probeR*s1, 1.5) * scale
	r2 := math.Min(probeR*s2, 1.5) * scale
	c.Stroke(draw.Vermilion, 2)
	c.Poly(Ellipse(px, py, r1, r2, vx, -vy, 64), true) // y flips on screen
	c.Fill(draw.Vermilion)
	c.Dot(px, py, 2.5)
}

func (l *Lab) status() string {
	s := fmt.Sprintf("step %d · AE: recon %.4f, ‖J‖²_F %.3f · CAE (λ = %s): recon %.4f, ‖J‖²_F %.3f",
		l.ae.Step, l.lastAEm.Recon, l.lastAEm.Penalty, draw.Num(l.cae.Lambda), l.lastCAEm.Recon, l.lastCAEm.Penalty)
	if l.reason != "" {
		s += " — " + l.reason
	} else if l.running {
		s += " — training"
	}
	return s
}

func (l *Lab) probeText(n *ToyNet) string {
	s1, s2, _, _ := SVD2(n.Jacobian(nil, l.probe[0], l.probe[1]))
	return fmt.Sprintf("σ₁ = %s, σ₂ = %s", draw.Num(s1), draw.Num(s2))
}

// Render draws the controls, the two fields, the probe read-out and the plots.
func (l *Lab) Render() app.UI {
	if l.ae == nil {
		l.OnInit()
	}
	locked := l.B.Locked
	field := func(key, title, caption string) app.UI {
		return app.Figure().Class("ll-fig").Style("flex", "0 1 320px").Style("min-width", "0").Body(
			app.Div().Class("ll-fig-title").Text(title),
			app.Canvas().ID(l.id(key)).Class("ll-canvas ll-square").
				Aria("label", "Reconstruction field, "+title).Attr("role", "img").
				Style("width", "100%").Style("max-width", "300px").Style("touch-action", "none").
				TabIndex(0).OnKeyDown(l.onKey).
				OnMouseMove(l.onMove).OnMouseDown(l.onMove).On("pointerdown", l.onMove),
			app.FigCaption().Text(caption),
		)
	}
	var controls app.UI = app.Text("")
	if !l.B.Hidden {
		controls = app.Div().Class("ll-controls").Body(
			app.Label().Body(app.Text("Data "),
				app.Select().Disabled(locked).OnChange(func(ctx app.Context, e app.Event) {
					l.setParam("dataset", ctx.JSSrc().Get("value").String())
				}).Body(app.Range(datasets).Slice(func(i int) app.UI {
					return app.Option().Value(datasets[i]).Text(datasets[i]).Selected(datasets[i] == l.vals.String("dataset"))
				})),
			),
			app.Label().Body(app.Text("λ "),
				app.Input().Type("range").Min(0).Max(5).Step(0.05).Disabled(locked).
					Value(strconv.FormatFloat(l.vals.Float("lambda"), 'g', 4, 64)).
					Aria("label", "CAE contraction weight lambda").
					OnInput(func(ctx app.Context, e app.Event) { l.setParam("lambda", ctx.JSSrc().Get("value").String()) }),
				app.Input().Type("number").Class("ll-num").Step(0.05).Disabled(locked).
					Value(strconv.FormatFloat(l.vals.Float("lambda"), 'g', 4, 64)).
					Aria("label", "lambda value").
					OnChange(func(ctx app.Context, e app.Event) { l.setParam("lambda", ctx.JSSrc().Get("value").String()) }),
			),
			app.Label().Body(app.Text("learning rate "),
				app.Input().Type("number").Class("ll-num").Step(0.001).Disabled(locked).
					Value(strconv.FormatFloat(l.vals.Float("lr"), 'g', 4, 64)).
					OnChange(func(ctx app.Context, e app.Event) { l.setParam("lr", ctx.JSSrc().Get("value").String()) }),
			),
		)
	}
	return app.Div().Class("ll-widget cae-lab").Body(
		controls,
		draw.Notes(l.notes),
		draw.Bar{Running: l.running, Disabled: locked, Status: l.status(),
			OnTrain: l.onTrain, OnPause: l.onPause, OnStep: l.onStep, OnReset: l.onReset}.UI(),
		app.Div().Class("ll-row").Body(
			field("ae", "Plain AE (λ = 0)", "Arrows go from x to its reconstruction r(x); those longer than 0.6 are shortened."),
			field("cae", "CAE (λ = "+draw.Num(l.cae.Lambda)+")", "Same architecture, seed and batches; only the penalty differs."),
		),
		app.P().Class("ll-readout").Body(
			app.Text(fmt.Sprintf("Probe at (%.2f, %.2f) — move the pointer over a field (or focus it and use the arrow keys). Encoder Jacobian singular values: ", l.probe[0], l.probe[1])),
			app.Span().Style("color", draw.Orange).Text("AE "+l.probeText(l.ae)),
			app.Text(" · "),
			app.Span().Style("color", draw.Blue).Text("CAE "+l.probeText(l.cae)),
			app.Text(". Dashed: a circle of radius 0.25 around the probe; red: how far h moves for each direction of that circle (semi-axes 0.25·σ₁ and 0.25·σ₂, along the input directions they come from)."),
		),
		app.P().Class("ll-readout").Text(fmt.Sprintf(
			"Measured contraction ratio ‖h(x+ε)−h(x)‖/‖ε‖ on the data (σ = 0.1): AE %s, CAE %s.",
			draw.Num(l.ratioAE), draw.Num(l.ratioCAE))),
		app.Div().Class("ll-row").Body(
			app.Canvas().ID(l.id("loss")).Class("ll-canvas").Aria("label", "Reconstruction loss plot").Attr("role", "img").
				Style("width", "100%").Style("max-width", "300px"),
			app.Canvas().ID(l.id("jac")).Class("ll-canvas").Aria("label", "Jacobian penalty plot").Attr("role", "img").
				Style("width", "100%").Style("max-width", "300px"),
		),
	)
}
