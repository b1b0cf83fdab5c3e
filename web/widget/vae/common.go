package vae

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/formula"
	"latentlab/core/infer"
	"latentlab/web/params"
	"latentlab/web/urlstate"
	"latentlab/web/widget"
	"latentlab/web/widget/kit"
)

// Parameters shared by the widgets that explore a model.
var (
	pModel = params.Param{Name: "model", Kind: params.String, Default: PretrainedName,
		Doc: "pretrained model file under /web/models (without .llm)"}
	pPretrained = params.Param{Name: "pretrained", Kind: params.Bool, Default: true,
		Doc: "start from the pretrained model (otherwise wait for the trainer named by source)"}
	pSource = params.Param{Name: "source", Kind: params.String, Default: "",
		Doc: "id of a vae-trainer on the same page whose model to follow while it trains"}
	pRange = params.Param{Name: "range", Kind: params.Float, Default: 3.0, Min: 0.5, Max: 10,
		Doc: "the latent plane shown is [−range, range]²"}
	pDimX = params.Param{Name: "dim_x", Kind: params.Int, Default: 1, Min: 1, Max: 16,
		Doc: "latent dimension on the horizontal axis (1-based); others are held at 0"}
	pDimY = params.Param{Name: "dim_y", Kind: params.Int, Default: 2, Min: 1, Max: 16,
		Doc: "latent dimension on the vertical axis (1-based)"}
)

func sourceParams() params.Table { return params.Table{pModel, pPretrained, pSource} }

// chooseSource resolves a block's model parameters to a Source.
func chooseSource(v params.Values) *Source {
	if src := v.String("source"); src != "" && !v.Bool("pretrained") {
		if s, ok := sources["trainer:"+src]; ok {
			return s
		}
	}
	m := v.String("model")
	if m == "" {
		m = PretrainedName
	}
	return pretrainedSource(m)
}

// decoder holds scratch space for allocation-free local decoding.
type decoder struct {
	ws  infer.Workspace
	z   []float32
	out []float32
	buf []byte
}

// decode decodes z (len Latent) with net into d.out.
func (d *decoder) decode(net *infer.Network, z []float32) []float32 {
	d.out = net.DecodeInto(&d.ws, d.out, z)
	return d.out
}

// point builds a latent vector with x, y on dims dx, dy (0-based) and base
// elsewhere (zeros when base is nil).
func (d *decoder) point(latent, dx, dy int, x, y float64, base []float32) []float32 {
	if cap(d.z) < latent {
		d.z = make([]float32, latent)
	}
	d.z = d.z[:latent]
	for i := range d.z {
		d.z[i] = 0
		if i < len(base) {
			d.z[i] = base[i]
		}
	}
	if dx < latent {
		d.z[dx] = float32(x)
	}
	if dy < latent {
		d.z[dy] = float32(y)
	}
	return d.z
}

// clampDims keeps the chosen axes inside the latent size and distinct.
func clampDims(dx, dy, latent int) (int, int) {
	if latent < 1 {
		return 0, 1
	}
	dx = max(0, min(dx, latent-1))
	dy = max(0, min(dy, latent-1))
	if dx == dy && latent > 1 {
		dy = (dx + 1) % latent
	}
	return dx, dy
}

// gridAxis returns the n axis values of a manifold grid over [−r, r], or
// through Gaussian quantiles Φ⁻¹((i+½)/n) when quantile is set.
func gridAxis(n int, r float64, quantile bool) []float64 {
	v := make([]float64, n)
	for i := range v {
		if quantile {
			v[i] = formula.NormalQuantile((float64(i) + 0.5) / float64(n))
		} else if n == 1 {
			v[i] = 0
		} else {
			v[i] = -r + 2*r*float64(i)/float64(n-1)
		}
	}
	return v
}

// frameFor wraps a widget body in the common container with notes.
func frameFor(b widget.Block, class string, notes []params.Note, body ...app.UI) app.UI {
	all := append([]app.UI{kit.Notes(notes)}, body...)
	return app.Div().Class("ll-widget", class).DataSet("widget", b.Name).Body(all...)
}

// imageCanvas is a canvas that shows a w×h image scaled up without smoothing.
func imageCanvas(id, label string, cssPx int) app.HTMLCanvas {
	return app.Canvas().ID(id).Width(28).Height(28).Role("img").Aria("label", label).
		Style("width", fmt.Sprintf("min(%dpx, 40vw)", cssPx)).Style("aspect-ratio", "1 / 1").
		Style("image-rendering", "pixelated").Style("background", "#000").Style("border-radius", "4px")
}

// setText replaces the text of the element id (cheap updates on pointer moves
// without a re-render).
func setText(id, s string) {
	if el := kit.Element(id); kit.Present(el) && el.Get("textContent").String() != s {
		el.Set("textContent", s) // only on change: a write invalidates layout
	}
}

// replaceURL mirrors a widget's settings into the address bar.
func replaceURL(b widget.Block, t params.Table, v params.Values) {
	urlstate.Replace(b.ID, t, v)
}

// fmtZ formats a latent coordinate with a true minus sign.
func fmtZ(v float64) string { return kit.FormatNumber(math.Round(v*100) / 100) }

// sourceCaption says which model a widget shows.
func sourceCaption(s *Source) string {
	switch {
	case s.Err != "" && s.Net == nil:
		return s.Err
	case s.Net == nil && s.live:
		return "Waiting for " + s.Title + ": press Train (or Step) in the trainer."
	case s.Net == nil:
		return "Loading " + s.Title + "…"
	case s.live:
		return fmt.Sprintf("Showing %s (step %d, %d-D latent).", s.Title, s.Step, s.Net.Latent)
	}
	if v, ok := s.Meta["test_neg_elbo"]; ok {
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			return fmt.Sprintf("Showing %s (%d-D latent, %d training steps; held-out −ELBO %s nats per image).",
				s.Title, s.Net.Latent, s.Step, kit.FormatNumber(f))
		}
	}
	return fmt.Sprintf("Showing %s (%d-D latent).", s.Title, s.Net.Latent)
}

// attachSource (re)chooses a widget's source from its parameters and
// subscribes onChange (run on the UI goroutine) to it, cancelling the old
// subscription. See follower for how onChange is run.
func attachSource(ctx app.Context, v params.Values, cancel func(), onChange func()) (*Source, func()) {
	return attachSourceEvery(ctx, v, cancel, 0, onChange)
}

// attachSourceEvery is attachSource with onChange run at most once per gap
// while the source is a training model (a trainer publishes a few times a
// second; widgets that decode many images follow it less often, so that no
// animation frame holds several of them).
func attachSourceEvery(ctx app.Context, v params.Values, cancel func(), gap time.Duration, onChange func()) (*Source, func()) {
	if cancel != nil {
		cancel()
	}
	s := chooseSource(v)
	f := &follower{ctx: ctx, src: s, gap: gap, fn: onChange, shape: s.shape()}
	unsubscribe := s.Subscribe(f.notify)
	return s, func() { f.stopped = true; unsubscribe() }
}

// followGap is how often the widgets that decode many images (prior
// samples, posterior, interpolation, drawing pad) follow a training model.
const followGap = 500 * time.Millisecond

// follower runs a widget's onChange for one subscription.
//
// It runs onChange with kit.RunQuiet: on the UI goroutine, without
// re-rendering the component (ctx.Dispatch would rebuild and diff the
// widget's whole UI after every training snapshot, while onChange only
// draws on canvases). Only when the source's shape changes
// (latent size, availability, error: what Render shows) is the component
// updated as well.
type follower struct {
	ctx     app.Context
	src     *Source
	gap     time.Duration
	fn      func()
	shape   sourceShape
	last    time.Time
	pending bool // a delayed run is scheduled
	stopped bool // unsubscribed: a delayed run does nothing
}

func (f *follower) notify() {
	if sh := f.src.shape(); sh != f.shape {
		f.shape = sh
		f.ctx.Dispatch(func(app.Context) { f.run() })
		return
	}
	if f.gap <= 0 || !f.src.live {
		f.next()
		return
	}
	if f.pending {
		return
	}
	if wait := f.gap - time.Since(f.last); wait > 0 {
		f.pending = true
		time.AfterFunc(wait, f.next)
		return
	}
	f.next()
}

// next runs onChange on the UI goroutine without a component update.
func (f *follower) next() {
	kit.RunQuiet(f.ctx, func(app.Context) { f.run() })
}

func (f *follower) run() {
	f.pending, f.last = false, time.Now()
	if !f.stopped {
		f.fn()
	}
}

// sourceShape is what of a Source the widgets' Render shows.
type sourceShape struct {
	latent             int
	err                string
	net, codes, images bool
}

func (s *Source) shape() sourceShape {
	return sourceShape{s.Latent(), s.Err, s.Net != nil, s.Codes != nil, s.Images != nil}
}

// sourceToggle is the "Use the pretrained model" checkbox, shown when the
// widget names a trainer to follow; on is called after the value changed.
func sourceToggle(b widget.Block, v params.Values, t params.Table, on func(ctx app.Context)) app.UI {
	if v.String("source") == "" || b.Hidden {
		return app.Div()
	}
	if _, ok := sources["trainer:"+v.String("source")]; !ok {
		return app.Div()
	}
	return kit.Field{ID: b.ID + "-pretrained", Param: pPretrained, Value: v.Bool("pretrained"), Disabled: b.Locked,
		Label: "Use the pretrained model (untick to follow the model you are training)",
		OnChange: func(ctx app.Context, val any, _ *params.Note) {
			v["pretrained"] = val
			replaceURL(b, t, v)
			on(ctx)
		}}.UI()
}
