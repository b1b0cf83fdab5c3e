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
	pSamples    = params.Param{Name: "n", Kind: params.Int, Default: 16, Min: 4, Max: 64, Doc: "how many samples to draw"}
	pSeed       = params.Param{Name: "seed", Kind: params.Int, Default: 1, Min: 0, Max: 999999, Doc: "random seed of the first batch"}
	priorParams = append(sourceParams(), pSamples, pSeed)
)

func init() {
	widget.Register(widget.Spec{
		Name:    "prior-samples",
		Title:   "Samples from the prior",
		Summary: "Decode a batch of z ~ N(0, I): what the VAE generates when nobody gives it an input.",
		Params:  priorParams,
		New:     func(b widget.Block) app.UI { return &prior{b: b} },
	})
}

// prior is the prior-samples widget: z ~ N(0, I), decoded locally.
type prior struct {
	app.Compo
	b      widget.Block
	vals   params.Values
	notes  []params.Note
	src    *Source
	cancel func()
	seed   uint64
	dec    decoder
	buf    []byte
	frame  kit.Frame
}

func (w *prior) OnInit() {
	w.vals = w.b.Params
	if w.vals == nil {
		w.vals = priorParams.Defaults()
	}
	w.notes = nil // the page frame already shows b.Notes
	w.seed = uint64(w.vals.Int("seed"))
}

func (w *prior) OnMount(ctx app.Context) {
	w.src, w.cancel = attachSourceEvery(ctx, w.vals, w.cancel, followGap, func() { w.draw() })
	ctx.Defer(func(app.Context) { w.draw() })
}

func (w *prior) OnDismount() {
	if w.cancel != nil {
		w.cancel()
	}
	w.frame.Release()
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

func (w *prior) draw() {
	w.frame.Request(func() {
		net := w.src.Net
		setText(w.b.ID+"-caption", sourceCaption(w.src))
		if net == nil || !w.src.IsImage() {
			return
		}
		n := w.vals.Int("n")
		zs := samples(n, net.Latent, w.seed)
		imgs := make([][]float32, n)
		for i, z := range zs {
			imgs[i] = net.Decode(z)
		}
		g := kit.GridFor(n, 8, w.src.Width, w.src.Height, 1)
		w.buf = kit.PutGrid(kit.Element(w.b.ID+"-grid"), g, imgs, w.buf)
	})
}

func (w *prior) Render() app.UI {
	id := w.b.ID
	n := w.vals.Int("n")
	g := kit.GridFor(n, 8, 28, 28, 1)
	gw, gh := g.Size()
	var controls []app.UI
	if !w.b.Hidden {
		controls = append(controls, app.Div().Style("display", "flex").Style("gap", "1rem").Style("align-items", "center").Style("flex-wrap", "wrap").Body(
			app.Button().Type("button").Class("ll-btn").Disabled(w.b.Locked).Text("Resample").
				OnClick(func(ctx app.Context, e app.Event) { w.seed++; w.draw() }),
			kit.Field{ID: id + "-n", Param: pSamples, Label: "Samples", Value: n, Disabled: w.b.Locked,
				OnChange: func(ctx app.Context, v any, note *params.Note) {
					w.vals["n"] = v
					replaceURL(w.b, priorParams, w.vals)
					w.draw()
				}}.UI(),
		))
	}
	body := []app.UI{
		app.Canvas().ID(id+"-grid").Role("img").Aria("label", fmt.Sprintf("%d images decoded from random draws of z ~ N(0, I)", n)).
			Width(gw).Height(gh).Style("width", "100%").Style("max-width", fmt.Sprintf("%dpx", gw*2)).
			Style("image-rendering", "pixelated").Style("display", "block").Style("background", "#808080"),
		app.P().Style("font-size", "0.85em").Style("margin", "0").
			Text("Each image is the decoder's output (its mean, pixel by pixel) for one random point z drawn from the prior N(0, I): no input image is involved. Resample draws new points."),
	}
	body = append(body, controls...)
	body = append(body, sourceToggle(w.b, w.vals, priorParams, func(ctx app.Context) {
		w.src, w.cancel = attachSourceEvery(ctx, w.vals, w.cancel, followGap, func() { w.draw() })
		w.draw()
	}))
	body = append(body, app.P().ID(id+"-caption").Style("font-size", "0.85em").Text("Loading the model…"))
	return frameFor(w.b, "vae-prior", w.notes, body...)
}
