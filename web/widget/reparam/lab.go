package reparam

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/urlstate"
	"latentlab/web/widget/kit"
)

const (
	histW, histH = 300.0, 150.0
	pathW, pathH = 300.0, 220.0
	nBins        = 40
)

// estimator indices: score-function ∂μ, pathwise ∂μ, score ∂σ, pathwise ∂σ
const (
	scoreMu = iota
	pathMu
	scoreSigma
	pathSigma
)

var estNames = [4]string{"score-mu", "path-mu", "score-sigma", "path-sigma"}

// Lab is the estimator-lab widget. All computation is 1-D and runs on the UI
// thread in chunks of at most ~8 ms per animation frame.
type Lab struct {
	app.Compo
	kit.Base

	samples  [4][]float64
	stats    [4]Stats
	rng      *rand.Rand
	target   int // trials wanted
	busy     bool
	paths    [2]Path // 0: score-function, 1: pathwise
	optRngs  [2]*rand.Rand
	opt      bool
	loop     kit.Loop
	drawnAll int // estimates shown in the histograms at the last full redraw
}

func (l *Lab) id(s string) string { return "el-" + l.B.ID + "-" + s }

// OnInit reads the parameters and prepares the first batch of estimates.
func (l *Lab) OnInit() {
	l.Init(LabParams)
	l.Cleanup(l.loop.Release)
	l.restart()
}

func (l *Lab) obj() Objective { return Objectives[pF.Get(l.Vals)] }

// restart clears the histograms and the optimisation paths.
func (l *Lab) restart() {
	for i := range l.samples {
		l.samples[i] = l.samples[i][:0]
		l.stats[i] = Stats{}
	}
	l.rng = TrialRNG(pSeed.Get(l.Vals))
	l.target = pTrials.Get(l.Vals)
	l.busy = true
	mu, s := pMu.Get(l.Vals), pSigma.Get(l.Vals)
	for i := range l.paths {
		l.paths[i] = Path{Mu: []float64{mu}, Sigma: []float64{s}, Value: []float64{l.obj().Mean(mu, s)}}
		// the same noise stream for both runs
		l.optRngs[i] = rand.New(rand.NewPCG(uint64(pSeed.Get(l.Vals)), 99))
	}
	l.opt = false
}

// OnMount starts computing the histograms.
func (l *Lab) OnMount(ctx app.Context) {
	if l.rng == nil {
		l.OnInit()
	}
	l.loop.RenderEvery = 4
	l.loop.Start(ctx, l.tick)
}

func (l *Lab) tick(ctx app.Context) bool {
	more := kit.Budget(8 * time.Millisecond)
	o := l.obj()
	mu, s, K := pMu.Get(l.Vals), pSigma.Get(l.Vals), pK.Get(l.Vals)
	for l.busy && len(l.samples[0]) < l.target && more() {
		for i := 0; i < 20 && len(l.samples[0]) < l.target; i++ {
			for j, v := range Trial(o, mu, s, K, l.rng) {
				l.samples[j] = append(l.samples[j], v)
				l.stats[j].Add(v)
			}
		}
	}
	if len(l.samples[0]) >= l.target {
		l.busy = false
	}
	if l.opt {
		steps := pSteps.Get(l.Vals)
		for k := 0; k < 4; k++ {
			for i, est := range []func(Objective, float64, float64, int, *rand.Rand) (float64, float64){ScoreFunction, Pathwise} {
				if len(l.paths[i].Mu) <= steps {
					l.paths[i].SGDStep(o, est, K, pLR.Get(l.Vals), l.optRngs[i])
				}
			}
		}
		done := true
		for i := range l.paths {
			if !l.paths[i].Diverged && len(l.paths[i].Mu) <= steps {
				done = false
			}
		}
		if done {
			l.opt = false
		}
	}
	if l.busy || !l.opt || len(l.samples[0]) >= l.target && l.drawnAll < len(l.samples[0]) {
		l.redraw()
		l.drawnAll = len(l.samples[0])
	} else {
		l.redrawPaths()
	}
	return l.busy || l.opt
}

func (l *Lab) setParam(ctx app.Context, name, text string) {
	p, _ := LabParams.Lookup(name)
	var ok bool
	if l.Notes, ok = kit.SetFromText(l.Vals, l.Notes, p, text); !ok {
		return
	}
	urlstate.Replace(l.B.ID, LabParams, l.Vals)
	if name != "lr" && name != "steps" {
		l.restart()
		l.loop.Start(ctx, l.tick)
	}
}

func (l *Lab) onEstimate(ctx app.Context, e app.Event) {
	l.Vals[pSeed.Name] = pSeed.Get(l.Vals) + 1 // fresh noise
	opt := l.opt
	paths := l.paths
	l.restart()
	l.paths, l.opt = paths, opt
	l.loop.Start(ctx, l.tick)
}

func (l *Lab) onOptimize(ctx app.Context, e app.Event) {
	mu, s := pMu.Get(l.Vals), pSigma.Get(l.Vals)
	for i := range l.paths {
		l.paths[i] = Path{Mu: []float64{mu}, Sigma: []float64{s}, Value: []float64{l.obj().Mean(mu, s)}}
		l.optRngs[i] = rand.New(rand.NewPCG(uint64(pSeed.Get(l.Vals)), 99))
	}
	l.opt = true
	l.loop.Start(ctx, l.tick)
}

func (l *Lab) onReset(ctx app.Context, e app.Event) {
	l.Init(LabParams)
	l.Cleanup(l.loop.Release)
	urlstate.Replace(l.B.ID, LabParams, l.Vals)
	l.restart()
	l.loop.Start(ctx, l.tick)
}

func (l *Lab) status() string {
	n := len(l.samples[0])
	s := fmt.Sprintf("%d of %d estimates, K = %d samples each", n, l.target, pK.Get(l.Vals))
	if n >= 2 {
		s += fmt.Sprintf(" · variance of ∂/∂μ: score function %s, pathwise %s", kit.FormatNumber(l.stats[scoreMu].Var()), kit.FormatNumber(l.stats[pathMu].Var()))
	}
	if len(l.paths[0].Mu) > 1 {
		last := func(p Path) string {
			k := len(p.Mu) - 1
			t := fmt.Sprintf("μ = %.2f, σ = %.2f", p.Mu[k], p.Sigma[k])
			if p.Diverged {
				t += " (diverged, stopped)"
			}
			return t
		}
		s += fmt.Sprintf(" · SGD step %d: score function %s; pathwise %s", len(l.paths[1].Mu)-1, last(l.paths[0]), last(l.paths[1]))
	}
	return s
}

// Render draws the controls, the four histograms, a numeric table and the
// optimisation views.
func (l *Lab) Render() app.UI {
	if l.rng == nil {
		l.OnInit()
	}
	o := l.obj()
	tm, ts := o.Grad(pMu.Get(l.Vals), pSigma.Get(l.Vals))
	num := func(name, label string, step float64) app.UI {
		p, _ := LabParams.Lookup(name)
		return app.Label().Body(app.Text(label+" "),
			app.Input().ID(l.ID(name)).Type("number").Class("ll-num").Step(step).Min(p.Min).Max(p.Max).Disabled(l.B.ParamLocked(name)).
				Value(p.Format(l.Vals[name])).
				OnChange(func(ctx app.Context, e app.Event) { l.setParam(ctx, name, ctx.JSSrc().Get("value").String()) }))
	}
	canvas := func(key, label string, w float64) app.UI {
		return app.Canvas().ID(l.id(key)).Class("ll-canvas").Aria("label", label).Attr("role", "img").
			Style("width", "100%").Style("max-width", strconv.Itoa(int(w))+"px")
	}
	cell := func(i int) app.UI {
		return app.Td().DataSet("est", estNames[i]).Class("el-var").Text(kit.FormatNumber(l.stats[i].Var()))
	}
	mean := func(i int) app.UI { return app.Td().Text(kit.FormatNumber(l.stats[i].Mean)) }
	var controls app.UI = app.Text("")
	if !l.B.Hidden {
		controls = app.Div().Class("ll-controls").Body(
			app.Label().Body(app.Text("objective "),
				app.Select().ID(l.ID(pF.Name)).Disabled(l.B.ParamLocked(pF.Name)).OnChange(func(ctx app.Context, e app.Event) {
					l.setParam(ctx, "f", ctx.JSSrc().Get("value").String())
				}).Body(app.Range(objectives).Slice(func(i int) app.UI {
					return app.Option().Value(objectives[i]).Text(Objectives[objectives[i]].Label).Selected(objectives[i] == pF.Get(l.Vals))
				}))),
			app.Label().Body(app.Text("K = "+strconv.Itoa(pK.Get(l.Vals))+" "),
				app.Input().ID(l.ID(pK.Name)).Type("range").Min(1).Max(200).Step(1).Disabled(l.B.ParamLocked(pK.Name)).
					Value(strconv.Itoa(pK.Get(l.Vals))).Aria("label", "samples per estimate K").
					OnChange(func(ctx app.Context, e app.Event) { l.setParam(ctx, "k", ctx.JSSrc().Get("value").String()) })),
			num("mu", "μ", 0.1),
			num("sigma", "σ", 0.1),
			num("lr", "SGD learning rate", 0.01),
		)
	}
	return app.Div().Class("ll-widget estimator-lab").Body(
		controls,
		kit.Notes(l.Notes),
		app.Div().Class("ll-controls", "ll-trainbar").Body(
			app.Div().Class("ll-buttons").Body(
				app.Button().Type("button").Class("ll-btn").Text("Estimate again").Disabled(l.B.ActionsOff).OnClick(l.onEstimate),
				app.Button().Type("button").Class("ll-btn").Text("Optimize").Disabled(l.B.ActionsOff).OnClick(l.onOptimize),
				app.Button().Type("button").Class("ll-btn").Text("Reset").Disabled(l.B.ActionsOff).OnClick(l.onReset),
			),
			app.Div().Class("ll-status").Attr("role", "status").Aria("label", "Estimator status").Text(l.status()),
		),
		app.P().Class("ll-readout").Text(fmt.Sprintf(
			"%s, z ~ N(μ = %s, σ² = %s²). Each histogram holds %d independent estimates, each averaging K = %d samples. Dashed green line: the true gradient; black tick: the mean of the estimates.",
			o.Label, kit.FormatNumber(pMu.Get(l.Vals)), kit.FormatNumber(pSigma.Get(l.Vals)), l.target, pK.Get(l.Vals))),
		app.Div().Class("ll-row").Body(canvas(estNames[scoreMu], "Histogram of score-function estimates of the derivative with respect to mu", histW),
			canvas(estNames[pathMu], "Histogram of pathwise estimates of the derivative with respect to mu", histW)),
		app.Div().Class("ll-row").Body(canvas(estNames[scoreSigma], "Histogram of score-function estimates of the derivative with respect to sigma", histW),
			canvas(estNames[pathSigma], "Histogram of pathwise estimates of the derivative with respect to sigma", histW)),
		app.Table().Class("ll-table").Body(
			app.Caption().Text("Means and variances of the estimates (lower variance = fewer samples needed for the same accuracy)"),
			app.THead().Body(app.Tr().Body(app.Th().Text(""), app.Th().Text("true value"),
				app.Th().Text("score-function mean"), app.Th().Text("score-function variance"),
				app.Th().Text("pathwise mean"), app.Th().Text("pathwise variance"))),
			app.TBody().Body(
				app.Tr().Body(app.Th().Text("∂/∂μ"), app.Td().Text(kit.FormatNumber(tm)), mean(scoreMu), cell(scoreMu), mean(pathMu), cell(pathMu)),
				app.Tr().Body(app.Th().Text("∂/∂σ"), app.Td().Text(kit.FormatNumber(ts)), mean(scoreSigma), cell(scoreSigma), mean(pathSigma), cell(pathSigma)),
			),
		),
		app.Div().Class("ll-row").Body(canvas("paths", "SGD paths of mu and sigma for both estimators", pathW),
			canvas("value", "True objective along both SGD paths", pathW)),
		app.P().Class("ll-readout").Text(fmt.Sprintf(
			"Optimize runs %d SGD steps on (μ, σ) from the same start with the same noise, one K-sample estimate per step (σ is kept ≥ %g). Green cross: the optimum, reached as σ → 0.",
			pSteps.Get(l.Vals), MinSigma)),
	)
}
