package apps

import (
	"fmt"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/anomaly"
	"latentlab/web/engine"
	"latentlab/web/params"
	"latentlab/web/widget"
	"latentlab/web/widget/kit"
)

// This file is the anomaly detector's session and scoring; its figures
// are drawn in detector_draw.go and laid out in detector_render.go.

func init() {
	register(widget.Spec{
		Name:    "anomaly-detector",
		Title:   "Anomaly detector",
		Summary: "Train an AE or a VAE on every digit but one class, score 2,000 held-out digits by reconstruction error or −ELBO, and move a threshold over the two score histograms: precision, recall, the ROC curve and its AUC, and the digits that score highest.",
		Params:  detectorParams,
	}, func(t trainer) app.UI { return &detector{trainer: t} })
}

// scoreGap is how often the detector rescores the held-out digits while
// training runs (each rescoring reconstructs 2,000 digits in the worker).
const scoreGap = 2 * time.Second

// detector is the anomaly-detector widget.
type detector struct {
	app.Compo
	trainer
	m    *engine.Model
	last engine.Metrics

	scored  *scored // the latest scores (nil until the first)
	busy    bool    // a rescoring is in flight
	again   bool    // a rescoring was asked for while busy: run it when that one lands
	scoreAt time.Time
	thr     float64 // the threshold, as a fraction of the histogram's score range
	thrSet  bool    // the student moved the threshold (otherwise it follows the best F1)
	figs    figures
	ex      extras  // corrupted digits and the student's drawing
	mine    mine    // the student's own images (detector_own.go)
	replyAt float64 // performance.now() of the score reply not yet drawn (0: none)
}

// scored is one scoring of the held-out digits.
type scored struct {
	l      anomaly.Labelled
	labels []int
	top    []int     // the highest-scoring digits' indices, highest first
	topIn  []float32 // their pixels (len(top)×dim)
	dim    int
	w, h   int
	step   int
	lo, hi float64 // the histogram's score range
	auc    float64
	best   float64   // the threshold of the best F1
	rocX   []float64 // the ROC curve's corners (the polyline drawn)
	rocY   []float64
}

func (w *detector) OnInit() {
	w.Init(detectorParams)
	w.thr = -1
	w.figs.init(w.B.ID)
}

func (w *detector) OnMount(ctx app.Context) {
	w.m = engine.NewModel("anomaly:" + w.B.ID)
	w.open(kit.Session{
		Models: []*engine.Model{w.m},
		Hint:   "Press Reset to train again with another seed.",
		Setup: func(_ app.Context, _ int, m *engine.Model, done func(engine.Info, error)) {
			cfg, data := DetectorConfig(w.Vals)
			m.Create(cfg, data, done)
		},
		Started: func(app.Context) {
			w.scored, w.busy, w.again, w.last, w.thr, w.thrSet = nil, false, false, engine.Metrics{}, -1, false
			w.ex.corrupted, w.ex.hasDrawn = nil, false
			w.figs.reset()
			w.figs.request(w) // the empty axes
			kit.SetText(w.ID("readout"), scoresPending)
		},
		Ready: func(ctx app.Context, infos []engine.Info) {
			w.s.Say(fmt.Sprintf("step 0 · ready: trained on %s digits (all but %d). Press Train.",
				kit.FormatCount(infos[0].Train), AnomalyClass(w.Vals)))
			w.rescore()
		},
		Trained: w.trained,
		Terms:   w.terms,
		View:    func() any { return w.scored == nil },
	}, w.Update)
	w.Cleanup(w.figs.release)
	w.initMine(ctx)
	w.Resized(func() { w.figs.refit(); w.figs.request(w) })
	w.s.Start(ctx)
}

// trained keeps the last step's loss and rescores now and then while
// training runs, and whenever it stops.
func (w *detector) trained(_ app.Context, r []engine.Trained) {
	if n := len(r[0].Metrics); n > 0 {
		w.last = r[0].Metrics[n-1]
	}
	if !w.s.Driver.Running() || time.Since(w.scoreAt) > scoreGap {
		w.rescore()
	}
}

// terms are the status line's loss terms (the training loss).
func (w *detector) terms() []kit.Term {
	if pDetModel.Get(w.Vals) == "ae" {
		return []kit.Term{{Name: "reconstruction", Value: w.last.Recon, Unit: "nats"}}
	}
	return []kit.Term{{Name: "−ELBO", Value: w.last.Recon + w.last.KL, Unit: "nats"}}
}

// rescore asks the worker to score the held-out digits (their
// reconstructions stay in the worker) and shows the scores.
func (w *detector) rescore() {
	if w.busy {
		w.again = true // Pause during a rescoring: the read-out must catch up with the last step
		return
	}
	w.busy, w.scoreAt = true, time.Now()
	sc := ScoringOf(w.Vals)
	step := w.s.Step()
	w.m.Score(engine.Points{Split: "test", Count: ScoredN}, sc.Options(topN), func(s engine.Scores, err error) {
		w.busy = false
		if err == nil {
			w.score(s, step, sc)
			w.scoreCorrupted()
			w.scoreDrawing()
			w.scoreMine()
		}
		if w.again {
			w.again = false
			w.rescore()
		}
	})
}

// score computes the measures the figures show from the worker's scores.
func (w *detector) score(p engine.Scores, step int, sc Scoring) {
	if sc != ScoringOf(w.Vals) { // the score changed meanwhile
		w.rescore()
		return
	}
	at := kit.Now()
	s := p.Scores
	l := Labelled(s, p.Labels, AnomalyClass(w.Vals))
	if err := l.Check(); err != nil {
		w.s.SetAlert("Scoring the held-out digits failed: " + err.Error())
		w.Update()
		return
	}
	first := w.scored == nil
	res := &scored{l: l, labels: p.Labels, top: p.Top, topIn: p.TopInputs, dim: p.Dim, w: p.Width, h: p.Height, step: step}
	sum := l.Summarize(0.99) // one sort for the ROC, its AUC, the best F1 and the range
	res.lo, res.hi, res.auc, res.best = sum.Lo, sum.Hi, sum.AUC, sum.Best
	res.rocX, res.rocY = sum.ROC.Corners()
	w.replyAt = at
	measure(measureScore, at, kit.Now())
	w.scored = res
	if !w.thrSet {
		w.thr = w.defaultThreshold()
	}
	w.figs.topVer = -1 // the caption's scores (drawTop redraws the images only if they changed)
	w.figs.request(w)
	if first {
		w.Update() // the figures' placeholders give way to the canvases
	}
}

// defaultThreshold is the threshold with the best F1 (the balance of
// precision and recall), where the threshold stays, rescoring after
// rescoring, until the student moves it.
func (w *detector) defaultThreshold() float64 {
	sc := w.scored
	return kit.Clamp((sc.best-sc.lo)/(sc.hi-sc.lo), 0, 1)
}

// threshold is the threshold in score units.
func (w *detector) threshold() float64 {
	sc := w.scored
	return sc.lo + w.thr*(sc.hi-sc.lo)
}

// moveThreshold sets the threshold (a fraction of the score range) and
// redraws what depends on it.
func (w *detector) moveThreshold(f float64) {
	w.thr, w.thrSet = kit.Clamp(f, 0, 1), true
	w.figs.request(w)
}

// setParam applies a parameter change: a new score rescores the model in
// place; every other parameter builds a new model.
func (w *detector) setParam(ctx app.Context, p params.Param) {
	if p.Name == pCorrupt.Name {
		w.ex.corrupted = nil
		w.figs.request(w)
		if w.s.IsReady() {
			w.scoreCorrupted()
		}
		return
	}
	if p.Name != pScore.Name && p.Name != pSamples.Name {
		w.s.Start(ctx)
		return
	}
	w.thr, w.thrSet = -1, false
	if w.s.IsReady() {
		w.rescore()
	}
}
