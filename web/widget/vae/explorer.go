package vae

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/params"
	"latentlab/web/widget"
	"latentlab/web/widget/kit"
)

// pHold says where the latent dimensions not on the map's axes are held
// (latent size > 2): at 0, the prior's mean, or at the code μ of the first
// held-out digit of a class, so the map explores around that digit.
var pHold = params.NewChoice(params.Param{Name: "hold", Default: "zero",
	Choices: []string{"zero", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"},
	Doc:     "latent size > 2: the dimensions off the axes are held at 0 (zero) or at the code of a held-out digit 0–9"})

// explorerParams is the latent-explorer's parameter table.
var explorerParams = sourceParams(pRange, pDimX, pDimY, pHold)

// holdLabels are pHold's choices as the select shows them.
var holdLabels = func() map[string]string {
	m := map[string]string{"zero": "0 (the centre of the prior)"}
	for d := '0'; d <= '9'; d++ {
		m[string(d)] = "the code μ of a held-out " + string(d)
	}
	return m
}()

// holdCode returns the latent vector the off-axis dimensions are held at:
// the μ of the source's first held-out digit of the class hold names, or
// nil (all zeros) for "zero", or when there is no such digit.
func holdCode(s *Source, hold string) []float32 {
	if len(hold) != 1 || hold[0] < '0' || hold[0] > '9' {
		return nil
	}
	i := s.FirstOfDigit(int(hold[0]-'0'), 0)
	if i < 0 || (i+1)*s.Codes.Latent > len(s.Codes.Mu) {
		return nil
	}
	return s.Codes.Mu[i*s.Codes.Latent : (i+1)*s.Codes.Latent]
}

func init() {
	widget.Register(widget.Spec{
		Name:    "latent-explorer",
		Title:   "Latent explorer",
		Summary: "Drag a cursor through the 2-D latent space of a VAE and watch the decoded digit change; held-out digits are scattered by their codes.",
		Params:  explorerParams,
		New:     func(b widget.Block) app.UI { return &explorer{viewer: viewer{Base: kit.Base{B: b}}} },
	})
}

// explorer is the latent-explorer widget: held-out μ scattered on the
// "Latent space" map, a draggable (pointer and arrow keys) cursor, and the
// cursor's decoding in the "Decoded sample" canvas, decoded locally.
type explorer struct {
	app.Compo
	viewer
	m       latentMap
	zx, zy  float64
	drag    bool
	dec     decoder
	lis     []listener
	lisEl   app.Value
	raw     rawPointer
	speaker kit.Speaker // says where the cursor is and what it decodes to
}

// rawPointer is the state of the low-latency drag path. Chromium delivers
// pointermove aligned to animation frames (up to a frame, 16.7 ms, after
// the input); pointerrawupdate comes as soon as the input arrives, so the
// explorer draws on it and the decoded pixels are on the canvas ~1 ms after
// the event. A mouse can send 1,000 raw updates a second, so raw draws are
// at least rawGapMs apart; a position skipped by that rule is drawn by the
// frame-aligned pointermove that follows. Browsers without pointerrawupdate
// draw on pointermove.
type rawPointer struct {
	seen    bool    // pointerrawupdate events arrive
	lastAt  float64 // performance.now() of the last draw
	pending bool    // a raw position waits to be drawn
	stamp   float64 // its event's timeStamp
}

// rawGapMs is the least time between two draws caused by raw pointer
// updates (a draw costs about 1 ms).
const rawGapMs = 4

func (w *explorer) OnInit() {
	w.init(explorerParams, 0, w.redraw)
	w.m = latentMap{id: "vx-" + w.B.ID, rng: pRange.Get(w.Vals)}
	w.speaker = kit.Speaker{ID: w.m.id + "-say"}
	w.zx, w.zy = 0, 0
	w.Cleanup(w.unlisten)
	w.Resized(w.m.refit)
}

func (w *explorer) OnMount(ctx app.Context) {
	w.viewer.OnMount(ctx)
	ctx.Defer(func(app.Context) { w.listen() })
}

// OnUpdate re-attaches the pointer listeners if go-app replaced the canvas.
func (w *explorer) OnUpdate(ctx app.Context) { ctx.Defer(func(app.Context) { w.listen() }) }

func (w *explorer) dims() (int, int) {
	return clampDims(pDimX.Get(w.Vals)-1, pDimY.Get(w.Vals)-1, w.src.Latent())
}

// redraw schedules drawing for the next animation frame; all=true also
// redraws the scatter (codes or settings changed).
func (w *explorer) redraw(all bool) {
	if w.src == nil {
		return
	}
	w.draw(func() {
		w.m.rng = pRange.Get(w.Vals)
		w.m.dimX, w.m.dimY = w.dims()
		w.m.sync(w.src, all)
		w.drawCursor()
		if w.src.Net != nil {
			kit.MarkOnce("explorer-drawn")
		}
	})
}

// drawCursor decodes the cursor's latent point and draws cursor and pixels.
// It runs on every pointer move, so it allocates nothing once warm.
func (w *explorer) drawCursor() {
	s, f, ok := w.m.overlay()
	zText := "z = (" + fmtZ(w.zx) + ", " + fmtZ(w.zy) + ")"
	if ok {
		px, py := f.ToPixels(w.zx, w.zy)
		s.Cursor(px, py)
		if w.drag {
			// While dragging, the coordinates go on the canvas: changing DOM
			// text would make the next pointer event's layout read reflow the page.
			s.Text(zText, f.X.R1-4, f.Y.R1+4, "right", "top", s.FG)
		}
	}
	if !w.drag {
		kit.SetText(w.m.id+"-z", zText)
	}
	net := w.src.Net
	if net == nil {
		return
	}
	var base []float32
	if net.Latent > 2 {
		base = holdCode(w.src, pHold.Get(w.Vals))
	}
	z := w.dec.point(net.Latent, w.m.dimX, w.m.dimY, w.zx, w.zy, base)
	img := w.dec.decode(net, z)
	if w.src.IsImage() && len(img) == w.src.Width*w.src.Height {
		w.dec.buf = kit.PutGray(kit.Element(w.m.id+"-dec"), img, w.src.Width, w.src.Height, w.dec.buf)
	}
}

// move sets the cursor and redraws at once (not on the next frame: the
// pointer → pixels latency is what the student feels). stamp is the input
// event's timeStamp (0 for none: nothing is recorded).
func (w *explorer) move(x, y, stamp float64) {
	w.zx = kit.Clamp(x, -w.m.rng, w.m.rng)
	w.zy = kit.Clamp(y, -w.m.rng, w.m.rng)
	if w.src == nil {
		return
	}
	t0 := kit.Now()
	w.drawCursor()
	w.raw.lastAt, w.raw.pending = kit.Now(), false
	if stamp > 0 {
		recordLatency(stamp, t0)
	}
}

// recordLatency appends now − the event's timeStamp (ms: pointer event →
// pixels put on the canvas) to window.__llDecodeLatency, and the handler's
// own work (decode and draw, from t0) to window.__llDecodeWork, for the
// browser benchmark (web/e2e, BenchmarkPointerLatency).
func recordLatency(stamp, t0 float64) {
	win := app.Window()
	now := kit.Now()
	for name, v := range map[string]float64{"__llDecodeLatency": now - stamp, "__llDecodeWork": now - t0} {
		arr := win.Get(name)
		if !kit.Present(arr) {
			arr = win.Get("Array").New()
			win.Set(name, arr)
		}
		if arr.Length() < 10000 {
			arr.Call("push", v)
		}
	}
}

// Pointer events are handled by listeners added directly on the canvas (see
// listen), not through go-app's event dispatch: the handler then runs inside
// the browser's event task, so the pixels are on the canvas before the event
// returns, and no component update is queued per move.

func (w *explorer) onDown(e app.Value) {
	e.Call("preventDefault")
	w.drag = true
	capturePointer(e)
	e.Get("target").Call("focus")
	if x, y, ok := w.m.eventLatent(e); ok { // measures the map for the drag
		w.move(x, y, e.Get("timeStamp").Float())
	}
}

// onRaw draws at once, unless the last draw was under rawGapMs ago: then
// the position waits for the next pointermove.
func (w *explorer) onRaw(e app.Value) {
	w.raw.seen = true
	if !w.drag {
		return
	}
	x, y, ok := w.m.dragLatent(e)
	if !ok {
		return
	}
	stamp := e.Get("timeStamp").Float()
	if kit.Now()-w.raw.lastAt < rawGapMs {
		w.zx, w.zy = kit.Clamp(x, -w.m.rng, w.m.rng), kit.Clamp(y, -w.m.rng, w.m.rng)
		if !w.raw.pending {
			w.raw.pending, w.raw.stamp = true, stamp
		}
		return
	}
	w.move(x, y, stamp)
}

// onMove draws the frame-aligned position when no raw update drew it.
func (w *explorer) onMove(e app.Value) {
	if !w.drag {
		return
	}
	if w.raw.seen {
		if w.raw.pending {
			w.move(w.zx, w.zy, w.raw.stamp)
		}
		return
	}
	if x, y, ok := w.m.dragLatent(e); ok {
		w.move(x, y, e.Get("timeStamp").Float())
	}
}

func (w *explorer) onUp(e app.Value) {
	if w.drag {
		w.drag = false
		w.drawCursor() // coordinates back into the text below the image
		w.say()
	}
}

// listen adds the pointer listeners to the map's canvas (once per canvas
// element); unlisten removes them.
func (w *explorer) listen() {
	el := kit.Element(w.m.overlayID())
	if !kit.Present(el) || (w.lisEl != nil && w.lisEl.Equal(el)) {
		return
	}
	w.unlisten()
	w.lisEl = el
	for name, h := range map[string]func(app.Value){
		"pointerdown": w.onDown, "pointermove": w.onMove, "pointerup": w.onUp, "pointercancel": w.onUp,
		"pointerrawupdate": w.onRaw,
	} {
		h := h
		f := app.FuncOf(func(this app.Value, args []app.Value) any {
			if len(args) > 0 {
				h(args[0])
			}
			return nil
		})
		el.Call("addEventListener", name, f)
		w.lis = append(w.lis, listener{name, f})
	}
}

func (w *explorer) unlisten() {
	for _, l := range w.lis {
		if w.lisEl != nil {
			w.lisEl.Call("removeEventListener", l.name, l.fn)
		}
		l.fn.Release()
	}
	w.lis, w.lisEl = nil, nil
}

// listener is one JS event listener added by hand.
type listener struct {
	name string
	fn   app.Func
}

func (w *explorer) onKey(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	x, y, ok := arrowMove(e, w.m.rng, w.zx, w.zy)
	if !ok && e.Get("key").String() == "Home" {
		x, y, ok = 0, 0, true
	}
	if !ok {
		return
	}
	e.PreventDefault()
	w.move(x, y, e.Get("timeStamp").Float())
	w.say()
}

// arrowMove returns the point (x, y) moved by the arrow key of e, a
// twentieth of the map's range rng (with Shift, a fifth), and whether the
// key was an arrow.
func arrowMove(e app.Event, rng, x, y float64) (float64, float64, bool) {
	step := rng / 20
	if e.Get("shiftKey").Bool() {
		step *= 4
	}
	switch e.Get("key").String() {
	case "ArrowLeft":
		return x - step, y, true
	case "ArrowRight":
		return x + step, y, true
	case "ArrowUp":
		return x, y + step, true
	case "ArrowDown":
		return x, y - step, true
	}
	return x, y, false
}

func (w *explorer) Render() app.UI {
	id := w.m.id
	top := app.Canvas().Aria("label", "Latent space").TabIndex(0).Role("application").
		Aria("roledescription", "latent map").Aria("describedby", id+"-help").
		DataSet(kit.TakeKeys, kit.ArrowsAnd("Home")).OnKeyDown(w.onKey)
	redraw := func(app.Context) { w.redraw(true) }
	rng := w.Field(pRange.Param, "Range ±", redraw)
	rng.Live = true
	fields := []kit.Field{rng}
	if l := w.latent(); l > 2 {
		dx, dy := pDimX.Param, pDimY.Param
		dx.Max, dy.Max = float64(l), float64(l)
		hold := w.Field(pHold.Param, "Other dimensions held at", redraw)
		hold.Labels = holdLabels
		fields = append(fields, w.Field(dx, "Horizontal z", redraw), w.Field(dy, "Vertical z", redraw), hold)
	}
	return w.Frame("vae-explorer",
		app.Div().Class("ll-row").Style("display", "flex").Style("flex-wrap", "wrap").Style("gap", "1rem").Style("align-items", "flex-start").Body(
			app.Div().Style("flex", "1 1 260px").Style("max-width", "440px").Body(
				w.m.ui(top),
				app.P().ID(id+"-help").Class("ll-help").Style("font-size", "0.85em").Style("margin", "0.2rem 0").
					Text("Drag on the map, or focus it and use the arrow keys (Shift for bigger steps, Home to centre)."),
			),
			app.Div().Style("flex", "0 1 180px").Body(
				imageCanvas(id+"-dec", "Decoded sample", 168),
				app.P().ID(id+"-z").Style("font-variant-numeric", "tabular-nums").Style("margin", "0.3rem 0").Text("z = (0, 0)"),
				w.speaker.UI(),
				app.P().Style("font-size", "0.85em").Style("margin", "0.2rem 0").Text("Held-out digits, placed at their posterior mean μ:"),
				kit.DigitLegend(),
			),
		),
		w.Controls(fields...),
		w.sourceToggle(),
		app.P().ID(id+"-caption").Class("ll-caption").Style("font-size", "0.85em").Text("Loading the model…"),
	)
}
