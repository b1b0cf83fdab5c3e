package kit_test

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/spec"
	"latentlab/web/engine"
	"latentlab/web/params"
	"latentlab/web/widget"
	"latentlab/web/widget/kit"
)

// A widget that trains a model, in a page of code: a plain autoencoder on
// the toy moons, trained in the engine worker, its loss plotted as it
// trains, its learning rate a parameter a lesson or an address can set.
// kit.Base brings the block, the values, the controls and the cleanups;
// kit.Session the Train/Pause/Step/Reset bar, the Training status, the
// alert when the engine stops a diverging run, and the lockstep with the
// worker. ARCHITECTURE.md walks through it.
type lossCurve struct {
	app.Compo
	kit.Base
	s    kit.Session
	loss kit.History
	plot kit.Frame
}

var (
	pRate      = params.NewFloat(params.Param{Name: "lr", Default: 0.01, Min: 1e-4, Max: 0.5, Sets: "lr", Doc: "Adam learning rate"})
	lossParams = params.NewTable(pRate)
)

func (w *lossCurve) OnInit() { w.Init(lossParams) }

func (w *lossCurve) OnMount(ctx app.Context) {
	w.s = kit.Session{
		ID: w.ID("status"), Models: []*engine.Model{engine.NewModel("loss-curve:" + w.B.ID)},
		Setup: func(_ app.Context, _ int, m *engine.Model, done func(engine.Info, error)) {
			c := spec.Default(spec.AE)
			c.Hidden, c.Latent, c.Output, c.LR = []int{16}, 1, "", pRate.Get(w.Vals) // Output "": Gaussian for points
			m.Create(c, engine.Toy("moons", 500, 100, 0.05, 1), done)
		},
		Started: func(app.Context) { w.loss.Reset() },
		Trained: func(_ app.Context, r []engine.Trained) {
			for _, m := range r[0].Metrics {
				w.loss.Add(float64(m.Step), m.Loss)
			}
			w.plot.Request(w.draw) // at most once per animation frame, within the page's frame budget
		},
		Terms:  func() []kit.Term { y, _ := w.loss.Last(); return []kit.Term{{Name: "loss", Value: y}} },
		Hint:   "Lower the learning rate, then press Reset to train again.",
		Update: w.Update,
	}
	w.Cleanup(w.s.Close)
	w.Cleanup(w.plot.Release)
	w.s.Start(ctx)
}

func (w *lossCurve) draw() {
	if s, ok := kit.Fit(kit.Element(w.ID("plot"))); ok {
		s.LinePlot(kit.LinePlot{XLabel: "step", YLabel: "loss", LogY: true,
			Series: []kit.Series{{Label: "loss", Color: kit.Blue, X: w.loss.X, Y: w.loss.Y}}})
	}
}

func (w *lossCurve) Render() app.UI {
	return w.Frame("loss-curve",
		w.Controls(w.Field(pRate.Param, "Learning rate", func(ctx app.Context) { w.s.Start(ctx) })),
		w.s.Bar(nil),
		w.s.StatusUI(),
		w.s.AlertUI(),
		app.Canvas().ID(w.ID("plot")).Role("img").Aria("label", "Loss per step").Style("width", "100%").Style("height", "200px"),
	)
}

// Registering the widget makes it available to lesson files as
// ```widget loss-curve``` (and to the linter and the authoring guide).
func Example_trainingWidget() {
	widget.Register(widget.Spec{Name: "loss-curve", Title: "Loss curve", Params: lossParams,
		Summary: "A plain autoencoder trained on the toy moons, its loss plotted as it trains.",
		New:     func(b widget.Block) app.UI { return &lossCurve{Base: kit.Base{B: b}} }})
}
