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

// SigmaGrid is the set of perturbation sizes the meter plots (log-spaced).
var SigmaGrid = func() []float64 {
	var g []float64
	for k := 0; k <= 12; k++ {
		g = append(g, 0.01*math.Pow(100, float64(k)/12))
	}
	return g
}()

var meterNames = [3]string{"AE", "DAE", "CAE"}
var meterColors = [3]string{draw.Orange, draw.Green, draw.Blue}

// Meter is the sensitivity-meter widget: an AE, a denoising AE and a CAE
// (same architecture and seed) trained on a toy manifold, then probed on
// held-out points with ε ~ N(0, σ²I): the plot shows the measured mean of
// ‖h(x+ε)−h(x)‖/‖ε‖ for each model against σ.
type Meter struct {
	app.Compo
	B widget.Block

	vals    params.Values
	notes   []params.Note
	train   []float64
	held    []float64
	nets    [3]*ToyNet
	curves  [3][]float64
	running bool
	reason  string
	loop    draw.Loop
	frames  int
}

func (m *Meter) id(s string) string { return "sm-" + m.B.ID + "-" + s }

// OnInit reads the parameters and builds the three models.
func (m *Meter) OnInit() {
	m.vals = MeterParams.Defaults()
	for k, v := range m.B.Params {
		m.vals[k] = v
	}
	m.notes = append([]params.Note(nil), m.B.Notes...)
	m.reset()
}

func (m *Meter) reset() {
	seed := uint64(m.vals.Int("seed"))
	m.train = ToyData(m.vals.String("dataset"), 300, 0.05, seed)
	m.held = ToyData(m.vals.String("dataset"), 150, 0.05, seed+1000)
	for i := range m.nets {
		n := NewToyNet(16, seed+1)
		n.Tied = true
		n.CenterOutput()
		m.nets[i] = n
	}
	m.nets[1].Noise = m.vals.Float("dnoise")
	m.nets[2].Lambda = m.vals.Float("lambda")
	m.reason = ""
	m.measure()
}

// Curve measures the mean contraction ratio of n on xs at every σ in SigmaGrid.
func Curve(n *ToyNet, xs []float64, seed uint64) []float64 {
	out := make([]float64, len(SigmaGrid))
	for k, s := range SigmaGrid {
		rng := rand.New(rand.NewPCG(seed, uint64(k)))
		out[k] = n.ContractionRatio(xs, s, 2, rng)
	}
	return out
}

func (m *Meter) measure() {
	for i, n := range m.nets {
		m.curves[i] = Curve(n, m.held, 42)
	}
}

// OnMount draws and starts training (it is quick: a second or two).
func (m *Meter) OnMount(ctx app.Context) {
	ctx.Defer(func(app.Context) { m.redraw() })
}

// OnDismount stops the loop.
func (m *Meter) OnDismount() { m.loop.Release() }

func (m *Meter) steps() int { return m.nets[0].Step }

func (m *Meter) stepAll(n int, more func() bool) bool {
	max := m.vals.Int("steps")
	for k := 0; k < n && more(); k++ {
		if m.steps() >= max {
			m.reason = fmt.Sprintf("trained for %d steps", max)
			return false
		}
		for i, net := range m.nets {
			if _, err := net.TrainStep(m.train, batchSize); err != nil {
				m.reason = fmt.Sprintf("paused: the %s diverged (%v)", meterNames[i], err)
				return false
			}
		}
	}
	return true
}

func (m *Meter) tick(ctx app.Context) bool {
	cont := m.running && m.stepAll(20, draw.Budget(8*time.Millisecond))
	m.frames++
	if m.frames%5 == 0 || !cont {
		m.measure()
	}
	m.redraw()
	if !cont {
		m.running = false
	}
	return cont
}

func (m *Meter) setParam(name, text string) {
	p, _ := MeterParams.Lookup(name)
	var ok bool
	if m.notes, ok = kit.SetFromText(m.vals, m.notes, p, text); !ok {
		return
	}
	urlstate.Replace(m.B.ID, MeterParams, m.vals)
	if name != "sigma" {
		m.running = false
		m.loop.Stop()
		m.reset()
	}
	m.redraw()
}

// Ratios returns each model's measured ratio at σ (interpolated in log σ).
func (m *Meter) ratios(sigma float64) [3]float64 {
	var r [3]float64
	ls := math.Log(sigma)
	for i, c := range m.curves {
		for k := 0; k+1 < len(SigmaGrid); k++ {
			a, b := math.Log(SigmaGrid[k]), math.Log(SigmaGrid[k+1])
			if ls <= b || k+2 == len(SigmaGrid) {
				t := math.Max(0, math.Min(1, (ls-a)/(b-a)))
				r[i] = c[k] + t*(c[k+1]-c[k])
				break
			}
		}
	}
	return r
}

func (m *Meter) redraw() {
	c := draw.Get(m.id("plot"), 460, 240)
	if c == nil {
		return
	}
	c.Clear(draw.Paper)
	const l, r, t, b = 46.0, 12.0, 24.0, 30.0
	pw, ph := c.W-l-r, c.H-t-b
	hi := 0.0
	for _, cv := range m.curves {
		for _, v := range cv {
			hi = math.Max(hi, v)
		}
	}
	hi = math.Max(hi*1.1, 0.1)
	lo0, hi0 := math.Log(SigmaGrid[0]), math.Log(SigmaGrid[len(SigmaGrid)-1])
	X := func(s float64) float64 { return l + pw*(math.Log(s)-lo0)/(hi0-lo0) }
	Y := func(v float64) float64 { return t + ph*(1-v/hi) }
	c.Text(l, 15, "Measured ‖h(x+ε) − h(x)‖ / ‖ε‖ on held-out points", "600 12px system-ui, sans-serif", draw.Ink, "left")
	c.Stroke("#ccc", 1)
	c.Line(l, t, l, t+ph)
	c.Line(l, t+ph, l+pw, t+ph)
	for _, s := range []float64{0.01, 0.1, 1} {
		c.Text(X(s), t+ph+13, draw.Num(s), "10px system-ui, sans-serif", "#555", "center")
	}
	c.Text(l+pw, c.H-3, "noise σ (log scale) →", "10px system-ui, sans-serif", "#555", "right")
	c.Text(l-4, t+8, draw.Num(hi), "10px system-ui, sans-serif", "#555", "right")
	c.Text(l-4, t+ph, "0", "10px system-ui, sans-serif", "#555", "right")
	sig := m.vals.Float("sigma")
	c.Stroke(draw.Grey, 1)
	c.Ctx.Call("setLineDash", []any{3, 3})
	c.Line(X(sig), t, X(sig), t+ph)
	c.Ctx.Call("setLineDash", []any{})
	for i, cv := range m.curves {
		pts := make([]float64, 0, 2*len(cv))
		for k, v := range cv {
			pts = append(pts, X(SigmaGrid[k]), Y(v))
		}
		c.Stroke(meterColors[i], 2)
		c.Poly(pts, false)
		c.Fill(meterColors[i])
		c.Text(l+pw-4, t+12+14*float64(i), meterNames[i], "600 11px system-ui, sans-serif", meterColors[i], "right")
	}
	rs := m.ratios(sig)
	for i := range rs {
		c.Fill(meterColors[i])
		c.Dot(X(sig), Y(rs[i]), 4)
	}
}

func (m *Meter) status() string {
	rs := m.ratios(m.vals.Float("sigma"))
	s := fmt.Sprintf("step %d · ratio at σ = %s: AE %s, DAE %s, CAE %s", m.steps(), draw.Num(m.vals.Float("sigma")),
		draw.Num(rs[0]), draw.Num(rs[1]), draw.Num(rs[2]))
	if m.reason != "" {
		s += " — " + m.reason
	} else if m.running {
		s += " — training"
	}
	return s
}

// Render draws the controls, the plot and the numbers.
func (m *Meter) Render() app.UI {
	if m.nets[0] == nil {
		m.OnInit()
	}
	rs := m.ratios(m.vals.Float("sigma"))
	locked := m.B.Locked
	var controls app.UI = app.Text("")
	if !m.B.Hidden {
		controls = app.Div().Class("ll-controls").Body(
			app.Label().Body(app.Text("noise σ = "+draw.Num(m.vals.Float("sigma"))+" "),
				app.Input().Type("range").Min(-2).Max(0).Step(0.05).Disabled(locked).Aria("label", "noise sigma (log10)").
					Value(strconv.FormatFloat(math.Log10(m.vals.Float("sigma")), 'f', 2, 64)).
					OnInput(func(ctx app.Context, e app.Event) {
						v, err := strconv.ParseFloat(ctx.JSSrc().Get("value").String(), 64)
						if err == nil {
							m.setParam("sigma", strconv.FormatFloat(math.Pow(10, v), 'g', 4, 64))
						}
					})),
			app.Label().Body(app.Text("CAE λ "),
				app.Input().Type("number").Class("ll-num").Step(0.1).Disabled(locked).
					Value(strconv.FormatFloat(m.vals.Float("lambda"), 'g', 4, 64)).
					OnChange(func(ctx app.Context, e app.Event) { m.setParam("lambda", ctx.JSSrc().Get("value").String()) })),
			app.Label().Body(app.Text("DAE corruption σ "),
				app.Input().Type("number").Class("ll-num").Step(0.05).Disabled(locked).
					Value(strconv.FormatFloat(m.vals.Float("dnoise"), 'g', 4, 64)).
					OnChange(func(ctx app.Context, e app.Event) { m.setParam("dnoise", ctx.JSSrc().Get("value").String()) })),
		)
	}
	cell := func(i int) app.UI {
		return app.Td().DataSet("model", meterNames[i]).Style("color", meterColors[i]).Text(draw.Num(rs[i]))
	}
	return app.Div().Class("ll-widget sensitivity-meter").Body(
		controls,
		draw.Notes(m.notes),
		draw.Bar{Running: m.running, Disabled: locked, Status: m.status(),
			OnTrain: func(ctx app.Context, e app.Event) {
				m.loop.RenderEvery = 4
				m.running = true
				m.reason = ""
				m.loop.Start(ctx, m.tick)
			},
			OnPause: func(ctx app.Context, e app.Event) { m.running = false; m.loop.Stop() },
			OnStep: func(ctx app.Context, e app.Event) {
				m.stepAll(1, func() bool { return true })
				m.measure()
				m.redraw()
			},
			OnReset: func(ctx app.Context, e app.Event) { m.running = false; m.loop.Stop(); m.reset(); m.redraw() },
		}.UI(),
		app.Canvas().ID(m.id("plot")).Class("ll-canvas").Attr("role", "img").
			Aria("label", "Measured sensitivity of the AE, DAE and CAE codes against noise size").
			Style("width", "100%").Style("max-width", "460px"),
		app.Table().Class("ll-table").Body(
			app.Caption().Text("Measured ratio ‖h(x+ε) − h(x)‖/‖ε‖ at the chosen σ (mean over 150 held-out points × 2 draws; lower = more contractive)"),
			app.THead().Body(app.Tr().Body(app.Th().Text("AE"), app.Th().Text("DAE"), app.Th().Text("CAE"))),
			app.TBody().Body(app.Tr().Body(cell(0), cell(1), cell(2))),
		),
		app.P().Class("ll-readout").Text(fmt.Sprintf(
			"Three 2→16→2 sigmoid autoencoders with tied weights, the same seed and the same batches, trained on the %s set: a plain AE, a DAE trained to undo N(0, %s²) corruption, and a CAE with λ = %s. Press Train (about %d steps).",
			m.vals.String("dataset"), draw.Num(m.vals.Float("dnoise")), draw.Num(m.vals.Float("lambda")), m.vals.Int("steps"))),
	)
}
