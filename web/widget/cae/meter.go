package cae

import (
	"fmt"
	"math"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/spec"
	"latentlab/web/engine"
	"latentlab/web/params"
	"latentlab/web/widget/kit"
)

// sensitivity-meter's parameters.
var (
	pMeterData   = params.NewChoice(params.Param{Name: "dataset", Default: "circle", Choices: datasets, Doc: "toy data the three models are trained on"})
	pMeterSigma  = params.NewFloat(params.Param{Name: "sigma", Default: 0.1, Min: 0.03, Max: 3, Doc: "perturbation standard deviation σ"})
	pMeterLambda = params.NewFloat(params.Param{Name: "lambda", Default: 1.0, Min: 0, Max: 5, Sets: "lambda", Doc: "CAE contraction weight λ"})
	pMeterNoise  = params.NewFloat(params.Param{Name: "dnoise", Default: 0.2, Min: 0, Max: 1, Sets: "noise_std", Doc: "DAE training corruption σ"})
	pMeterSteps  = params.NewInt(params.Param{Name: "steps", Default: 1500, Min: 50, Max: 20000, Doc: "training steps per model"})
	pMeterSeed   = params.NewInt(params.Param{Name: "seed", Default: 1, Min: 0, Max: 1000000, Doc: "random seed"})
	// MeterParams is sensitivity-meter's parameter table.
	MeterParams = params.NewTable(pMeterData, pMeterSigma, pMeterLambda, pMeterNoise, pMeterSteps, pMeterSeed)
)

var (
	meterNames  = [3]string{"AE", "DAE", "CAE"}
	meterColors = [3]string{kit.Orange, kit.Green, kit.Blue}
)

// meterHidden is the meter's models' hidden units.
const meterHidden = 16

// Meter is the sensitivity-meter widget: an AE, a denoising AE and a CAE
// (same architecture, initial weights and seed; toys.go) trained in the
// engine worker on a toy manifold, then probed on held-out points with
// ε ~ N(0, σ²I): the plot shows the measured mean of ‖h(x+ε)−h(x)‖/‖ε‖ (the
// code, solid) and of ‖r(x+ε)−r(x)‖/‖ε‖ (the reconstruction, dashed) for
// each model against σ.
type Meter struct {
	app.Compo
	kit.Base
	s kit.Session

	curves    [2][3][]float64 // measure (MeterMeasures) × model: the ratio at each σ of SigmaGrid
	curveBusy int             // curves on their way
	curveAt   time.Time
	frame     kit.Frame
}

// OnInit reads the parameters.
func (m *Meter) OnInit() { m.Init(MeterParams) }

// OnMount builds the three models in the worker.
func (m *Meter) OnMount(ctx app.Context) {
	models := make([]*engine.Model, 3)
	for i := range models {
		models[i] = engine.NewModel(fmt.Sprintf("sm-%d:%s", i, m.B.ID))
	}
	m.s = kit.Session{
		ID: m.ID("status"), Models: models, Names: []string{"the AE", "the DAE", "the CAE"},
		StepsPerFrame: meterStepsPerFrame, Hint: "Press Reset to train again.", Locked: m.B.ActionsOff,
		Limit: pMeterSteps.Get(m.Vals), LimitNote: "trained for %d steps",
		Setup: m.setup, Started: m.started, Ready: func(app.Context, []engine.Info) { m.measure() },
		Trained: m.trained, Terms: m.terms, Update: m.Update,
	}
	m.Cleanup(m.s.Close)
	m.Cleanup(m.frame.Release)
	m.s.Start(ctx)
}

// setup builds model i: the plain AE (a CAE with λ = 0), the DAE, the CAE.
func (m *Meter) setup(_ app.Context, i int, mdl *engine.Model, done func(engine.Info, error)) {
	cs, d := MeterModels(m.Vals)
	mdl.Create(cs[i], d, done)
}

// MeterModels are the sensitivity meter's three models for parameter
// values v — the plain AE (a CAE with λ = 0), the DAE, the CAE, with the
// same seed — and their data.
func MeterModels(v params.Values) ([3]spec.Config, engine.Data) {
	seed := uint64(pMeterSeed.Get(v))
	ae := ToyConfig(spec.CAE, meterHidden, 0.01, seed+1)
	dae := ToyConfig(spec.DAE, meterHidden, 0.01, seed+1)
	dae.NoiseStd = pMeterNoise.Get(v)
	cae := ae
	cae.Lambda = pMeterLambda.Get(v)
	return [3]spec.Config{ae, dae, cae}, toyData(pMeterData.Get(v), toyNoise, seed)
}

func (m *Meter) started(app.Context) {
	m.curves, m.curveBusy = [2][3][]float64{}, 0
	m.frame.Request(m.redraw)
}

// trained re-measures the curves five times a second, and when training stops.
func (m *Meter) trained(app.Context, []engine.Trained) {
	if !m.s.Driver.Running() || time.Since(m.curveAt) > 200*time.Millisecond {
		m.measure()
	}
}

// MeterMeasures are what the meter measures under input noise: the code
// h = f(x) (the CAE's penalty is on it) and the reconstruction r(x) (where a
// DAE's robustness lies).
var MeterMeasures = [2]string{"code", "reconstruction"}

// measure asks the worker for each model's sensitivity curves on the
// held-out points (the same noise draws for every model).
func (m *Meter) measure() {
	if m.curveBusy > 0 {
		return
	}
	m.curveAt, m.curveBusy = time.Now(), len(MeterMeasures)*len(m.s.Models)
	for k, of := range MeterMeasures {
		for i, mdl := range m.s.Models {
			mdl.Contraction(MeterCurve(of), func(r engine.Ratios, err error) {
				m.curveBusy--
				if err == nil {
					m.curves[k][i] = r.Ratios
				}
				m.frame.Request(m.redraw)
			})
		}
	}
}

// MeterCurve is the sensitivity curve the meter measures for each model: of
// "code" (h) or "reconstruction" (r), over SigmaGrid on the held-out points,
// the same noise draws for every model.
func MeterCurve(of string) engine.Sensitivity {
	return engine.Sensitivity{Sigmas: SigmaGrid, Count: toyHeldN, Draws: meterDraws, Seed: 42, Split: "test", Of: of}
}

// terms are each model's code ratio at the chosen σ.
func (m *Meter) terms() []kit.Term {
	rs := m.ratios(0, pMeterSigma.Get(m.Vals))
	t := make([]kit.Term, len(rs))
	for i, r := range rs {
		t[i] = kit.Term{Name: meterNames[i] + " h ratio", Value: r}
	}
	return t
}

// ratios returns each model's measured ratio of measure k at σ (RatioAt;
// NaN before a curve is measured).
func (m *Meter) ratios(k int, sigma float64) [3]float64 {
	var r [3]float64
	for i, c := range m.curves[k] {
		r[i] = RatioAt(c, sigma)
	}
	return r
}

// RatioAt reads a curve measured over SigmaGrid at σ, interpolated in log σ
// (clamped to the grid's ends): the meter's table. NaN when the curve is
// not one value per σ of the grid.
func RatioAt(curve []float64, sigma float64) float64 {
	if len(curve) != len(SigmaGrid) {
		return math.NaN()
	}
	ls := math.Log(sigma)
	for k := 0; k+1 < len(SigmaGrid); k++ {
		a, b := math.Log(SigmaGrid[k]), math.Log(SigmaGrid[k+1])
		if ls <= b || k+2 == len(SigmaGrid) {
			t := kit.Clamp((ls-a)/(b-a), 0, 1)
			return curve[k] + t*(curve[k+1]-curve[k])
		}
	}
	return curve[0]
}

// setParam applies a control: σ only moves the read-out, anything else
// trains the three models again.
func (m *Meter) setParam(ctx app.Context, p params.Param) {
	if p.Name == pMeterSigma.Name {
		m.s.Report(true, "")
		m.frame.Request(m.redraw)
		return
	}
	m.s.Limit = pMeterSteps.Get(m.Vals)
	m.s.Start(ctx)
}

// redraw draws the curves and writes the table's ratios in place (no
// re-render per measurement; Render gives the cells "—").
func (m *Meter) redraw() {
	sig := pMeterSigma.Get(m.Vals)
	for k := range MeterMeasures {
		for i, r := range m.ratios(k, sig) {
			kit.SetText(m.cellID(k, i), kit.FormatNumber(r))
		}
	}
	c, ok := kit.Sized(m.id("plot"), 460, 260)
	if !ok {
		return
	}
	c.Paint(kit.Paper)
	var series []kit.Series
	for k := range MeterMeasures {
		for i, cv := range m.curves[k] {
			series = append(series, kit.Series{Label: meterNames[i] + " " + meterSymbols[k], Color: meterColors[i], Dashed: k == 1, X: SigmaGrid, Y: cv})
		}
	}
	f := c.LinePlot(kit.LinePlot{Title: "Measured ratio on held-out points",
		XLabel: "noise σ (log scale)", YLabel: "ratio", LogX: true, FromZero: true, Series: series})
	x, top := f.ToPixels(sig, f.Y.D1)
	_, bottom := f.ToPixels(sig, f.Y.D0)
	c.SetStroke(kit.Grey, 1)
	c.SetDash(3, 3)
	c.Segment(x, top, x, bottom)
	c.SetDash()
	for k := range MeterMeasures {
		for i, r := range m.ratios(k, sig) {
			if r == r {
				_, y := f.ToPixels(sig, r)
				c.SetFill(meterColors[i])
				c.Dot(x, y, 4)
			}
		}
	}
}

// meterSymbols name the two measures in the legend and the cells' ids.
var meterSymbols = [2]string{"code", "recon"}

func (m *Meter) id(s string) string { return "sm-" + m.B.ID + "-" + s }

// cellID is the table cell of measure k and model i.
func (m *Meter) cellID(k, i int) string {
	return m.id("ratio-" + meterSymbols[k] + "-" + meterNames[i])
}

// Render draws the controls, the plot and the numbers (redraw writes them).
func (m *Meter) Render() app.UI {
	sigma := m.Field(pMeterSigma.Param, "noise σ", func(ctx app.Context) { m.setParam(ctx, pMeterSigma.Param) })
	sigma.Log, sigma.Live = true, true
	lambda := m.Field(pMeterLambda.Param, "CAE λ", func(ctx app.Context) { m.setParam(ctx, pMeterLambda.Param) })
	dnoise := m.Field(pMeterNoise.Param, "DAE corruption σ", func(ctx app.Context) { m.setParam(ctx, pMeterNoise.Param) })
	lambda.Input, dnoise.Input = "number", "number"
	row := func(k int, label string) app.UI {
		cells := []app.UI{app.Th().Scope("row").Text(label)}
		for i := range meterNames {
			cells = append(cells, app.Td().ID(m.cellID(k, i)).DataSet("model", meterNames[i]).DataSet("of", MeterMeasures[k]).
				Style("color", meterColors[i]).Text(kit.FormatNumber(math.NaN())))
		}
		return app.Tr().Body(cells...)
	}
	return m.Frame("sensitivity-meter",
		m.Controls(sigma, lambda, dnoise),
		m.s.Bar(nil),
		m.s.StatusUI(),
		m.s.AlertUI(),
		app.Canvas().ID(m.id("plot")).Class("ll-canvas").Attr("role", "img").
			Aria("label", "Measured sensitivity of the AE, DAE and CAE codes and reconstructions against noise size").
			Style("width", "100%").Style("max-width", "460px"),
		app.Table().Class("ll-table").Body(
			app.Caption().Text(fmt.Sprintf("Measured ratio at the chosen σ (mean over %d held-out points × %d draws; lower = less sensitive)", toyHeldN, meterDraws)),
			app.THead().Body(app.Tr().Body(app.Th().Text(""), app.Th().Text("AE"), app.Th().Text("DAE"), app.Th().Text("CAE"))),
			app.TBody().Body(row(0, "code ‖h(x+ε) − h(x)‖/‖ε‖"), row(1, "reconstruction ‖r(x+ε) − r(x)‖/‖ε‖")),
		),
		app.P().Class("ll-readout").Text(fmt.Sprintf(
			"Three 2→%d→2 sigmoid autoencoders with tied weights, the same initial weights and seed, trained on the %s set: a plain AE, a DAE trained to undo N(0, %s²) corruption, and a CAE with λ = %s. Press Train (about %d steps).",
			meterHidden, pMeterData.Get(m.Vals), kit.FormatNumber(pMeterNoise.Get(m.Vals)), kit.FormatNumber(pMeterLambda.Get(m.Vals)), pMeterSteps.Get(m.Vals))),
	)
}
