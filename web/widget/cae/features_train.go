package cae

import (
	"fmt"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/spec"
	"latentlab/web/engine"
	"latentlab/web/widget/kit"
)

// This file is mnist-features' training: a plain AE (λ = 0) and a CAE (λ
// from the parameter) with the R2 architecture, 784 → 128 sigmoid → 784
// sigmoid with a Bernoulli (BCE) output, the same seed and batches, each in
// its own worker slot, trained in lockstep by a kit.Session.

// FeatureModelConfig is the configuration of model i (0: AE, 1: CAE) when
// training starts from scratch: workload R2 with the CAE's λ, and the plain
// AE the same architecture, seed and optimiser with no penalty.
func FeatureModelConfig(i int, lambda float64) spec.Config {
	c, _ := spec.Preset("R2") // 784 → 128 sigmoid → 784 sigmoid, BCE, Adam 1e-3, batch 100, seed 1
	c.Lambda = lambda
	if i == 0 {
		c.Kind, c.Lambda = spec.AE, 0
	}
	return c
}

// FeatureTerms are the pair's status terms: both models' losses.
func FeatureTerms(ae, cae engine.Metrics, lambda float64) []kit.Term {
	return []kit.Term{
		{Name: "AE recon", Value: ae.Recon, Unit: "nats"},
		{Name: "CAE recon", Value: cae.Recon, Unit: "nats"},
		{Name: "CAE ‖J‖²", Value: cae.Penalty},
		{Name: "CAE loss", Value: cae.Recon + lambda*cae.Penalty, Unit: "nats"},
	}
}

// session wires the two models to the widget.
func (f *Features) session() kit.Session {
	models := [2]*engine.Model{}
	for i := range models {
		models[i] = engine.NewModel("mf-" + featureModels[i] + ":" + f.B.ID)
	}
	return kit.Session{
		ID: f.ID("status"), Models: models[:], Names: []string{"the plain AE", "the CAE"},
		Chunk: engine.Chunk{MaxMs: 80}, Locked: f.B.ActionsOff,
		Hint:  "Lower λ, then press Reset to train again.",
		Setup: f.setup, Started: f.started, Ready: f.ready, Trained: f.trained,
		Terms: func() []kit.Term { return FeatureTerms(f.last[0], f.last[1], pLambdaF.Get(f.Vals)) },
		View:  func() any { return f.view() }, Update: f.Update,
	}
}

// setup loads model i from its pretrained file, or builds it from scratch.
func (f *Features) setup(_ app.Context, i int, m *engine.Model, done func(engine.Info, error)) {
	check := func(info engine.Info, err error) {
		if err == nil && info.Input != 784 {
			err = fmt.Errorf("not an MNIST autoencoder (%d inputs)", info.Input)
		}
		done(info, err)
	}
	if !pPretrainedF.Get(f.Vals) {
		m.Create(FeatureModelConfig(i, pLambdaF.Get(f.Vals)), engine.MNIST(0), check)
		return
	}
	name := pAEModel.Get(f.Vals)
	if i == 1 {
		name = pCAEModel.Get(f.Vals)
	}
	mnist := engine.MNIST(0)
	m.Load(engine.Source{Name: name, Data: &mnist}, func(info engine.Info, err error) {
		if err != nil {
			err = fmt.Errorf("load the pretrained model %q: %w", name, err)
		}
		check(info, err)
	})
}

func (f *Features) started(app.Context) {
	f.last = [2]engine.Metrics{}
	f.viewBusy, f.viewAgain = false, false
}

func (f *Features) ready(ctx app.Context, infos []engine.Info) {
	f.s.Models[1].SetLambda(pLambdaF.Get(f.Vals), nil) // a loaded CAE keeps its file's λ otherwise
	from := "from scratch (same random start, same seed)"
	if pPretrainedF.Get(f.Vals) {
		from = fmt.Sprintf("from the pretrained models (%d steps)", infos[0].Step)
	}
	f.s.Say(fmt.Sprintf("step %d · ready: AE and CAE (λ = %g), 784 → 128 sigmoid → 784, %s. Press Train.",
		f.s.Step(), pLambdaF.Get(f.Vals), from))
	f.fetchViews()
}

// trained keeps the last metrics and refreshes the figures about three
// times a second (and when training stops).
func (f *Features) trained(_ app.Context, r []engine.Trained) {
	for i, t := range r {
		if n := len(t.Metrics); n > 0 {
			f.last[i] = t.Metrics[n-1]
		}
	}
	if !f.s.Driver.Running() || time.Since(f.viewAt) > 300*time.Millisecond {
		f.fetchViews()
	}
}

// fetchViews asks the worker for both models' first-layer filters and
// their reconstructions of the clean and noisy test digits; the figures
// switch to them once every reply arrived. The page only puts pixels: no
// network runs on the main thread.
func (f *Features) fetchViews() {
	if !f.s.IsReady() {
		return
	}
	if f.viewBusy {
		f.viewAgain = true
		return
	}
	f.viewBusy, f.viewAgain, f.viewAt = true, false, time.Now()
	var inputs []float32
	var digits [][]float32
	if f.digits != nil && len(f.noisy) == len(f.digits) {
		digits = f.digits
		for _, src := range [][][]float32{f.digits, f.noisy} {
			for _, x := range src {
				inputs = append(inputs, x...)
			}
		}
	}
	var filters [2][][]float32
	var recs [2][2][][]float32
	left := 2
	if inputs != nil {
		left = 4
	}
	done := func() {
		if left--; left > 0 {
			return
		}
		f.viewBusy = false
		f.showViews(filters, recs, digits)
		if f.viewAgain {
			f.fetchViews()
		}
	}
	for i, m := range f.s.Models {
		m.Weights(pFilters.Get(f.Vals), func(fl engine.Filters, err error) {
			if err == nil && fl.In == 784 {
				filters[i] = make([][]float32, fl.N)
				for j := range filters[i] {
					filters[i][j] = FilterImage(fl.Row(j))
				}
			}
			done()
		})
		if inputs == nil {
			continue
		}
		m.Reconstruct(engine.Points{Inputs: inputs}, func(p engine.Pairs, err error) {
			if n := len(digits); err == nil && p.N == 2*n && p.Dim == 784 {
				for j := range recs[i] {
					recs[i][j] = make([][]float32, n)
					for k := range recs[i][j] {
						recs[i][j][k] = p.Output(j*n + k)
					}
				}
			}
			done()
		})
	}
}

// showViews takes the fetched figures and their errors against the digits.
func (f *Features) showViews(filters [2][][]float32, recs [2][2][][]float32, digits [][]float32) {
	for i := range filters {
		if filters[i] != nil {
			f.filters[i] = filters[i]
		}
		if recs[i][0] == nil {
			continue
		}
		f.recs[i] = recs[i]
		for j := range recs[i] {
			tot := 0.0
			for k, r := range recs[i][j] {
				tot += mse(r, digits[k])
			}
			f.mse[i][j] = tot / float64(len(recs[i][j]))
		}
	}
	f.frame.Request(f.draw)
}
