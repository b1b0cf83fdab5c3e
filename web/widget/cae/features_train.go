package cae

import (
	"fmt"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/spec"
	"latentlab/web/engine"
	"latentlab/web/params"
	"latentlab/web/widget/kit"
)

// This file is mnist-features' training: a plain AE (λ = 0), a denoising AE
// (the widget's corruption) and a CAE (λ from the parameter) with the R2
// architecture, 784 → 128 sigmoid → 784 sigmoid with a Bernoulli (BCE)
// output, the same seed, each in its own worker slot, trained in lockstep by
// a kit.Session.

// FeatureModelConfig is the configuration of model i (modelAE, modelDAE,
// modelCAE: 0, 1, 2) when training starts from scratch: workload R2 with
// the CAE's λ; the plain AE and the DAE the same architecture, seed and
// optimiser with no penalty, the DAE trained on inputs corrupted by c.
func FeatureModelConfig(i int, lambda float64, c Corruption, seed int) spec.Config {
	cfg, _ := spec.Preset("R2") // 784 → 128 sigmoid → 784 sigmoid, BCE, Adam 1e-3, batch 100
	cfg.Lambda, cfg.Seed = lambda, uint64(seed)
	switch i {
	case modelAE:
		cfg.Kind, cfg.Lambda = spec.AE, 0
	case modelDAE:
		cfg.Kind, cfg.Lambda = spec.DAE, 0
		cfg.NoiseStd, cfg.MaskProb, cfg.SaltProb = c.Engine()
	}
	return cfg
}

// FeatureModelName is the pretrained file model i starts from.
func FeatureModelName(i int, v params.Values) string {
	return [nModels]string{pAEModel.Get(v), pDAEModel.Get(v), pCAEModel.Get(v)}[i]
}

// FeatureStart is how one of the models starts: loaded from the pretrained
// file Load (then given the widget's λ or corruption, see FeatureLambda and
// FeatureCorruption), or created from Config when Load is "".
type FeatureStart struct {
	Load   string
	Config spec.Config
}

// FeatureStarts are the three models' starts for values v (modelAE,
// modelDAE, modelCAE order).
func FeatureStarts(v params.Values) []FeatureStart {
	out := make([]FeatureStart, nModels)
	for i := range out {
		if pPretrainedF.Get(v) {
			out[i].Load = FeatureModelName(i, v)
		} else {
			out[i].Config = FeatureModelConfig(i, FeatureLambda(v), FeatureCorruption(v), pSeedF.Get(v))
		}
	}
	return out
}

// FeatureLambda is the CAE's λ for values v.
func FeatureLambda(v params.Values) float64 { return pLambdaF.Get(v) }

// FeatureTerms are the three models' status terms.
func FeatureTerms(ae, dae, cae engine.Metrics) []kit.Term {
	return []kit.Term{
		{Name: "AE recon", Value: ae.Recon, Unit: "nats"},
		{Name: "DAE recon", Value: dae.Recon, Unit: "nats"},
		{Name: "CAE recon", Value: cae.Recon, Unit: "nats"},
		{Name: "CAE ‖J‖²", Value: cae.Penalty},
	}
}

// session wires the three models to the widget.
func (f *Features) session() kit.Session {
	models := make([]*engine.Model, nModels)
	for i := range models {
		models[i] = engine.NewModel("mf-" + featureModels[i] + ":" + f.B.ID)
	}
	return kit.Session{
		ID: f.ID("status"), Models: models, Names: []string{"the plain AE", "the DAE", "the CAE"},
		Chunk: engine.Chunk{MaxMs: 80}, Locked: f.B.ActionsOff,
		Hint:  "Lower λ or the corruption level, then press Reset to train again.",
		Setup: f.setup, Started: f.started, Ready: f.ready, Trained: f.trained,
		Terms: func() []kit.Term {
			if f.last[modelAE].Step == 0 {
				return nil // nothing trained yet in this session: no losses to show
			}
			return FeatureTerms(f.last[modelAE], f.last[modelDAE], f.last[modelCAE])
		},
		View: func() any { return f.view() }, Update: f.Update,
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
	start := FeatureStarts(f.Vals)[i]
	if start.Load == "" {
		m.Create(start.Config, engine.MNIST(0), check)
		return
	}
	name := start.Load
	mnist := engine.MNIST(0)
	m.Load(engine.Source{Name: name, Data: &mnist}, func(info engine.Info, err error) {
		if err != nil {
			err = fmt.Errorf("load the pretrained model %q: %w", name, err)
		}
		check(info, err)
	})
}

func (f *Features) started(app.Context) {
	f.last = [nModels]engine.Metrics{}
	f.viewBusy, f.viewAgain = false, false
}

func (f *Features) ready(ctx app.Context, infos []engine.Info) {
	f.s.Models[modelCAE].SetLambda(pLambdaF.Get(f.Vals), nil) // a loaded CAE keeps its file's λ otherwise
	f.setCorruption()                                         // and a loaded DAE its file's corruption
	from := "from scratch (same random start, same seed)"
	if pPretrainedF.Get(f.Vals) {
		from = fmt.Sprintf("from the pretrained models (%d steps)", infos[0].Step)
	}
	f.s.Say(fmt.Sprintf("step %d · ready: AE, DAE (%s) and CAE (λ = %g), 784 → 128 sigmoid → 784, %s. Press Train.",
		f.s.Step(), FeatureCorruption(f.Vals), pLambdaF.Get(f.Vals), from))
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

// fetchViews asks the worker for the models' first-layer filters and
// their reconstructions of the clean and corrupted test digits; the figures
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
	var filters [nModels][][]float32
	var recs [nModels][2][][]float32
	left := nModels
	if inputs != nil {
		left = 2 * nModels
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
func (f *Features) showViews(filters [nModels][][]float32, recs [nModels][2][][]float32, digits [][]float32) {
	for i := range filters {
		if filters[i] != nil {
			f.filters[i] = filters[i]
		}
		if recs[i][0] == nil {
			continue
		}
		f.recs[i] = recs[i]
		for j := range recs[i] {
			f.mse[i][j] = MeanSquaredError(recs[i][j], digits)
		}
	}
	f.frame.Request(f.draw)
}
