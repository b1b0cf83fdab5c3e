package reparam

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/infer"
	"latentlab/web/params"
	"latentlab/web/urlstate"
	"latentlab/web/widget/kit"
)

const (
	epsSize = 280.0
	epsLim  = 4.0 // ε panel spans [−epsLim, epsLim]², the same scale as z
	zLim    = 4.0 // z panel spans [−zLim, zLim]²
)

// sectorColors colour points by the angle of ε so that each point can be
// followed from one panel to the other.
var sectorColors = []string{kit.Blue, kit.Orange, kit.Green, kit.Vermilion, kit.Purple, kit.SkyBlue}

// Sector returns which of n equal angular sectors (x, y) falls in.
func Sector(x, y float64, n int) int {
	a := math.Atan2(y, x)
	if a < 0 {
		a += 2 * math.Pi
	}
	s := int(a / (2 * math.Pi) * float64(n))
	if s >= n {
		s = n - 1
	}
	return s
}

// MapEps applies z = μ + σ⊙ε to interleaved ε points.
func MapEps(dst, eps []float64, mu, sigma [2]float64) []float64 {
	if cap(dst) < len(eps) {
		dst = make([]float64, len(eps))
	}
	dst = dst[:len(eps)]
	for i := 0; i+1 < len(eps); i += 2 {
		dst[i] = mu[0] + sigma[0]*eps[i]
		dst[i+1] = mu[1] + sigma[1]*eps[i+1]
	}
	return dst
}

// EpsZ is the eps-to-z widget: an ε cloud and the unit circle on the left,
// their images z = μ + σ⊙ε on the right; drag the cloud to move μ and the
// two handles to change σ₁, σ₂ (or use the sliders, or arrow keys).
type EpsZ struct {
	app.Compo
	kit.Base

	eps    []float64
	circle []float64
	mu     [2]float64
	sigma  [2]float64
	drag   int // 0 none, 1 μ, 2 σ₁ handle, 3 σ₂ handle
	pick   int // highlighted point index

	// optional: a digit's posterior from the pretrained 2-D VAE
	digit   int // −1: none chosen
	net     *infer.Network
	mnist   []byte
	img     []float32
	loading bool
	postMsg string
	buf     []byte

	speaker kit.Speaker // says where the ring, μ and σ moved (keys, clicks)
}

func (e *EpsZ) id(s string) string { return "ez-" + e.B.ID + "-" + s }

// OnInit samples ε and reads the initial μ and σ.
func (e *EpsZ) OnInit() {
	e.Init(EpsParams)
	rng := rand.New(rand.NewPCG(uint64(pSeed.Get(e.Vals)), 5))
	n := pPoints.Get(e.Vals)
	e.eps = make([]float64, 2*n)
	for i := range e.eps {
		e.eps[i] = rng.NormFloat64()
	}
	e.circle = make([]float64, 0, 130)
	for i := 0; i <= 64; i++ {
		a := 2 * math.Pi * float64(i) / 64
		e.circle = append(e.circle, math.Cos(a), math.Sin(a))
	}
	e.digit = -1
	e.speaker = kit.Speaker{ID: e.id("say")}
	e.mu = [2]float64{pMu1.Get(e.Vals), pMu2.Get(e.Vals)}
	e.sigma = [2]float64{pSigma1.Get(e.Vals), pSigma2.Get(e.Vals)}
}

// OnMount draws.
func (e *EpsZ) OnMount(ctx app.Context) {
	if e.eps == nil {
		e.OnInit()
	}
	ctx.Defer(func(app.Context) { e.redraw() })
}

func toPx(v, lim float64) float64 { return (v + lim) / (2 * lim) * epsSize }
func toPy(v, lim float64) float64 { return (lim - v) / (2 * lim) * epsSize }

func (e *EpsZ) redraw() {
	if c, ok := kit.Sized(e.id("eps"), epsSize, epsSize); ok {
		e.panel(c, "ε-space: ε ~ N(0, I)", [2]string{"ε₁", "ε₂"}, e.eps, e.circle, epsLim, false)
	}
	z := MapEps(nil, e.eps, e.mu, e.sigma)
	zc := MapEps(nil, e.circle, e.mu, e.sigma)
	if c, ok := kit.Sized(e.id("z"), epsSize, epsSize); ok {
		e.panel(c, "z-space: z = μ + σ⊙ε", [2]string{"z₁", "z₂"}, z, zc, zLim, true)
	}
}

func (e *EpsZ) panel(c kit.Surface, title string, axes [2]string, pts, circ []float64, lim float64, handles bool) {
	c.Paint(kit.Paper)
	c.SetStroke("#e3e3e3", 1)
	for v := -math.Floor(lim); v <= lim; v++ {
		c.Segment(toPx(v, lim), 0, toPx(v, lim), epsSize)
		c.Segment(0, toPy(v, lim), epsSize, toPy(v, lim))
	}
	c.SetStroke("#bbb", 1.2)
	c.Segment(toPx(0, lim), 0, toPx(0, lim), epsSize)
	c.Segment(0, toPy(0, lim), epsSize, toPy(0, lim))
	drawAxisTicks(c, axes, lim)
	src := e.eps
	for i := 0; i+1 < len(pts); i += 2 {
		c.SetFill(sectorColors[Sector(src[i], src[i+1], len(sectorColors))])
		c.Dot(toPx(pts[i], lim), toPy(pts[i+1], lim), 2.2)
	}
	cp := make([]float64, len(circ))
	for i := 0; i+1 < len(circ); i += 2 {
		cp[i], cp[i+1] = toPx(circ[i], lim), toPy(circ[i+1], lim)
	}
	c.SetStroke(kit.Ink, 1.8)
	c.Polyline(cp, false)
	// highlighted point
	k := 2 * e.pick
	if k+1 < len(pts) {
		c.SetStroke(kit.Ink, 2)
		c.Ctx.Call("beginPath")
		c.Ctx.Call("arc", toPx(pts[k], lim), toPy(pts[k+1], lim), 6, 0, 2*math.Pi)
		c.Ctx.Call("stroke")
	}
	if handles {
		mx, my := toPx(e.mu[0], lim), toPy(e.mu[1], lim)
		c.SetFill(kit.Ink)
		c.Dot(mx, my, 5)
		c.Write(mx+8, my-8, "μ", "600 13px system-ui, sans-serif", kit.Ink, "left")
		hx := toPx(e.mu[0]+e.sigma[0], lim)
		hy := toPy(e.mu[1]+e.sigma[1], lim)
		c.SetStroke(kit.Ink, 1)
		c.Segment(mx, my, hx, my)
		c.Segment(mx, my, mx, hy)
		c.SetFill(kit.Vermilion)
		c.FillRect(hx-5, my-5, 10, 10)
		c.FillRect(mx-5, hy-5, 10, 10)
		c.Write(hx+7, my+14, "σ₁", "12px system-ui, sans-serif", kit.Vermilion, "left")
		c.Write(mx+7, hy-4, "σ₂", "12px system-ui, sans-serif", kit.Vermilion, "left")
	}
	c.Write(8, 16, title, "600 12px system-ui, sans-serif", kit.Ink, "left")
}

func (e *EpsZ) pointer(ctx app.Context, ev app.Event) (x, y float64) {
	el := ctx.JSSrc()
	w := el.Get("clientWidth").Float()
	if w <= 0 {
		w = epsSize
	}
	s := epsSize / w
	px, py := ev.Get("offsetX").Float()*s, ev.Get("offsetY").Float()*s
	return px/epsSize*2*zLim - zLim, zLim - py/epsSize*2*zLim
}

func (e *EpsZ) onDown(ctx app.Context, ev app.Event) {
	x, y := e.pointer(ctx, ev)
	near := func(a, b float64) bool { return math.Hypot(x-a, y-b) < 0.3 }
	switch {
	case near(e.mu[0]+e.sigma[0], e.mu[1]):
		e.drag = 2
	case near(e.mu[0], e.mu[1]+e.sigma[1]):
		e.drag = 3
	default:
		e.drag = 1
		e.mu = [2]float64{x, y}
	}
	e.honourLocks()
	if id := ev.Get("pointerId"); id.Truthy() || id.Type() == app.TypeNumber {
		ctx.JSSrc().Call("setPointerCapture", id)
	}
	e.redraw()
}

func (e *EpsZ) onMove(ctx app.Context, ev app.Event) {
	if e.drag == 0 {
		return
	}
	x, y := e.pointer(ctx, ev)
	switch e.drag {
	case 1:
		e.mu = [2]float64{kit.Clamp(x, -3, 3), kit.Clamp(y, -3, 3)}
	case 2:
		e.sigma[0] = kit.Clamp(x-e.mu[0], 0.05, 2)
	case 3:
		e.sigma[1] = kit.Clamp(y-e.mu[1], 0.05, 2)
	}
	e.honourLocks()
	e.redraw()
}

// honourLocks puts back the values the course page locked (lock=mu1,
// controls=locked): dragging or the arrow keys move only what is free.
func (e *EpsZ) honourLocks() {
	for i, p := range []params.Of[float64]{pMu1, pMu2} {
		if e.B.ParamLocked(p.Name) {
			e.mu[i] = p.Get(e.Vals)
		}
	}
	for i, p := range []params.Of[float64]{pSigma1, pSigma2} {
		if e.B.ParamLocked(p.Name) {
			e.sigma[i] = p.Get(e.Vals)
		}
	}
}

func (e *EpsZ) onUp(ctx app.Context, ev app.Event) {
	if e.drag != 0 {
		e.share()
	}
	e.drag = 0
}

// share writes μ and σ into the address bar (rounded to 2 decimals).
func (e *EpsZ) share() {
	r := func(v float64) float64 { return math.Round(v*100) / 100 }
	e.Vals[pMu1.Name], e.Vals[pMu2.Name] = r(e.mu[0]), r(e.mu[1])
	e.Vals[pSigma1.Name], e.Vals[pSigma2.Name] = r(e.sigma[0]), r(e.sigma[1])
	urlstate.Replace(e.B.ID, EpsParams, e.Vals)
}

func (e *EpsZ) onKey(ctx app.Context, ev app.Event) {
	d := 0.1
	key := ev.Get("key").String()
	shift := ev.Get("shiftKey").Bool()
	switch {
	case key == "ArrowLeft" && shift:
		e.sigma[0] = kit.Clamp(e.sigma[0]-d, 0.05, 2)
	case key == "ArrowRight" && shift:
		e.sigma[0] = kit.Clamp(e.sigma[0]+d, 0.05, 2)
	case key == "ArrowDown" && shift:
		e.sigma[1] = kit.Clamp(e.sigma[1]-d, 0.05, 2)
	case key == "ArrowUp" && shift:
		e.sigma[1] = kit.Clamp(e.sigma[1]+d, 0.05, 2)
	case key == "ArrowLeft":
		e.mu[0] = kit.Clamp(e.mu[0]-d, -3, 3)
	case key == "ArrowRight":
		e.mu[0] = kit.Clamp(e.mu[0]+d, -3, 3)
	case key == "ArrowDown":
		e.mu[1] = kit.Clamp(e.mu[1]-d, -3, 3)
	case key == "ArrowUp":
		e.mu[1] = kit.Clamp(e.mu[1]+d, -3, 3)
	default:
		return
	}
	ev.PreventDefault()
	e.honourLocks()
	e.share()
	e.redraw()
	e.sayMuSigma()
}

func (e *EpsZ) onPick(ctx app.Context, ev app.Event) {
	el := ctx.JSSrc()
	w := el.Get("clientWidth").Float()
	if w <= 0 {
		w = epsSize
	}
	s := epsSize / w
	px, py := ev.Get("offsetX").Float()*s, ev.Get("offsetY").Float()*s
	x, y := px/epsSize*2*epsLim-epsLim, epsLim-py/epsSize*2*epsLim
	best, bd := 0, math.Inf(1)
	for i := 0; i+1 < len(e.eps); i += 2 {
		if d := math.Hypot(e.eps[i]-x, e.eps[i+1]-y); d < bd {
			best, bd = i/2, d
		}
	}
	e.pick = best
	e.redraw()
	e.sayPick()
}

var digitNames = []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}

// Render draws both panels, the sliders and the read-out.
func (e *EpsZ) Render() app.UI {
	if e.eps == nil {
		e.OnInit()
	}
	k := 2 * e.pick
	ex, ey := e.eps[k], e.eps[k+1]
	slider := func(i int, label string) app.UI {
		name := []string{pSigma1.Name, pSigma2.Name}[i]
		value := strconv.FormatFloat(e.sigma[i], 'f', 2, 64)
		return app.Label().Body(app.Text(fmt.Sprintf("%s = %.2f ", label, e.sigma[i])),
			kit.Range(app.Input().ID(e.ID(name)).Type("range").Min(0.05).Max(2).Step(0.05).Disabled(e.B.ParamLocked(name)).
				Value(value).Aria("label", label).
				OnInput(func(ctx app.Context, ev app.Event) {
					v, err := strconv.ParseFloat(ctx.JSSrc().Get("value").String(), 64)
					if err == nil {
						e.sigma[i] = kit.Clamp(v, 0.05, 2)
						e.share()
						e.redraw()
					}
				}), value))
	}
	return app.Div().Class("ll-widget eps-to-z").Body(
		app.Div().Class("ll-row").Body(
			app.Canvas().ID(e.id("eps")).Class("ll-canvas").TabIndex(0).Role("application").Aria("roledescription", "point cloud").
				Aria("label", "Epsilon space: samples from a standard normal and the unit circle; click a point, or use the arrow keys, to ring it and follow it into z space").
				Style("width", "100%").Style("max-width", "280px").OnClick(e.onPick).
				DataSet(kit.TakeKeys, kit.ArrowsAnd()).OnKeyDown(e.onPickKey),
			app.Canvas().ID(e.id("z")).Class("ll-canvas").TabIndex(0).
				Aria("label", "z space: drag to move mu, drag the square handles to change sigma; arrow keys move mu, shift+arrow keys change sigma").
				Style("width", "100%").Style("max-width", "280px").Style("touch-action", "none").
				On("pointerdown", e.onDown).On("pointermove", e.onMove).On("pointerup", e.onUp).On("pointercancel", e.onUp).
				DataSet(kit.TakeKeys, kit.ArrowsAnd()).OnKeyDown(e.onKey),
		),
		app.Div().Class("ll-controls").Body(slider(0, "σ₁"), slider(1, "σ₂"),
			app.Label().Body(app.Text("posterior of a digit "),
				app.Select().Disabled(e.B.ParamLocked(pMu1.Name) || e.B.ParamLocked(pMu2.Name) || e.B.ParamLocked(pSigma1.Name) || e.B.ParamLocked(pSigma2.Name)).Aria("label", "use the VAE posterior of a held-out digit").
					OnChange(func(ctx app.Context, ev app.Event) {
						d, err := strconv.Atoi(ctx.JSSrc().Get("value").String())
						if err != nil {
							d = -1
						}
						e.loadDigit(ctx, d)
					}).Body(
					app.Option().Value("none").Text("none (free μ, σ)").Selected(e.digit < 0),
					app.Range(digitNames).Slice(func(i int) app.UI {
						return app.Option().Value(strconv.Itoa(i)).Text(digitNames[i]).Selected(e.digit == i)
					}))),
			app.Canvas().ID(e.id("digit")).Class("ll-canvas pixelated").Attr("role", "img").
				Aria("label", "The chosen held-out digit").Style("width", "56px").Style("height", "56px").
				Style("image-rendering", "pixelated").Style("display", map[bool]string{true: "block", false: "none"}[e.img != nil && e.digit >= 0]),
		),
		app.If(e.postMsg != "", app.P().Class("ll-readout").Text(e.postMsg)),
		e.speaker.UI(),
		app.P().Class("ll-readout").Text(fmt.Sprintf(
			"μ = (%.2f, %.2f), σ = (%.2f, %.2f). Ringed point: ε = (%.2f, %.2f) ↦ z = (%.2f, %.2f). "+
				"Moving μ by δ moves every z by δ (∂z/∂μ = 1); stretching σᵢ scales each point's offset by its own εᵢ (∂zᵢ/∂σᵢ = εᵢ). "+
				"The randomness stays in ε, so z is a smooth function of μ and σ.",
			e.mu[0], e.mu[1], e.sigma[0], e.sigma[1], ex, ey, e.mu[0]+e.sigma[0]*ex, e.mu[1]+e.sigma[1]*ey)),
	)
}

// drawAxisTicks labels the grid lines through the origin with their values
// (every whole number, every other one when they would crowd) and names
// the two axes at their positive ends.
func drawAxisTicks(c kit.Surface, names [2]string, lim float64) {
	const font, grey = "10px system-ui, sans-serif", "#666"
	step := 1.0
	if epsSize/(2*lim) < 22 {
		step = 2
	}
	x0, y0 := toPx(0, lim), toPy(0, lim)
	for v := -math.Floor(lim/step) * step; v <= lim; v += step {
		if v == 0 || math.Abs(v) >= lim {
			continue
		}
		t := strconv.FormatFloat(v, 'f', -1, 64)
		c.Write(toPx(v, lim), y0+12, t, font, grey, "center")
		c.Write(x0-4, toPy(v, lim)+3, t, font, grey, "right")
	}
	c.Write(x0-4, y0+12, "0", font, grey, "right")
	c.Write(epsSize-4, y0-5, names[0], "600 12px system-ui, sans-serif", kit.Ink, "right")
	c.Write(x0+6, 34, names[1], "600 12px system-ui, sans-serif", kit.Ink, "left")
}
