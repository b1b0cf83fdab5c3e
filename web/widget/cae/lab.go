package cae

import (
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/infer"
	"latentlab/core/spec"
	"latentlab/web/engine"
	"latentlab/web/params"
	"latentlab/web/widget/kit"
	"latentlab/web/widget/own"
)

// contraction-lab's parameters.
var (
	pLabData   = params.NewChoice(params.Param{Name: "dataset", Default: "circle", Choices: labDatasets, Doc: "toy 1-D manifold in the plane, or the student's own points (own: drawn or uploaded in the page, never carried by a link)"})
	pLabLambda = params.NewFloat(params.Param{Name: "lambda", Default: defaultLambda, Min: 0, Max: 5, Sets: "lambda", Doc: "contraction weight λ of the CAE"})
	pLabLR     = params.NewFloat(params.Param{Name: "lr", Default: 0.01, Min: 1e-4, Max: 0.5, Sets: "lr", Doc: "Adam learning rate (both models)"})
	pLabHidden = params.NewInt(params.Param{Name: "hidden", Default: 16, Min: 2, Max: 64, Sets: "latent", Doc: "sigmoid hidden units"})
	pLabNoise  = params.NewFloat(params.Param{Name: "noise", Default: 0.05, Min: 0, Max: 0.3, Doc: "data noise standard deviation"})
	pLabGrid   = params.NewInt(params.Param{Name: "grid", Default: 15, Min: 6, Max: 30, Doc: "arrows per side of the reconstruction field"})
	pLabSeed   = params.NewInt(params.Param{Name: "seed", Default: 1, Min: 0, Max: 1000000, Doc: "random seed (data and both models)"})
	pLabSteps  = params.NewInt(params.Param{Name: "maxsteps", Default: 6000, Min: 10, Max: 200000, Doc: "training pauses after this many steps"})
	// LabParams is contraction-lab's parameter table.
	LabParams = params.NewTable(pLabData, pLabLambda, pLabLR, pLabHidden, pLabNoise, pLabGrid, pLabSeed, pLabSteps)
)

var labNames = [2]string{"AE", "CAE"}

// Lab is the contraction-lab widget: a plain AE (λ = 0) and a CAE with the
// same architecture, seed and batches trained side by side in the engine
// worker on a 2-D toy set (toys.go). The page draws their reconstruction
// fields and Jacobian ellipses from snapshots of the two networks.
type Lab struct {
	app.Compo
	kit.Base
	s kit.Session

	data    []float32         // the training points, from the worker
	nets    [2]*infer.Network // snapshots of the AE and the CAE
	last    [2]engine.Metrics
	hist    [2][2]kit.History // model × (recon, ‖J‖²)
	ratio   [2]float64        // measured contraction ratios (0: not yet)
	probe   [2]float64
	busy    [2]bool   // a snapshot of the model is on its way
	viewAt  time.Time // last snapshots asked for
	ratioAt time.Time // last contraction ratios asked for
	drawAt  time.Time // last redraw of the loss plots

	frame, plots kit.Frame
	fields       [2]fieldPainter
	own          own.Panel // the student's data, while the dataset is own.Choice
}

// OnInit reads the parameters.
func (l *Lab) OnInit() {
	l.Init(LabParams)
	for i := range l.hist {
		for j := range l.hist[i] {
			l.hist[i][j].Cap = 400
		}
	}
}

// OnMount builds both models in the worker.
func (l *Lab) OnMount(ctx app.Context) {
	l.s = kit.Session{
		ID: l.ID("status"), Models: []*engine.Model{engine.NewModel("cl-ae:" + l.B.ID), engine.NewModel("cl-cae:" + l.B.ID)},
		Names: []string{"the AE", "the CAE"}, StepsPerFrame: labStepsPerFrame, Locked: l.B.ActionsOff,
		Limit: pLabSteps.Get(l.Vals), LimitNote: "paused at the step limit (%d); Reset to start again",
		Hint:  "The last good models are kept; lower the learning rate, then press Reset to train again.",
		Setup: l.setup, Started: l.started, Ready: func(app.Context, []engine.Info) { l.refresh(true) },
		Trained: l.trained, Terms: l.terms, Update: l.Update,
	}
	l.Cleanup(l.s.Close)
	l.Cleanup(l.frame.Release)
	l.Cleanup(l.plots.Release)
	l.own = own.Panel{ID: l.B.ID, Dims: 2, Locked: l.B.Locked || l.B.ActionsOff, Update: l.Update}
	l.Cleanup(l.own.Release)
	l.Cleanup(own.Watch(func() {
		if pLabData.Get(l.Vals) == own.Choice {
			ctx.Dispatch(func(ctx app.Context) { l.s.Start(ctx) })
		}
	}))
	l.s.Start(ctx)
}

// setup builds model i (0: the AE, 1: the CAE) on the lab's toy set.
func (l *Lab) setup(_ app.Context, i int, m *engine.Model, done func(engine.Info, error)) {
	cs, d := LabModels(l.Vals)
	if d.Source == own.Choice {
		var err error
		if d, err = own.Data(2); err != nil {
			done(engine.Info{}, err)
			return
		}
	}
	m.Create(cs[i], d, done)
}

// LabModels are the contraction lab's two models for parameter values v —
// the plain AE (λ = 0), then the CAE, with the same seed — and their data.
func LabModels(v params.Values) ([2]spec.Config, engine.Data) {
	seed := uint64(pLabSeed.Get(v))
	ae := ToyConfig(spec.CAE, pLabHidden.Get(v), pLabLR.Get(v), seed+1)
	cae := ae
	cae.Lambda = pLabLambda.Get(v)
	return [2]spec.Config{ae, cae}, toyData(pLabData.Get(v), pLabNoise.Get(v), seed)
}

func (l *Lab) started(app.Context) {
	l.probe = [2]float64{}
	l.data, l.nets, l.last, l.ratio, l.busy = nil, [2]*infer.Network{}, [2]engine.Metrics{}, [2]float64{}, [2]bool{}
	for i := range l.hist {
		for j := range l.hist[i] {
			l.hist[i][j].Reset()
		}
	}
	l.plots.Request(l.drawPlots)
	l.frame.Request(l.drawFields)
}

// trained records a chunk and refreshes what is shown: the fields at most
// every 50 ms, the contraction ratios every 250 ms (and when training stops).
func (l *Lab) trained(_ app.Context, r []engine.Trained) {
	for i, t := range r {
		for _, m := range t.Metrics {
			l.hist[i][0].Add(float64(m.Step), m.Recon)
			l.hist[i][1].Add(float64(m.Step), m.Penalty)
			l.last[i] = m
		}
	}
	stopped := !l.s.Driver.Running()
	if stopped || time.Since(l.viewAt) > 50*time.Millisecond {
		l.refresh(stopped || time.Since(l.ratioAt) > 250*time.Millisecond)
	}
	if stopped || time.Since(l.drawAt) > 250*time.Millisecond {
		l.drawAt = time.Now()
		l.plots.Request(l.drawPlots)
	}
}

// refresh fetches both models' snapshots (and with ratios, their measured
// contraction ratios) from the worker; the fields are redrawn when they land.
func (l *Lab) refresh(ratios bool) {
	l.viewAt = time.Now()
	if ratios {
		l.ratioAt = l.viewAt
	}
	if l.data == nil {
		l.s.Models[0].Reconstruct(engine.Points{Split: "train", Count: l.shownN()}, func(p engine.Pairs, err error) {
			if err == nil && p.N > 0 {
				l.data = p.Inputs
				if l.probe == [2]float64{} {
					l.probe = [2]float64{float64(p.Inputs[0]), float64(p.Inputs[1])}
				}
				l.frame.Request(l.drawFields)
			}
		})
	}
	for i, m := range l.s.Models {
		if !l.busy[i] {
			l.busy[i] = true
			m.Snapshot(func(s engine.Snapshot, err error) {
				l.busy[i] = false
				if err == nil {
					l.nets[i] = s.Net
					l.frame.Request(l.drawFields)
				}
			})
		}
		if ratios {
			m.Contraction(LabRatio,
				func(r engine.Ratios, err error) {
					if err == nil {
						l.ratio[i] = r.Ratio
						l.readouts()
					}
				})
		}
	}
}

// shownN is how many training points the fields show: the toy sets' all,
// up to ownShown of an own data set.
func (l *Lab) shownN() int {
	if in := l.s.Infos(); pLabData.Get(l.Vals) == own.Choice && len(in) > 0 && in[0].Train > 0 {
		return min(in[0].Train, ownShown)
	}
	return toyTrainN
}

// ownShown is the most points of an own data set the fields show.
const ownShown = 3000

// LabRatio is the contraction ratio the lab measures on its training data
// (the read-out under the fields).
var LabRatio = engine.Sensitivity{Sigma: labRatioSigma, Count: toyTrainN, Draws: 1, Seed: 7, Split: "train"}

// terms are the status line's numbers: each model's loss terms.
func (l *Lab) terms() []kit.Term {
	var t []kit.Term
	for i, m := range l.last {
		t = append(t, kit.Term{Name: labNames[i] + " recon", Value: m.Recon}, kit.Term{Name: labNames[i] + " ‖J‖²_F", Value: m.Penalty})
	}
	return t
}

// setParam applies a control: λ and the learning rate change the running
// models, the grid only the picture, anything else builds new models.
func (l *Lab) setParam(ctx app.Context, p params.Param) {
	switch p.Name {
	case pLabLambda.Name:
		l.s.Models[1].SetLambda(pLabLambda.Get(l.Vals), nil)
	case pLabLR.Name:
		for _, m := range l.s.Models {
			m.SetLR(pLabLR.Get(l.Vals), nil)
		}
	case pLabGrid.Name:
		l.frame.Request(l.drawFields)
	default:
		l.s.Limit = pLabSteps.Get(l.Vals)
		l.s.Start(ctx)
	}
}
