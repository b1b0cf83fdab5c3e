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
	"latentlab/web/widget/own"
)

// This file is the vae-trainer's parameters and its training session; the
// views it fetches from the engine are in trainer_views.go, its plots in
// trainer_plots.go, its layout in trainer_render.go and its model files in
// trainer_file.go.

var (
	pDataset = params.NewChoice(params.Param{Name: "dataset", Default: "mnist",
		Choices: []string{"mnist", "circle", "spiral", "moons", "blobs", "swissroll", own.Choice},
		Doc:     "training data: the MNIST subset, a toy set (points in the plane; the swiss roll is 3-D), or the student's own data (own: points drawn or uploaded as CSV, or uploaded images fitted to 28×28; kept in the page, never carried by a link)"})
	pLatent = params.NewInt(params.Param{Name: "latent", Default: 2, Min: 2, Max: 16, Sets: "latent", Doc: "latent dimensions"})
	pHidden = params.NewInt(params.Param{Name: "hidden", Default: 256, Min: 16, Max: 512, Sets: "hidden",
		Doc: "hidden layer width (encoder and decoder)"})
	pBeta = params.NewFloat(params.Param{Name: "beta", Default: 1.0, Min: 0, Max: 20, Sets: "beta",
		Doc: "β, the weight of the KL term (β-VAE; 1 is the plain ELBO)"})
	pLR        = params.NewFloat(params.Param{Name: "lr", Default: 0.001, Min: 1e-5, Max: spec.MaxLR, Sets: "lr", Doc: "Adam learning rate"})
	pBatch     = params.NewInt(params.Param{Name: "batch", Default: 100, Min: 8, Max: 512, Sets: "batch", Doc: "minibatch size"})
	pTrainSeed = params.NewInt(params.Param{Name: "seed", Default: 1, Min: 0, Max: 999999,
		Doc: "random seed (initial weights and minibatches)"})
	pDecSigma = params.NewFloat(params.Param{Name: "dec_sigma", Default: 0.17, Min: 0.03, Max: 2,
		Doc: "toy sets: standard deviation σ of the Gaussian decoder, the noise it expects around each point (the reconstruction term is ‖x − x̂‖²/2σ²); at 1 the toy sets collapse to the prior"})
	// trainerParams is the vae-trainer's parameter table.
	trainerParams = params.NewTable(pDataset, pLatent, pHidden, pBeta, pLR, pBatch, pTrainSeed, pDecSigma)
)

var datasetLabels = map[string]string{
	"mnist": "MNIST digits (10,000)", "circle": "toy: circle", "spiral": "toy: spiral",
	"moons": "toy: two moons", "blobs": "toy: blobs", "swissroll": "toy: swiss roll", own.Choice: own.Label,
}

func init() {
	widget.Register(widget.Spec{
		Name:    "vae-trainer",
		Title:   "Train a VAE",
		Summary: "Train a variational autoencoder in the browser and watch reconstruction, KL and −ELBO, reconstructions of held-out digits and the KL per latent dimension.",
		Params:  trainerParams,
		New: func(b widget.Block) app.UI {
			trainerSource(page(b.Page), b.ID) // followers created after it find it at once
			return &trainer{Base: kit.Base{B: b}}
		},
	})
}

// trainerCodes is how many held-out digits a trainer encodes for widgets
// that follow it (fewer than the pretrained map: it is redone while training).
const trainerCodes = 500

// TrainerEvalN is how many held-out points the trainer evaluates.
const TrainerEvalN = 500

// trainerEvalGap is the shortest time between two held-out evaluations
// while training runs. One of TrainerEvalN digits costs the worker ~26 ms
// on R1 (a quiet machine): 2.3 % of its time at one a second
// (web/e2e BenchmarkLessonSteps), about 1.2 % at one every two seconds,
// which still puts a point on the held-out line every ~140 steps.
const trainerEvalGap = 2 * time.Second

// trainerChunk is the engine time one training request of the trainer takes.
const trainerChunk = 200 * time.Millisecond

// stripN is the number of fixed held-out digits shown with their reconstructions.
const stripN = 8

// trainer is the vae-trainer widget. Its kit.Session trains the model in the
// engine worker in lockstep; after chunks it fetches a snapshot of the
// network so that the strip and every widget following this trainer decode
// locally.
type trainer struct {
	app.Compo
	kit.Base
	s    kit.Session
	m    *engine.Model
	src  *Source
	info *engine.Info // the model being trained (nil until ready)

	plots trainerPlots
	views trainerViews

	own own.Panel // the student's data, while the dataset is own.Choice

	saving, loading bool   // a model file is being saved / opened
	openFocus       bool   // the file input has keyboard focus (its label shows the ring)
	fileNote        string // progress or result of Save model
}

func (w *trainer) OnInit() {
	w.Init(trainerParams)
	w.plots.init(w.B.ID)
}

func (w *trainer) OnMount(ctx app.Context) {
	w.src = trainerSource(page(w.B.Page), w.B.ID)
	w.m = engine.NewModel("vae:" + w.B.ID)
	w.s = kit.Session{
		ID: w.ID("status"), Models: []*engine.Model{w.m},
		// Chunks of ~200 ms: each round trip costs the worker a few ms (tens
		// on a loaded machine), and R1's step can take 100 ms there.
		// Pipelined: the next chunk is asked for before this one's reply
		// lands, so the worker does not wait for the page between chunks.
		Driver: kit.Driver{TargetChunk: trainerChunk}, Pipeline: true,
		Chunk: engine.Chunk{EvalN: TrainerEvalN}, EvalGap: trainerEvalGap,
		Hint: "Lower the learning rate, then press Reset to train again.",
		Setup: func(_ app.Context, _ int, m *engine.Model, done func(engine.Info, error)) {
			cfg, data := w.config()
			if data.Source == own.Choice {
				var err error
				if data, err = own.Data(0); err != nil {
					done(engine.Info{}, err)
					return
				}
			}
			m.Create(cfg, data, done)
		},
		Started: w.started, Ready: w.ready, Trained: w.trained,
		Terms: w.terms, View: func() any { return w.view() }, Update: w.Update,
	}
	w.Cleanup(w.s.Close)
	w.Cleanup(w.plots.release)
	w.Resized(func() { w.plots.refit(); w.plots.request(w) })
	w.own = own.Panel{ID: w.B.ID, Locked: w.B.Locked || w.B.ActionsOff, Images: true, Update: w.Update}
	w.Cleanup(w.own.Release)
	w.Cleanup(own.Watch(func() {
		if pDataset.Get(w.Vals) == own.Choice {
			ctx.Dispatch(func(ctx app.Context) { w.s.Start(ctx) })
		}
	}))
	w.s.Start(ctx)
}

// config builds the model's configuration and data from the parameters.
func (w *trainer) config() (spec.Config, engine.Data) {
	c, d := TrainerConfig(w.Vals)
	if s := own.Current(); d.Source == own.Choice && s != nil {
		// The points themselves: the code panel shows the input size, and a
		// model file or weights opened on own data train on them.
		d = engine.Own(s.X, s.Dim)
		if s.Images() { // intensities in [0, 1]: the MNIST model's Bernoulli decoder
			c.Output, c.OutputVar = "bernoulli", 0
		}
	}
	return c, d
}

// TrainerConfig is the model and data the vae-trainer creates for its
// parameter values v (the claims runner reproduces the widget with it).
func TrainerConfig(v params.Values) (spec.Config, engine.Data) {
	m := spec.Default(spec.VAE)
	m.Hidden, m.Latent, m.Beta = []int{pHidden.Get(v)}, pLatent.Get(v), pBeta.Get(v)
	m.LR, m.Batch, m.Seed = pLR.Get(v), pBatch.Get(v), uint64(pTrainSeed.Get(v))
	d := engine.MNIST(0)
	d.DeferTrain = true // the training digits come with the first step: a visit that only reads does not download them
	if ds := pDataset.Get(v); ds != "mnist" {
		sd := pDecSigma.Get(v)
		m.Output, m.OutputVar = "gaussian", sd*sd
		d = engine.Toy(ds, 2000, 500, 0.05, uint64(pTrainSeed.Get(v)))
		if ds == own.Choice {
			d = engine.Data{Source: own.Choice} // the widget adds the points (own.Data)
		}
	}
	return m, d
}

// started forgets everything of the previous model: histories, views, and
// what the widgets following this trainer show.
func (w *trainer) started(app.Context) {
	w.info = nil
	w.saving, w.loading, w.fileNote = false, false, ""
	w.plots.reset()
	w.views.reset()
	w.src.Net, w.src.Codes, w.src.Images, w.src.Step, w.src.Err = nil, nil, nil, 0, ""
	w.src.publish()
}

// ready takes the engine's description of the new model and fetches what
// the page shows of it.
func (w *trainer) ready(ctx app.Context, infos []engine.Info) {
	w.adopt(infos[0])
	w.s.Say(fmt.Sprintf("step %d · ready: %s, %s parameters. Press Train.", w.s.Step(), w.archText(), kit.FormatCount(w.info.Params)))
}

// adopt makes info the trainer's model and fetches its views.
func (w *trainer) adopt(info engine.Info) {
	w.info = &info
	w.src.Width, w.src.Height, w.src.Model = info.Width, info.Height, w.m
	w.fetchImages()
	w.fetchSnapshot()
	w.fetchCodes()
	w.plots.request(w)
}

// trained records a chunk's metrics and refreshes the views.
func (w *trainer) trained(_ app.Context, r []engine.Trained) {
	w.plots.record(r[0])
	if w.s.Diverged() {
		w.views.snap.Now()
		w.fetchSnapshot() // the engine went back to the last good weights
		w.plots.request(w)
		return
	}
	w.refreshViews(!w.s.Driver.Running())
	w.plots.request(w)
}

// terms are the status line's loss terms.
func (w *trainer) terms() []kit.Term {
	if len(w.plots.recon.X) == 0 {
		return nil // nothing measured yet (not "recon 0 nats")
	}
	m := w.plots.last
	t := []kit.Term{
		{Name: "recon", Value: m.Recon, Unit: "nats"},
		{Name: "KL", Value: m.KL, Unit: "nats"},
		{Name: "−ELBO", Value: m.Recon + m.KL, Unit: "nats"},
	}
	if !w.images() {
		t[0].Name = "recon (‖x − x̂‖²/2σ²)"
		for i := range t {
			t[i].Unit = ""
		}
	}
	return t
}

// images says whether the trainer trains on images (MNIST or the
// student's own images) rather than points.
func (w *trainer) images() bool {
	ds := pDataset.Get(w.Vals)
	return ds == "mnist" || ds == own.Choice && own.Images() != nil
}

// trainerView is what of the trainer its Render shows besides the session's
// bar, status and alert.
type trainerView struct {
	arch, fileNote  string
	loading, saving bool
}

func (w *trainer) view() trainerView {
	return trainerView{arch: w.archText(), fileNote: w.fileNote, loading: w.loading, saving: w.saving}
}

// setParam applies a parameter change: β and the learning rate change the
// running model; anything else builds a new one.
func (w *trainer) setParam(ctx app.Context, p params.Param) {
	switch p.Name {
	case pDecSigma.Name:
		if !w.images() {
			w.s.Start(ctx)
		}
	case pBeta.Name:
		w.m.SetBeta(pBeta.Get(w.Vals), nil)
	case pLR.Name:
		w.m.SetLR(pLR.Get(w.Vals), nil)
	default:
		w.s.Start(ctx)
	}
}

// field is the control of p.
func (w *trainer) field(p params.Param, label, input string) kit.Field {
	f := w.Field(p, label, func(ctx app.Context) { w.setParam(ctx, p) })
	f.Input = input
	return f
}

func (w *trainer) archText() string {
	c := w.info
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

// collapseHint suggests settings that show posterior collapse, unless the
// trainer already uses them.
func (w *trainer) collapseHint() string {
	if pLatent.Get(w.Vals) >= 4 && pBeta.Get(w.Vals) > 1 {
		return " — here β > 1 prices every nat, so only the dimensions worth their cost stay on"
	}
	return " — try β = 8 with latent size 8 and 128 hidden units (about 1,500 steps)"
}

// labelled prefixes text with label, or is empty when text is.
func labelled(label, text string) string {
	if text == "" {
		return ""
	}
	return label + text
}
