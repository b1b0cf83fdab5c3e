package vae

import (
	"fmt"
	"math/rand/v2"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/params"
	"latentlab/web/widget"
	"latentlab/web/widget/kit"
)

var (
	pSamples    = params.NewInt(params.Param{Name: "n", Default: 16, Min: 4, Max: 64, Doc: "how many samples to draw"})
	pSeed       = params.NewInt(params.Param{Name: "seed", Default: 1, Min: 0, Max: 999999, Doc: "random seed of the first batch"})
	priorParams = sourceParams(pSamples, pSeed)
)

func init() {
	widget.Register(widget.Spec{
		Name:    "prior-samples",
		Title:   "Samples from the prior",
		Summary: "Decode a batch of z ~ N(0, I): what the VAE generates when nobody gives it an input.",
		Params:  priorParams,
		New:     func(b widget.Block) app.UI { return &prior{viewer: viewer{Base: kit.Base{B: b}}} },
	})
}

// prior is the prior-samples widget: z ~ N(0, I), decoded locally.
type prior struct {
	app.Compo
	viewer
	seed uint64
	buf  []byte
}

func (w *prior) OnInit() {
	w.init(priorParams, followGap, func(bool) { w.redraw() })
	w.seed = uint64(pSeed.Get(w.Vals))
}

// samples draws n latent vectors from N(0, I) with the widget's seed.
func samples(n, latent int, seed uint64) [][]float32 {
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	zs := make([][]float32, n)
	for i := range zs {
		zs[i] = make([]float32, latent)
		for j := range zs[i] {
			zs[i][j] = float32(r.NormFloat64())
		}
	}
	return zs
}

func (w *prior) redraw() {
	w.draw(func() {
		net := w.src.Net
		kit.SetText(w.ID("caption"), sourceCaption(w.src))
		if net == nil || !w.src.IsImage() {
			return
		}
		n := pSamples.Get(w.Vals)
		zs := samples(n, net.Latent, w.seed)
		imgs := decodeAll(net, zs)
		g := kit.GridFor(n, 8, w.src.Width, w.src.Height, 1)
		w.buf = kit.PutGrid(kit.Element(w.ID("grid")), g, imgs, w.buf)
	})
}

func (w *prior) Render() app.UI {
	n := pSamples.Get(w.Vals)
	g := kit.GridFor(n, 8, 28, 28, 1)
	gw, gh := g.Size()
	var controls app.UI = app.Div()
	if !w.B.Hidden {
		controls = app.Div().Style("display", "flex").Style("gap", "1rem").Style("align-items", "center").Style("flex-wrap", "wrap").Body(
			app.Button().Type("button").Class("ll-btn").Disabled(w.B.ActionsOff).Text("Resample").
				OnClick(func(ctx app.Context, e app.Event) { w.seed++; w.redraw() }),
			w.Field(pSamples.Param, "Samples", func(app.Context) { w.redraw() }).UI(),
		)
	}
	return w.Frame("vae-prior",
		app.Canvas().ID(w.ID("grid")).Role("img").Aria("label", fmt.Sprintf("%d images decoded from random draws of z ~ N(0, I)", n)).
			Width(gw).Height(gh).Style("width", "100%").Style("max-width", fmt.Sprintf("%dpx", gw*2)).
			Style("image-rendering", "pixelated").Style("display", "block").Style("background", "#808080"),
		app.P().Style("font-size", "0.85em").Style("margin", "0").
			Text("Each image is the decoder's output (its mean, pixel by pixel) for one random point z drawn from the prior N(0, I): no input image is involved. Resample draws new points."),
		controls,
		w.sourceToggle(),
		app.P().ID(w.ID("caption")).Style("font-size", "0.85em").Text("Loading the model…"),
	)
}
