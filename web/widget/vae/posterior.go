package vae

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/formula"
	"latentlab/web/params"
	"latentlab/web/widget"
	"latentlab/web/widget/kit"
)

var (
	pDigit          = params.NewInt(params.Param{Name: "digit", Default: 3, Min: 0, Max: 9, Doc: "which digit class to pick an example from"})
	pExample        = params.NewInt(params.Param{Name: "example", Default: 1, Min: 1, Max: 20, Doc: "which held-out example of that digit"})
	pPostN          = params.NewInt(params.Param{Name: "samples", Default: 8, Min: 1, Max: 16, Doc: "samples z ~ q(z|x) to decode"})
	posteriorParams = sourceParams(pDigit, pExample, pPostN, pRange)
)

func init() {
	widget.Register(widget.Spec{
		Name:    "posterior-view",
		Title:   "The posterior q(z|x) of one digit",
		Summary: "Pick a held-out digit: its posterior ellipse (μ ± σ, μ ± 2σ) is drawn on the latent map, with samples from it decoded.",
		Params:  posteriorParams,
		New:     func(b widget.Block) app.UI { return &posterior{viewer: viewer{Base: kit.Base{B: b}, encodes: true}} },
	})
}

// posterior is the posterior-view widget.
type posterior struct {
	app.Compo
	viewer
	m    latentMap
	seed uint64
	buf  []byte
	xbuf []byte
}

func (w *posterior) OnInit() {
	w.init(posteriorParams, followGap, w.redraw)
	w.m = latentMap{id: "vp-" + w.B.ID, rng: pRange.Get(w.Vals)}
	w.seed = 7
}

// posteriorSamples returns z = μ + σ·ε for n draws of ε ~ N(0, I).
func posteriorSamples(mu, logVar []float32, n int, seed uint64) [][]float32 {
	r := rand.New(rand.NewPCG(seed, 42))
	zs := make([][]float32, n)
	for i := range zs {
		zs[i] = make([]float32, len(mu))
		for j := range mu {
			zs[i][j] = mu[j] + float32(math.Exp(0.5*float64(logVar[j]))*r.NormFloat64())
		}
	}
	return zs
}

// drawPosterior draws the μ ± σ and μ ± 2σ ellipses of a posterior on the
// latent map's dimensions dx, dy, the samples zs as crosses and μ as a dot,
// clipped to the plot area (a code outside the range would otherwise spill
// over the axes). It uses the theme's foreground colour: no digit in the
// scatter has it.
func drawPosterior(s kit.Surface, f kit.MapFrame, dx, dy int, mu, logVar []float32, zs [][]float32) {
	c := s.Ctx
	c.Call("save")
	defer c.Call("restore")
	c.Call("beginPath")
	c.Call("rect", f.X.R0, f.Y.R1, f.X.R1-f.X.R0, f.Y.R0-f.Y.R1)
	c.Call("clip")
	color := s.FG
	cx, cy := f.ToPixels(float64(mu[dx]), float64(mu[dy]))
	sx := math.Exp(0.5 * float64(logVar[dx]))
	sy := math.Exp(0.5 * float64(logVar[dy]))
	kx := math.Abs(f.X.Map(1) - f.X.Map(0))
	ky := math.Abs(f.Y.Map(1) - f.Y.Map(0))
	s.Ellipse(cx, cy, 2*sx*kx, 2*sy*ky, color, 1.5, "")
	s.Ellipse(cx, cy, sx*kx, sy*ky, color, 2.5, "rgba(128,128,128,0.25)")
	var crosses kit.PathBuilder
	for _, z := range zs {
		px, py := f.ToPixels(float64(z[dx]), float64(z[dy]))
		crosses.Marker(kit.Cross, px, py, 4)
	}
	s.Fill(&crosses, color)
	// μ itself: a small dot with a light halo (a big cursor would hide a
	// confident, tiny ellipse).
	s.Ellipse(cx, cy, 3, 3, "#ffffff", 1.5, "#000000")
}

// klText gives the posterior's KL to the prior N(0, I) in nats, in total
// and per dimension (at most 4 listed): the closed form the loss adds up.
func klText(mu, logVar []float32) string {
	total := 0.0
	parts := make([]string, 0, len(mu))
	for j := range mu {
		k := formula.KLDiagGaussian(float64(mu[j]), float64(logVar[j]))
		total += k
		if j < 4 {
			parts = append(parts, "KL"+sub(j+1)+" "+kit.FormatNumber(k))
		}
	}
	if len(mu) > 4 {
		parts = append(parts, "…")
	}
	return "KL to the prior: " + kit.FormatNumber(total) + " nats (" + strings.Join(parts, ", ") + ")"
}

// smallEllipse reports whether the μ ± σ ellipse is under a few pixels on
// the map, so the caption can say why it is hard to see.
func smallEllipse(f kit.MapFrame, dx, dy int, logVar []float32) bool {
	kx := math.Abs(f.X.Map(1) - f.X.Map(0))
	return math.Exp(0.5*float64(logVar[dx]))*kx < 5 && math.Exp(0.5*float64(logVar[dy]))*kx < 5
}

// sigmaText describes σ along the map's axes.
func sigmaText(dx, dy int, mu, logVar []float32) string {
	return fmt.Sprintf("μ = (%s, %s), σ = (%s, %s)", fmtZ(float64(mu[dx])), fmtZ(float64(mu[dy])),
		kit.FormatNumber(math.Exp(0.5*float64(logVar[dx]))), kit.FormatNumber(math.Exp(0.5*float64(logVar[dy]))))
}

func (w *posterior) redraw(all bool) {
	w.draw(func() {
		w.m.rng = pRange.Get(w.Vals)
		w.m.dimX, w.m.dimY = clampDims(0, 1, w.src.Latent())
		w.m.sync(w.src, all)
		net := w.src.Net
		i := w.src.FirstOfDigit(pDigit.Get(w.Vals), pExample.Get(w.Vals)-1)
		x := w.src.Image(i)
		s, f, ok := w.m.overlay()
		if net == nil || x == nil || !net.IsVAE() || !w.src.CanEncode() {
			kit.SetText(w.m.id+"-info", "Waiting for held-out digits…")
			return
		}
		mu, logVar := net.Encode(x)
		zs := posteriorSamples(mu, logVar, pPostN.Get(w.Vals), w.seed)
		if ok {
			drawPosterior(s, f, w.m.dimX, w.m.dimY, mu, logVar, zs)
		}
		info := sigmaText(w.m.dimX, w.m.dimY, mu, logVar) + "; " + klText(mu, logVar) + "."
		if ok && smallEllipse(f, w.m.dimX, w.m.dimY, logVar) {
			info += " A tiny ellipse: the encoder is very sure where this digit goes (lower the range to zoom in)."
		}
		kit.SetText(w.m.id+"-info", info)
		w.xbuf = kit.PutGray(kit.Element(w.ID("x")), x, w.src.Width, w.src.Height, w.xbuf)
		imgs := decodeAll(net, zs)
		g := kit.GridFor(len(imgs), 8, w.src.Width, w.src.Height, 1)
		w.buf = kit.PutGrid(kit.Element(w.ID("samples")), g, imgs, w.buf)
	})
}

func (w *posterior) Render() app.UI {
	id := w.B.ID
	n := pPostN.Get(w.Vals)
	g := kit.GridFor(n, 8, 28, 28, 1)
	gw, gh := g.Size()
	redraw := func(app.Context) { w.redraw(false) }
	digit, example := w.Field(pDigit.Param, "Digit", redraw), w.Field(pExample.Param, "Example", redraw)
	digit.Input, example.Input = "number", "number"
	var controls app.UI = app.Div()
	if !w.B.Hidden {
		controls = app.Div().Style("display", "flex").Style("gap", "1rem").Style("align-items", "center").Style("flex-wrap", "wrap").Body(
			kit.Controls(digit, example),
			app.Button().Type("button").Class("ll-btn").Disabled(w.B.ActionsOff).Text("New samples").
				OnClick(func(ctx app.Context, e app.Event) { w.seed++; w.redraw(false) }),
		)
	}
	return w.Frame("vae-posterior",
		controls,
		app.Div().Style("display", "flex").Style("flex-wrap", "wrap").Style("gap", "1rem").Style("align-items", "flex-start").Body(
			app.Div().Style("flex", "1 1 260px").Style("max-width", "400px").Body(
				w.m.ui(app.Canvas().Role("img").Aria("label", "Posterior ellipse on the latent map")),
				app.P().ID(w.m.id+"-info").Style("font-variant-numeric", "tabular-nums").Style("font-size", "0.85em").Style("margin", "0.3rem 0").Text(""),
				kit.DigitLegend(),
			),
			app.Div().Style("flex", "0 1 240px").Body(
				app.P().Style("margin", "0 0 0.2rem").Text("The input x:"),
				imageCanvas(id+"-x", "The chosen held-out digit", 112),
				app.P().Style("margin", "0.5rem 0 0.2rem").Text("Decoded samples z ~ q(z|x) (crosses on the map):"),
				app.Canvas().ID(id+"-samples").Role("img").Aria("label", "Images decoded from samples of the posterior").
					Width(gw).Height(gh).Style("width", "100%").Style("max-width", fmt.Sprintf("%dpx", gw*2)).
					Style("image-rendering", "pixelated").Style("display", "block"),
			),
		),
		app.P().Style("font-size", "0.85em").Text("The thick ellipse is μ ± σ, the thin one μ ± 2σ (about 86% of the probability mass of a 2-D Gaussian lies inside 2σ)."),
		w.sourceToggle(),
		app.P().ID(w.m.id+"-caption").Style("font-size", "0.85em").Text("Loading the model…"),
	)
}
