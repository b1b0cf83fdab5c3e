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

// This file is mnist-features' training loop: a plain AE (λ = 0) and a CAE
// (λ from the parameter) with the R2 architecture, 784 → 128 sigmoid → 784
// sigmoid with a Bernoulli (BCE) output, the same seed and batches, each in
// its own worker slot. One Driver chunk is n steps of the AE followed by the
// same number of steps of the CAE, so the two models stay in lockstep; the
// next chunk is asked for only after both replies arrived (the same loop as
// vae-trainer).

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

// FeatureStatus formats the Training status of the pair: the step count, the
// speed (steps of each model per second) and both models' losses.
func FeatureStatus(step int, rate float64, ae, cae engine.Metrics, lambda float64, state string) string {
	return kit.Status{Step: step, Rate: rate, State: state, Terms: []kit.Term{
		{Name: "AE recon", Value: ae.Recon, Unit: "nats"},
		{Name: "CAE recon", Value: cae.Recon, Unit: "nats"},
		{Name: "CAE ‖J‖²", Value: cae.Penalty},
		{Name: "CAE loss", Value: cae.Recon + lambda*cae.Penalty, Unit: "nats"},
	}}.String()
}

var modelNames = [2]string{"plain AE", "CAE"}

// create builds (or loads) both models in the worker: a new life for each,
// so replies of the previous ones are dropped.
func (f *Features) create(ctx app.Context) {
	f.drv.Reset()
	f.ready = [2]bool{}
	f.base = 0
	f.alert = ""
	f.last = [2]engine.Metrics{}
	f.viewBusy, f.viewAgain = false, false
	pre := f.vals.Bool("pretrained")
	f.status = "step 0 · preparing the two models…"
	for i, m := range f.models {
		done := func(body engine.Info, err error) {
			ctx.Dispatch(func(ctx app.Context) { f.onReady(ctx, i, body, err) })
		}
		if pre {
			name := f.vals.String(featureModels[i])
			if name == "" {
				name = featureModels[i] + "-mnist"
			}
			mnist := engine.MNIST(0)
			m.Load(engine.Source{Name: name, Data: &mnist}, done)
		} else {
			m.Create(FeatureModelConfig(i, f.lambda()), engine.MNIST(0), done)
		}
	}
}

// onReady takes the engine's reply to model i's create or load.
func (f *Features) onReady(ctx app.Context, i int, body engine.Info, err error) {
	pre := f.vals.Bool("pretrained")
	if err == nil && body.Input != 784 {
		err = fmt.Errorf("not an MNIST autoencoder (%d inputs)", body.Input)
	}
	if err != nil {
		what := "build"
		if pre {
			what = "load the pretrained"
		}
		f.alert = fmt.Sprintf("The engine could not %s %s: %v. Press Reset to try again.", what, modelNames[i], err)
		f.status = "step 0 · not ready"
		return
	}
	if i == 1 {
		f.models[1].SetLambda(f.lambda(), nil)
		f.base = body.Step
	}
	f.ready[i] = true
	if f.ready[0] && f.ready[1] {
		from := "from scratch (same random start, same seed)"
		if pre {
			from = fmt.Sprintf("from the pretrained models (%d steps)", f.base)
		}
		f.status = fmt.Sprintf("step %d · ready: AE and CAE (λ = %g), 784 → 128 sigmoid → 784, %s. Press Train.", f.base, f.lambda(), from)
		f.fetchViews(ctx)
	}
}

func (f *Features) lambda() float64 {
	if v, ok := f.vals["lambda"].(float64); ok {
		return v
	}
	return 0.1
}

// send asks for n steps of the AE, then as many of the CAE.
func (f *Features) send(ctx app.Context, n int) {
	if n <= 0 || !f.ready[0] || !f.ready[1] {
		return
	}
	gen := f.drv.Begin(time.Now())
	fail := func(err error) {
		if f.drv.Fail(gen, err.Error()) {
			f.alert = "Training stopped: " + err.Error() + ". Press Reset to start again."
			f.setStatus(true, "stopped")
		}
	}
	f.models[0].Train(engine.Chunk{Steps: n, MaxMs: 80}, func(b0 engine.Trained, err error) {
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				fail(err)
				return
			}
			k := len(b0.Metrics)
			if b0.Diverged != "" || k == 0 {
				f.onTrained(ctx, gen, b0, engine.Trained{})
				return
			}
			f.models[1].Train(engine.Chunk{Steps: k}, func(b1 engine.Trained, err error) {
				ctx.Dispatch(func(ctx app.Context) {
					if err != nil {
						fail(err)
						return
					}
					f.onTrained(ctx, gen, b0, b1)
				})
			})
		})
	})
}

func (f *Features) onTrained(ctx app.Context, gen int, b0, b1 engine.Trained) {
	n := len(b0.Metrics)
	f.drv.EngineTime(n, b0.Millis+b1.Millis)
	reason := ""
	switch {
	case b0.Diverged != "":
		reason = "the plain AE: " + b0.Diverged
	case b1.Diverged != "":
		reason = "the CAE: " + b1.Diverged
	}
	next, ok := f.drv.Done(gen, n, time.Now(), reason)
	if !ok {
		return
	}
	if n > 0 {
		f.last[0] = b0.Metrics[n-1]
	}
	if k := len(b1.Metrics); k > 0 {
		f.last[1] = b1.Metrics[k-1]
	}
	if reason != "" {
		f.alert = "Training diverged and was paused: " + reason + ". The figures show the restored models. Lower λ, then press Reset to train again."
		f.setStatus(true, "diverged")
		f.fetchViews(ctx)
		return
	}
	f.setStatus(next == 0, "")
	// Filters and reconstructions refresh about three times a second.
	if next == 0 || time.Since(f.viewAt) > 300*time.Millisecond {
		f.fetchViews(ctx)
	}
	if next > 0 {
		f.send(ctx, next)
	}
}

// fetchViews asks the worker for both models' first-layer filters
// ("weights") and their reconstructions of the clean and noisy test digits
// ("reconstruct" on given inputs); the figures switch to them once every
// reply arrived, never after a divergence (they keep the last good models).
// The page only puts pixels: no network runs on the main thread.
func (f *Features) fetchViews(ctx app.Context) {
	if !f.ready[0] || !f.ready[1] {
		return
	}
	if f.viewBusy {
		f.viewAgain = true
		return
	}
	f.viewBusy, f.viewAgain, f.viewAt = true, false, time.Now()
	step := f.base + f.drv.Steps()
	nf := f.vals.Int("filters")
	if nf <= 0 {
		nf = 24
	}
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
	done := func(ctx app.Context) {
		left--
		if left > 0 {
			return
		}
		f.viewBusy = false
		for i := range filters {
			if filters[i] != nil {
				f.filters[i] = filters[i]
			}
			if recs[i][0] != nil {
				f.recs[i] = recs[i]
				for j := range recs[i] {
					tot := 0.0
					for k, r := range recs[i][j] {
						tot += mse(r, digits[k])
					}
					f.mse[i][j] = tot / float64(len(recs[i][j]))
				}
			}
		}
		f.viewStep = step
		f.frame.Request(f.draw)
		if f.viewAgain {
			f.fetchViews(ctx)
		}
	}
	for i, m := range f.models {
		m.Weights(nf, func(fl engine.Filters, err error) {
			ctx.Dispatch(func(ctx app.Context) {
				if err == nil && fl.In == 784 {
					imgs := make([][]float32, fl.N)
					for j := range imgs {
						imgs[j] = FilterImage(fl.Row(j))
					}
					filters[i] = imgs
				}
				done(ctx)
			})
		})
		if inputs == nil {
			continue
		}
		m.Reconstruct(engine.Points{Inputs: inputs}, func(p engine.Pairs, err error) {
			ctx.Dispatch(func(ctx app.Context) {
				n := len(digits)
				if err == nil && p.N == 2*n && p.Dim == 784 {
					for j := 0; j < 2; j++ {
						rec := make([][]float32, n)
						for k := range rec {
							rec[k] = p.Output(j*n + k)
						}
						recs[i][j] = rec
					}
				}
				done(ctx)
			})
		})
	}
}

// setStatus rewrites the Training status, at most 4 times a second unless
// force.
func (f *Features) setStatus(force bool, state string) {
	if !force && time.Since(f.statusAt) < 250*time.Millisecond {
		return
	}
	f.statusAt = time.Now()
	if !f.drv.Running() && state == "" {
		state = "paused"
	}
	f.status = FeatureStatus(f.base+f.drv.Steps(), f.drv.Rate(), f.last[0], f.last[1], f.lambda(), state)
}

func (f *Features) onTrain(ctx app.Context) { f.send(ctx, f.drv.Train()) }
func (f *Features) onPause(ctx app.Context) {
	f.drv.Pause()
	f.setStatus(true, "")
}
func (f *Features) onStep(ctx app.Context)  { f.send(ctx, f.drv.Step(1)) }
func (f *Features) onReset(ctx app.Context) { f.create(ctx) }

// setParam applies a control: λ changes the running CAE, "pretrained"
// rebuilds both models.
func (f *Features) setParam(ctx app.Context, name string, v any, note *params.Note) {
	if note != nil {
		f.notes = kit.AddNote(f.notes, note)
	} else {
		f.notes = kit.DropNote(f.notes, name)
	}
	if f.vals[name] == v {
		return
	}
	f.vals[name] = v
	switch name {
	case "lambda":
		if f.ready[1] {
			f.models[1].SetLambda(f.lambda(), nil)
		}
		f.setStatus(true, "")
	case "pretrained":
		f.create(ctx)
	}
}

func (f *Features) field(name, label string, input string) kit.Field {
	p, _ := FeatureParams.Lookup(name)
	return kit.Field{ID: f.id(name), Param: p, Label: label, Value: f.vals[name], Input: input, Disabled: f.B.Locked,
		OnChange: func(ctx app.Context, v any, n *params.Note) { f.setParam(ctx, name, v, n) }}
}
