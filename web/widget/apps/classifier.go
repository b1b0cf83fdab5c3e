package apps

import (
	"fmt"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/engine"
	"latentlab/web/params"
	"latentlab/web/widget"
	"latentlab/web/widget/kit"
)

// This file is the code-classifier widget's models and measurements; its
// table, plot and layout are in classifier_view.go.

func init() {
	register(widget.Spec{
		Name:    "code-classifier",
		Title:   "Features for a classifier",
		Summary: "Fit a softmax classifier on the codes of the served AE, DAE and CAE, of a VAE trained in the page, and on the raw pixels, from 10, 100 or 1,000 labelled digits, and compare their accuracy on the 2,000 held-out digits.",
		Params:  classifierParams,
	}, func(t trainer) app.UI { return &classifier{trainer: t} })
}

// measureGap is how often the VAE's code is classified again while it trains.
const measureGap = 4 * time.Second

// vaeRow is the VAE's index in Representations; pixelsRow the pixels'.
const (
	vaeRow    = 3
	pixelsRow = 4
)

// classifier is the code-classifier widget.
type classifier struct {
	app.Compo
	trainer // its session trains the VAE
	vae     engine.Metrics
	served  []*engine.Model // the served AE, DAE, CAE
	loaded  int             // served models loaded

	// fitting is set by the Fit classifiers button: nothing is classified
	// before the student asks (a fit keeps the shared engine worker busy for
	// seconds, which must not stall the page's other widgets on load).
	fitting bool
	acc     [][]float64 // per representation: accuracy per labelled size (nil: not measured)
	vaeStep int         // the VAE's training step its row was measured at
	fits    fitQueue
	frame   kit.Frame
}

func (w *classifier) OnInit() {
	w.Init(classifierParams)
	w.acc = make([][]float64, len(Representations)) // Render runs before OnMount
}

func (w *classifier) OnMount(ctx app.Context) {
	w.fits.done = w.show
	w.loadServed()
	w.open(kit.Session{
		Models: []*engine.Model{engine.NewModel("classify-vae:" + w.B.ID)}, Names: []string{"the VAE"},
		Limit: pClSteps.Get(w.Vals), LimitNote: "trained for %d steps; the table is final",
		Hint: "Press Reset to train again.",
		Setup: func(_ app.Context, _ int, m *engine.Model, done func(engine.Info, error)) {
			c, data := ClassifierVAE(w.Vals)
			m.Create(c, data, done)
		},
		Started: func(app.Context) {
			w.acc[vaeRow], w.vaeStep, w.vae = nil, 0, engine.Metrics{}
			w.fits.forget(vaeRow)
			w.frame.Request(w.draw)
		},
		Ready: func(app.Context, []engine.Info) {
			w.s.Say("step 0 · the VAE is untrained: its code is a random projection. Press Train.")
			w.measureVAE()
		},
		Trained: func(_ app.Context, r []engine.Trained) {
			if n := len(r[0].Metrics); n > 0 {
				w.vae = r[0].Metrics[n-1]
			}
			if !w.s.Driver.Running() || time.Since(w.fits.at) > measureGap {
				w.measureVAE()
			}
		},
		Terms: func() []kit.Term {
			return []kit.Term{{Name: "VAE −ELBO", Value: w.vae.Recon + w.vae.KL, Unit: "nats"}}
		},
	}, w.Update)
	w.Cleanup(w.frame.Release)
	w.Cleanup(func() {
		for _, m := range w.served {
			m.Dispose()
		}
	})
	w.Resized(func() { w.frame.Request(w.draw) })
	w.s.Start(ctx)
}

// loadServed loads the served AE, DAE and CAE with the MNIST subset, then
// classifies their codes and the pixels.
func (w *classifier) loadServed() {
	_, data := ClassifierVAE(w.Vals)
	for i, name := range ServedEncoders {
		m := engine.NewModel(fmt.Sprintf("classify-%s:%s", name, w.B.ID))
		w.served = append(w.served, m)
		m.Load(engine.Source{Name: name, Data: &data}, func(_ engine.Info, err error) {
			if err != nil {
				w.s.SetAlert(fmt.Sprintf("Loading the served %s failed: %v", Representations[i], err))
				w.Update()
				return
			}
			if w.loaded++; w.loaded == len(ServedEncoders) {
				w.measureFixed()
			}
		})
	}
}

// measureFixed classifies what does not change while the VAE trains: the
// served models' codes and the pixels (again when the weight decay or the
// seed, which picks the labelled digits, changes).
func (w *classifier) measureFixed() {
	if !w.fitting || w.loaded < len(ServedEncoders) {
		return
	}
	fits := ClassifierFits(w.Vals)
	for i, m := range w.served {
		w.fits.ask(m, i, fits[i], 0)
	}
	w.fits.ask(w.served[0], pixelsRow, fits[pixelsRow], 0) // any slot has the pixels
}

// measureVAE classifies the VAE's code at the current step.
func (w *classifier) measureVAE() {
	if !w.fitting || !w.s.IsReady() {
		return
	}
	w.fits.ask(w.s.Models[0], vaeRow, ClassifierFits(w.Vals)[vaeRow], w.s.Step())
}

// show takes one representation's accuracies.
func (w *classifier) show(row int, acc []float64, step int, err error) {
	if err != nil {
		w.s.SetAlert(fmt.Sprintf("Fitting the classifier on the %s failed: %v", Representations[row], err))
		w.Update()
		return
	}
	w.acc[row] = acc
	if row == vaeRow {
		w.vaeStep = step
	}
	w.Update()
	w.frame.Request(w.draw)
}

// startFitting classifies every representation now, and the VAE's code
// again every few seconds while it trains.
func (w *classifier) startFitting(app.Context, app.Event) {
	if w.fitting {
		return
	}
	w.fitting = true
	w.measureFixed()
	w.measureVAE()
	w.Update()
}

// setParam applies a parameter change: the weight decay and the seed refit
// every classifier; the seed, code size and steps also train the VAE again.
func (w *classifier) setParam(ctx app.Context, p params.Param) {
	if p.Name == pClDecay.Name || p.Name == pClSeed.Name {
		w.acc = make([][]float64, len(Representations))
		w.fits.renew()
		w.measureFixed()
		if p.Name == pClDecay.Name {
			w.measureVAE()
			return
		}
	}
	w.s.Limit = pClSteps.Get(w.Vals)
	w.s.Start(ctx)
}
