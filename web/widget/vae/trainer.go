package vae

import (
	"fmt"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/spec"
	"latentlab/web/engine"
	"latentlab/web/params"
	"latentlab/web/widget"
	"latentlab/web/widget/kit"
)

// trainerParams is the vae-trainer's parameter table.
var trainerParams = params.Table{
	{Name: "dataset", Kind: params.Choice, Default: "mnist",
		Choices: []string{"mnist", "circle", "spiral", "moons", "blobs", "swissroll"},
		Doc:     "training data: the MNIST subset or a 2-D toy set"},
	{Name: "latent", Kind: params.Int, Default: 2, Min: 2, Max: 16, Doc: "latent dimensions"},
	{Name: "hidden", Kind: params.Int, Default: 256, Min: 16, Max: 512, Doc: "hidden layer width (encoder and decoder)"},
	{Name: "beta", Kind: params.Float, Default: 1.0, Min: 0, Max: 20, Doc: "β, the weight of the KL term (β-VAE; 1 is the plain ELBO)"},
	{Name: "lr", Kind: params.Float, Default: 0.001, Min: 1e-5, Max: 10, Doc: "Adam learning rate"},
	{Name: "batch", Kind: params.Int, Default: 100, Min: 8, Max: 512, Doc: "minibatch size"},
	{Name: "seed", Kind: params.Int, Default: 1, Min: 0, Max: 999999, Doc: "random seed (initial weights and minibatches)"},
}

var datasetLabels = map[string]string{
	"mnist": "MNIST digits (10,000)", "circle": "toy: circle", "spiral": "toy: spiral",
	"moons": "toy: two moons", "blobs": "toy: blobs", "swissroll": "toy: swiss roll",
}

func init() {
	widget.Register(widget.Spec{
		Name:    "vae-trainer",
		Title:   "Train a VAE",
		Summary: "Train a variational autoencoder in the browser and watch reconstruction, KL and −ELBO, reconstructions of held-out digits and the KL per latent dimension.",
		Params:  trainerParams,
		New:     func(b widget.Block) app.UI { trainerSource(b.ID); return &trainer{b: b} },
	})
}

// trainerCodes is how many held-out digits a trainer encodes for widgets
// that follow it (fewer than the pretrained map: it is redone while training).
const trainerCodes = 500

// stripN is the number of fixed held-out digits shown with their reconstructions.
const stripN = 8

// trainer is the vae-trainer widget. Training runs in the engine worker in
// lockstep (kit.Driver); after chunks it fetches a snapshot of the network so
// that the strip and every widget following this trainer decode locally.
type trainer struct {
	app.Compo
	b     widget.Block
	vals  params.Values
	notes []params.Note
	src   *Source

	drv     kit.Driver
	m       *engine.Model
	created *engine.Info
	alert   string

	recon, kl, nelbo    kit.History // Cap 300: plotting cost stays a few ms per frame
	erecon, ekl, enelbo kit.History
	klDim               []float64
	last                engine.Metrics
	status              string
	statusAt            time.Time

	snapBusy, codesBusy     bool
	snapAt, codesAt, evalAt time.Time
	frame                   kit.Frame
	parts                   [3]kit.Frame // the three plots, drawn in frames of their own
	dec                     decoder
	stripBuf                []byte
	lossC, klC, dimC, toyC  kit.Cached  // fitted plot surfaces (no layout reads per frame)
	stripVer                int         // source version the strip shows
	plotAt                  time.Time   // last plot redraw
	stripAt                 time.Time   // last strip request
	stripRec                [][]float32 // the worker's reconstructions of the strip digits

	saving, loading bool   // a model file is being saved / opened
	openFocus       bool   // the file input has keyboard focus (its label shows the ring)
	fileNote        string // progress or result of Save model
}

func (w *trainer) OnInit() {
	for _, h := range []*kit.History{&w.recon, &w.kl, &w.nelbo, &w.erecon, &w.ekl, &w.enelbo} {
		h.Cap = 300
	}
	w.vals = w.b.Params
	if w.vals == nil {
		w.vals = trainerParams.Defaults()
	}
	w.notes = nil // the page frame already shows b.Notes
	w.status = "step 0 · preparing the model…"
}

func (w *trainer) OnMount(ctx app.Context) {
	w.src = trainerSource(w.b.ID)
	w.m = engine.NewModel("vae:" + w.b.ID)
	w.create(ctx)
}

func (w *trainer) OnDismount() {
	w.drv.Reset()
	w.frame.Release()
	for i := range w.parts {
		w.parts[i].Release()
	}
	w.m.Dispose()
}

func (w *trainer) OnResize(ctx app.Context) { w.refit(); w.draw() }

// refit makes the plots measure their canvases again.
func (w *trainer) refit() {
	id := w.b.ID
	w.lossC, w.klC, w.dimC, w.toyC = kit.Cached{ID: id + "-loss"}, kit.Cached{ID: id + "-kl"}, kit.Cached{ID: id + "-kldim"}, kit.Cached{ID: id + "-strip"}
	w.stripVer = -1
}

// config builds the model's configuration and data from the parameters.
func (w *trainer) config() (spec.Config, engine.Data) {
	v := w.vals
	m := spec.Default(spec.VAE)
	m.Hidden, m.Latent, m.Beta = []int{v.Int("hidden")}, v.Int("latent"), v.Float("beta")
	m.LR, m.Batch, m.Seed = v.Float("lr"), v.Int("batch"), uint64(v.Int("seed"))
	d := engine.MNIST(0)
	if ds := v.String("dataset"); ds != "mnist" {
		m.Output = "gaussian"
		d = engine.Toy(ds, 2000, 500, 0.05, uint64(v.Int("seed")))
	}
	return m, d
}

// create builds a fresh model in the worker (a new run: older replies are dropped).
func (w *trainer) create(ctx app.Context) {
	w.clearRun()
	w.created = nil
	w.alert = ""
	w.saving, w.loading, w.fileNote = false, false, ""
	w.status = "step 0 · preparing the model…"
	cfg, data := w.config()
	w.m.Create(cfg, data, func(info engine.Info, err error) {
		ctx.Dispatch(func(ctx app.Context) { w.onCreated(ctx, info, err) })
	})
}

// clearRun starts a new run: older replies are dropped and every history,
// view and published model of the previous one is forgotten.
func (w *trainer) clearRun() {
	w.refit()
	w.drv.Reset()
	for _, h := range []*kit.History{&w.recon, &w.kl, &w.nelbo, &w.erecon, &w.ekl, &w.enelbo} {
		h.Reset()
	}
	w.klDim = nil
	w.last = engine.Metrics{}
	w.snapBusy, w.codesBusy = false, false
	w.stripRec = nil
	w.src.Net, w.src.Codes, w.src.Images, w.src.Step, w.src.Err = nil, nil, nil, 0, ""
	w.src.publish()
}

// onCreated takes the engine's reply to create.
func (w *trainer) onCreated(ctx app.Context, body engine.Info, err error) {
	if err != nil {
		w.alert = "The engine could not build the model: " + err.Error() + ". Press Reset to try again."
		w.status = "step 0 · not ready"
		return
	}
	w.created = &body
	w.src.Width, w.src.Height = body.Width, body.Height
	w.status = fmt.Sprintf("step 0 · ready: %s, %s parameters. Press Train.", w.archText(), kit.FormatCount(body.Params))
	w.fetchImages(ctx)
	w.fetchSnapshot(ctx)
	w.fetchCodes(ctx)
	w.draw()
}

func (w *trainer) archText() string {
	c := w.created
	if c == nil {
		return ""
	}
	hidden := c.Config.Hidden
	enc, dec := fmt.Sprint(c.Input), ""
	for i, h := range hidden {
		enc += fmt.Sprintf(" → %d", h)
		dec += fmt.Sprintf(" → %d", hidden[len(hidden)-1-i])
	}
	return fmt.Sprintf("%s → (μ, log σ²)[%d]%s → %d", enc, c.Latent, dec, c.Input)
}

// fetchImages loads held-out inputs once per model (the strip and digit pickers).
func (w *trainer) fetchImages(ctx app.Context) {
	w.m.Reconstruct(engine.Points{Split: "test", Count: heldOutImages}, func(p engine.Pairs, err error) {
		w.quietly(ctx, func(ctx app.Context) {
			if err != nil {
				return
			}
			w.src.Images = append([]float32(nil), p.Inputs...)
			w.src.publish()
			w.draw()
		})
	})
}

// fetchSnapshot copies the worker's network for local decoding.
func (w *trainer) fetchSnapshot(ctx app.Context) {
	if w.snapBusy {
		return
	}
	w.snapBusy, w.snapAt = true, time.Now()
	w.m.Snapshot(func(snap engine.Snapshot, err error) {
		w.quietly(ctx, func(ctx app.Context) {
			w.snapBusy = false
			if err != nil {
				return
			}
			w.src.Net, w.src.Step = snap.Net, snap.Step
			w.src.publish()
			if w.src.IsImage() {
				w.fetchStrip(ctx)
			}
			w.draw()
		})
	})
}

// fetchCodes re-encodes the held-out set for the latent map.
func (w *trainer) fetchCodes(ctx app.Context) {
	if w.codesBusy {
		return
	}
	w.codesBusy, w.codesAt = true, time.Now()
	w.m.Encode(engine.Points{Split: "test", Count: trainerCodes}, func(c engine.Codes, err error) {
		w.quietly(ctx, func(ctx app.Context) {
			w.codesBusy = false
			if err != nil {
				return
			}
			w.src.Codes = &c
			w.src.publish()
		})
	})
}

// send asks the worker for n training steps.
func (w *trainer) send(ctx app.Context, n int) {
	if n <= 0 || w.created == nil {
		return
	}
	gen := w.drv.Begin(time.Now())
	c := engine.Chunk{Steps: n}
	if time.Since(w.evalAt) > time.Second {
		c.EvalEnd, c.EvalN = true, 500
		w.evalAt = time.Now()
	}
	w.m.Train(c, func(r engine.Trained, err error) {
		w.quietly(ctx, func(ctx app.Context) { w.onTrained(ctx, gen, r, err) })
	})
}

func (w *trainer) onTrained(ctx app.Context, gen int, body engine.Trained, err error) {
	if err != nil {
		if w.drv.Fail(gen, err.Error()) {
			w.alert = "Training stopped: " + err.Error() + ". Press Reset to start again."
			w.setStatus(true, "stopped")
		}
		return
	}
	w.drv.EngineTime(len(body.Metrics), body.Millis)
	reason := body.Diverged
	next, ok := w.drv.Done(gen, len(body.Metrics), time.Now(), reason)
	if !ok {
		return
	}
	if next > 0 {
		// Ask for the next chunk before anything else, so the worker trains
		// while the page plots this one (views asked for below queue
		// behind it in the worker).
		w.send(ctx, next)
	}
	for _, m := range body.Metrics {
		x := float64(m.Step)
		w.recon.Add(x, m.Recon)
		w.kl.Add(x, m.KL)
		w.nelbo.Add(x, m.Recon+m.KL)
		if len(m.KLPerDim) > 0 {
			if len(w.klDim) != len(m.KLPerDim) {
				w.klDim = append([]float64(nil), m.KLPerDim...)
			}
			for j, v := range m.KLPerDim {
				w.klDim[j] = 0.9*w.klDim[j] + 0.1*v
			}
		}
		w.last = m
	}
	for _, e := range body.Eval {
		x := float64(e.Step)
		w.erecon.Add(x, e.Recon)
		w.ekl.Add(x, e.KL)
		w.enelbo.Add(x, e.Recon+e.KL)
	}
	if reason != "" {
		w.alert = "Training diverged and was paused: " + reason + fmt.Sprintf(". The widgets keep the last good model (step %d). ", body.Restored) +
			"Lower the learning rate, then press Reset to train again."
		w.setStatus(true, "diverged")
		w.fetchSnapshot(ctx) // the engine restored the last good weights
		w.draw()
		return
	}
	w.setStatus(next == 0, "")
	// Views cost engine time, taken from training: the strip refreshes twice
	// a second; snapshots (for local decoding) and held-out codes only when a
	// widget follows this trainer, and always when training pauses.
	// A snapshot at least every second (it is cheap: a copy of the weights)
	// so the page always holds a recent good model.
	followed := len(w.src.subs) > 0
	switch {
	case next == 0 || time.Since(w.snapAt) > time.Second || followed && time.Since(w.snapAt) > 400*time.Millisecond:
		w.fetchSnapshot(ctx) // fetches the strip too
	case time.Since(w.stripAt) > 500*time.Millisecond && w.src.IsImage():
		w.fetchStrip(ctx)
	}
	if next == 0 || followed && time.Since(w.codesAt) > 3*time.Second {
		w.fetchCodes(ctx)
	}
	w.draw()
}

// setStatus rewrites the Training status text, at most 4 times a second
// unless force (a screen reader should not hear 15 updates a second).
func (w *trainer) setStatus(force bool, state string) {
	if !force && time.Since(w.statusAt) < 250*time.Millisecond {
		return
	}
	w.statusAt = time.Now()
	m := w.last
	st := kit.Status{Step: w.drv.Steps(), Rate: w.drv.Rate(), State: state, Terms: []kit.Term{
		{Name: "recon", Value: m.Recon, Unit: "nats"},
		{Name: "KL", Value: m.KL, Unit: "nats"},
		{Name: "−ELBO", Value: m.Recon + m.KL, Unit: "nats"},
	}}
	if w.created != nil && w.created.Step > 0 {
		st.Step = w.created.Step + w.drv.Steps()
	}
	if w.vals.String("dataset") != "mnist" {
		st.Terms[0].Name = "recon (squared error)"
		for i := range st.Terms {
			st.Terms[i].Unit = ""
		}
	}
	if !w.drv.Running() && state == "" {
		st.State = "paused"
	}
	w.status = st.String()
}

func (w *trainer) onTrain(ctx app.Context) { w.send(ctx, w.drv.Train()) }
func (w *trainer) onPause(ctx app.Context) {
	w.drv.Pause()
	w.setStatus(true, "")
}
func (w *trainer) onStep(ctx app.Context) { w.send(ctx, w.drv.Step(1)) }
func (w *trainer) onReset(ctx app.Context) {
	w.create(ctx)
}

// setParam applies a parameter change: β and the learning rate change the
// running model; anything else builds a new one.
func (w *trainer) setParam(ctx app.Context, name string, v any, note *params.Note) {
	if note != nil {
		w.notes = kit.AddNote(w.notes, note)
	} else {
		w.notes = kit.DropNote(w.notes, name)
	}
	if w.vals[name] == v {
		return
	}
	w.vals[name] = v
	replaceURL(w.b, trainerParams, w.vals)
	switch name {
	case "beta":
		w.m.SetBeta(v.(float64), nil)
	case "lr":
		w.m.SetLR(v.(float64), nil)
	default:
		w.create(ctx)
	}
}

func (w *trainer) field(name, label string, opt func(*kit.Field)) kit.Field {
	p, _ := trainerParams.Lookup(name)
	f := kit.Field{ID: w.b.ID + "-" + name, Param: p, Label: label, Value: w.vals[name], Disabled: w.b.Locked,
		OnChange: func(ctx app.Context, v any, n *params.Note) { w.setParam(ctx, name, v, n) }}
	if opt != nil {
		opt(&f)
	}
	return f
}

func (w *trainer) Render() app.UI {
	id := w.b.ID
	var controls app.UI = app.Div()
	if !w.b.Hidden {
		controls = kit.Controls(
			w.field("dataset", "Data", func(f *kit.Field) { f.Labels = datasetLabels }),
			w.field("latent", "Latent size", nil),
			w.field("hidden", "Hidden width", func(f *kit.Field) { f.Input = "number" }),
			w.field("beta", "β", func(f *kit.Field) { f.Input = "number" }),
			w.field("lr", "Learning rate", func(f *kit.Field) { f.Input = "number" }),
			w.field("batch", "Batch", func(f *kit.Field) { f.Input = "number" }),
			w.field("seed", "Seed", func(f *kit.Field) { f.Input = "number" }),
		)
	}
	bar := kit.Bar{Running: w.drv.Running(), Busy: w.drv.Busy() || w.created == nil, Stopped: w.drv.Diverged() != "",
		Disabled: w.loading, OnTrain: w.onTrain, OnPause: w.onPause, OnStep: w.onStep, OnReset: w.onReset}
	if w.created == nil {
		bar.OnTrain, bar.OnStep = nil, nil
	}
	image := w.vals.String("dataset") == "mnist"
	stripLabel := "Fixed held-out digits (top) and their reconstructions (bottom)"
	stripNote := ""
	if !image {
		stripLabel = "Held-out points (grey) and their reconstructions (coloured)"
		stripNote = " The decoder is a unit-variance Gaussian, so a 2-D point is worth little information: with β = 1 the KL term wins, the posterior collapses to the prior and every reconstruction lands on the mean. Try β = 0.01."
	}
	plotStyle := func(c app.HTMLCanvas) app.HTMLCanvas {
		return c.Style("width", "100%").Style("height", "200px").Style("display", "block")
	}
	var strip app.UI
	if image {
		strip = app.Canvas().ID(id+"-strip").Role("img").Aria("label", stripLabel).Width(8*29-1).Height(57).
			Style("width", "100%").Style("max-width", "464px").Style("image-rendering", "pixelated").Style("display", "block")
	} else {
		strip = app.Canvas().ID(id+"-strip").Role("img").Aria("label", stripLabel).
			Style("width", "100%").Style("max-width", "320px").Style("aspect-ratio", "1 / 1").Style("display", "block")
	}
	return frameFor(w.b, "vae-trainer", w.notes,
		controls,
		app.Div().Style("display", "flex").Style("flex-wrap", "wrap").Style("column-gap", "1.2rem").Style("align-items", "center").Body(
			bar.UI(), w.fileControls()),
		app.Div().ID(id+"-status").Body(kit.StatusRegion(w.status)),
		kit.Alert(w.alert),
		app.Div().Class("ll-plots").Style("display", "grid").
			Style("grid-template-columns", "repeat(auto-fit, minmax(260px, 1fr))").Style("gap", "0.8rem").Body(
			app.Figure().Style("margin", "0").Body(
				plotStyle(app.Canvas().ID(id+"-loss").Role("img").Aria("label", "Plot of −ELBO and reconstruction loss per step")),
				app.FigCaption().Style("font-size", "0.85em").Text("−ELBO = reconstruction + KL, and the reconstruction term (nats per image; solid: training batches, dashed: held-out)."),
			),
			app.Figure().Style("margin", "0").Body(
				plotStyle(app.Canvas().ID(id+"-kl").Role("img").Aria("label", "Plot of the KL term per step")),
				app.FigCaption().Style("font-size", "0.85em").Text("KL(q(z|x) ‖ p(z)) in nats (solid: training, dashed: held-out)."),
			),
			app.Figure().Style("margin", "0").Body(
				strip,
				app.FigCaption().Style("font-size", "0.85em").Text(stripLabel+"."+stripNote),
			),
			app.Figure().Style("margin", "0").Body(
				plotStyle(app.Canvas().ID(id+"-kldim").Role("img").Aria("label", "Bar chart of KL per latent dimension")),
				app.FigCaption().Style("font-size", "0.85em").Text("KL per latent dimension (nats). A bar near 0 is a collapsed dimension: its posterior equals the prior and it carries no information"+w.collapseHint()+"."),
			),
		),
		app.P().Style("font-size", "0.85em").Text(labelled("Architecture: ", w.archText())),
	)
}

// draw schedules redrawing of the plots and the strip for the next frame.
func (w *trainer) draw() {
	w.frame.Request(w.drawNow)
}

func (w *trainer) drawNow() {
	// While training, plots redraw at most 4 times a second: the newest
	// numbers are always drawn, but the page keeps its main thread free.
	if w.drv.Running() && time.Since(w.plotAt) < 250*time.Millisecond {
		w.drawStrip()
		return
	}
	w.plotAt = time.Now()
	// One frame request per plot: the page's shared frame budget can then
	// spread them over two frames instead of one long task.
	w.parts[0].Request(w.drawLoss)
	w.parts[1].Request(w.drawKL)
	w.parts[2].Request(w.drawKLDim)
	w.drawStrip()
}

func (w *trainer) unit() string {
	if w.vals.String("dataset") != "mnist" {
		return "loss"
	}
	return "nats"
}

func (w *trainer) drawLoss() {
	c := kit.SeriesColors
	if s, ok := w.lossC.Surface(); ok {
		s.LinePlot(kit.LinePlot{
			XLabel: "step", YLabel: w.unit(), IgnoreFirst: 0.15,
			Series: []kit.Series{
				{Label: "−ELBO", Color: c[0], X: w.nelbo.X, Y: w.nelbo.Y},
				{Label: "−ELBO held-out", Color: c[0], Dashed: true, X: w.enelbo.X, Y: w.enelbo.Y},
				{Label: "recon", Color: c[2], X: w.recon.X, Y: w.recon.Y},
				{Label: "recon held-out", Color: c[2], Dashed: true, X: w.erecon.X, Y: w.erecon.Y},
			},
		})
	}
}

func (w *trainer) drawKL() {
	c := kit.SeriesColors
	if s, ok := w.klC.Surface(); ok {
		s.LinePlot(kit.LinePlot{
			XLabel: "step", YLabel: "nats", IgnoreFirst: 0.15, FromZero: true,
			Series: []kit.Series{
				{Label: "KL", Color: c[1], X: w.kl.X, Y: w.kl.Y},
				{Label: "KL held-out", Color: c[1], Dashed: true, X: w.ekl.X, Y: w.ekl.Y},
			},
		})
	}
}

func (w *trainer) drawKLDim() {
	if len(w.klDim) == 0 {
		w.klDim = make([]float64, w.vals.Int("latent"))
	}
	labels := make([]string, len(w.klDim))
	for j := range labels {
		labels[j] = "z" + sub(j+1)
	}
	if s, ok := w.dimC.Surface(); ok {
		s.Bars(labels, w.klDim, kit.SeriesColors[3], "latent dimension", "nats")
	}
}

// drawStrip reconstructs the fixed held-out inputs with the local snapshot,
// once per new snapshot.
func (w *trainer) drawStrip() {
	s := w.src
	if w.stripVer == s.Ver {
		return
	}
	w.stripVer = s.Ver
	if !s.IsImage() {
		w.drawToy()
		return
	}
	canvas := kit.Element(w.b.ID + "-strip")
	imgs := make([][]float32, 2*stripN)
	for i := 0; i < stripN; i++ {
		imgs[i] = s.Image(i)
	}
	copy(imgs[stripN:], w.stripRec)
	w.stripBuf = kit.PutGrid(canvas, kit.ImageGrid{Cols: stripN, Rows: 2, W: 28, H: 28, Gap: 1}, imgs, w.stripBuf)
}

// fetchStrip asks the worker (not the page) to reconstruct the strip's
// held-out digits with the current weights.
func (w *trainer) fetchStrip(ctx app.Context) {
	w.stripAt = time.Now()
	w.m.Reconstruct(engine.Points{Split: "test", Count: stripN}, func(p engine.Pairs, err error) {
		w.quietly(ctx, func(ctx app.Context) {
			if err != nil {
				return
			}
			w.stripRec = make([][]float32, p.N)
			for i := range w.stripRec {
				w.stripRec[i] = p.Output(i)
			}
			w.stripVer = -1
			w.draw()
		})
	})
}

// drawToy draws held-out toy points and their reconstructions.
func (w *trainer) drawToy() {
	sf, ok := w.toyC.Surface()
	if !ok {
		return
	}
	s, net := w.src, w.src.Net
	n := 0
	if s.Images != nil {
		n = min(len(s.Images)/2, 300)
	}
	var in, out kit.Points
	for i := 0; i < n; i++ {
		x := s.Images[2*i : 2*i+2]
		in.X = append(in.X, float64(x[0]))
		in.Y = append(in.Y, float64(x[1]))
		in.Labels = append(in.Labels, -1)
		if net != nil && net.Input == 2 {
			mu, _ := net.Encode(x)
			r := net.Decode(mu)
			out.X = append(out.X, float64(r[0]))
			out.Y = append(out.Y, float64(r[1]))
			out.Labels = append(out.Labels, 4)
		}
	}
	lo, hi, okx := kit.Extent(in.X, in.Y)
	if !okx {
		lo, hi = -2, 2
	}
	pad := (hi - lo) * 0.1
	f := kit.NewMapFrame(sf.W, sf.H, lo-pad, hi+pad, lo-pad, hi+pad)
	sf.DrawScatter(f, in, "x₁", "x₂", 2)
	var dots kit.PathBuilder
	for k := range out.X {
		px, py := f.ToPixels(out.X[k], out.Y[k])
		dots.Circle(px, py, 2)
	}
	sf.Fill(&dots, "#D55E00")
}

// quietly runs fn (a reply from the engine) on the UI goroutine and
// re-renders the trainer only when something its controls show changed:
// replies arrive several times a second while training, and a go-app
// re-render of the whole widget (every control) for each would cost the
// page's main thread more than the reply itself. The status line, which
// changes with every reply, is written into the page directly.
func (w *trainer) quietly(ctx app.Context, fn func(app.Context)) {
	kit.RunQuiet(ctx, func(ctx app.Context) {
		before := w.shown()
		fn(ctx)
		if w.shown() != before {
			w.Update()
			return
		}
		w.writeStatus()
	})
}

// writeStatus puts w.status into the status region's text node itself
// (its nodeValue: replacing the node would leave go-app updating a detached
// one at the next render).
func (w *trainer) writeStatus() {
	el := kit.Element(w.b.ID + "-status")
	if !kit.Present(el) {
		return
	}
	region := el.Get("firstChild")
	if !kit.Present(region) {
		return
	}
	if text := region.Get("firstChild"); kit.Present(text) && text.Get("nodeType").Int() == 3 {
		if text.Get("nodeValue").String() != w.status {
			text.Set("nodeValue", w.status)
		}
		return
	}
	w.Update() // no text node yet: let go-app render it
}

// trainerView is what of the trainer's state its Render shows, apart from
// the status line.
type trainerView struct {
	alert, arch, fileNote             string
	running, stepOff, stopped, loaded bool
	loading, saving                   bool
}

func (w *trainer) shown() trainerView {
	return trainerView{alert: w.alert, arch: w.archText(), running: w.drv.Running(),
		stepOff: w.drv.Running() || w.drv.Busy() || w.drv.Diverged() != "", stopped: w.drv.Diverged() != "",
		loaded: w.created != nil, loading: w.loading, saving: w.saving, fileNote: w.fileNote}
}

// collapseHint suggests settings that show posterior collapse, unless the
// trainer already uses them.
func (w *trainer) collapseHint() string {
	if w.vals.Int("latent") >= 4 && w.vals.Float("beta") > 1 {
		return " — here β > 1 prices every nat, so only the dimensions worth their cost stay on"
	}
	return " — try β = 4 with latent size 8"
}

// labelled prefixes text with label, or is empty when text is.
func labelled(label, text string) string {
	if text == "" {
		return ""
	}
	return label + text
}
