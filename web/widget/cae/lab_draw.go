package cae

import (
	"fmt"
	"math"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/infer"
	"latentlab/core/linalg"
	"latentlab/web/widget/kit"
	"latentlab/web/widget/own"
)

// The lab's pictures: two reconstruction fields with the probe's Jacobian
// ellipse, and the loss and penalty plots.
const (
	fieldSize = 300.0 // logical canvas size of each reconstruction field
	FieldLo   = -1.7  // field bounds in data units
	FieldHi   = 1.7
	plotW     = 300.0
	plotH     = 150.0
	probeR    = 0.25 // radius (data units) of the probe circle
	// maxArrow is the longest arrow drawn (data units); an untrained model's
	// reconstructions can be far away, and full-length arrows hide the plot.
	maxArrow = 0.6
)

var labColors = [2]string{kit.Orange, kit.Blue}

// fieldPainter draws one model's field, reusing its buffers between frames.
type fieldPainter struct {
	path   kit.PathBuilder
	arrows []Arrow
	r      Reconstructor
}

// Reconstructor computes r(x) of a toy network, reusing its buffers (the
// zero value is ready).
type Reconstructor struct {
	ws   infer.Workspace
	code []float32
	rec  []float32
	x    [2]float32
}

// Reconstruct returns r(x) with net, allocating nothing once warm.
func (p *Reconstructor) Reconstruct(net *infer.Network, x0, x1 float64) (float64, float64) {
	p.x = [2]float32{float32(x0), float32(x1)}
	p.code = net.EncodeInto(&p.ws, p.code, p.x[:])
	p.rec = net.DecodeInto(&p.ws, p.rec, p.code[:net.Latent])
	return float64(p.rec[0]), float64(p.rec[1])
}

// LabField is the reconstruction field the lab draws for net: grid × grid
// arrows x → r(x) over [FieldLo, FieldHi]², written into dst's storage.
func LabField(dst []Arrow, r *Reconstructor, net *infer.Network, grid int) []Arrow {
	return FieldInto(dst, func(x, y float64) (float64, float64) { return r.Reconstruct(net, x, y) }, grid, FieldLo, FieldHi)
}

func toPx(x, y float64) (float64, float64) {
	return (x - FieldLo) / (FieldHi - FieldLo) * fieldSize, (FieldHi - y) / (FieldHi - FieldLo) * fieldSize
}

// probeSVD returns ProbeSVD at the lab's probe.
func (l *Lab) probeSVD(net *infer.Network) (s1, s2, vx, vy float64) {
	return ProbeSVD(net, l.probe[0], l.probe[1])
}

// ProbeSVD returns the singular values σ₁ ≥ σ₂ of the encoder Jacobian of
// net at (x, y) and the input direction of the larger one: the probe's
// ellipse and read-out.
func ProbeSVD(net *infer.Network, x, y float64) (s1, s2, vx, vy float64) {
	j := net.Jacobian([]float32{float32(x), float32(y)})
	sv, v := linalg.RightSingular(j, net.Latent, 2)
	return sv[0], sv[1], v[0], v[1]
}

// drawFields draws both fields and writes the read-outs that go with them.
func (l *Lab) drawFields() {
	l.readouts()
	for i := range l.nets {
		if c, ok := kit.Sized(l.id(labKeys[i]), fieldSize, fieldSize); ok {
			l.drawField(c, i)
		}
	}
}

var labKeys = [2]string{"ae", "cae"}

func (l *Lab) drawField(c kit.Surface, i int) {
	p, net := &l.fields[i], l.nets[i]
	c.Paint(kit.Paper)
	p.path.Reset()
	for k := 0; k+1 < len(l.data); k += 2 {
		x, y := toPx(float64(l.data[k]), float64(l.data[k+1]))
		p.path.Square(x, y, 3)
	}
	c.Fill(&p.path, "#b9b9b9")
	if net == nil {
		return
	}
	p.path.Reset()
	p.arrows = LabField(p.arrows, &p.r, net, pLabGrid.Get(l.Vals))
	for _, a := range p.arrows {
		a = CapArrow(a, maxArrow)
		x0, y0 := toPx(a.X0, a.Y0)
		x1, y1 := toPx(a.X1, a.Y1)
		p.path.Arrow(x0, y0, x1, y1, 5)
	}
	c.SetStroke(labColors[i], 1.2)
	c.Stroke(&p.path)
	// The probe: a circle of radius ρ and its image under J, drawn along the
	// input directions it comes from (semi-axes ρ·σ₁, ρ·σ₂).
	s1, s2, vx, vy := l.probeSVD(net)
	px, py := toPx(l.probe[0], l.probe[1])
	scale := fieldSize / (FieldHi - FieldLo)
	c.SetStroke(kit.Grey, 1)
	c.SetDash(3, 3)
	c.Polyline(Ellipse(px, py, probeR*scale, probeR*scale, 1, 0, 48), true)
	c.SetDash()
	c.SetStroke(kit.Vermilion, 2)
	c.Polyline(Ellipse(px, py, math.Min(probeR*s1, 1.5)*scale, math.Min(probeR*s2, 1.5)*scale, vx, -vy, 64), true) // y flips on screen
	c.SetFill(kit.Vermilion)
	c.Dot(px, py, 2.5)
}

// drawPlots draws the loss and penalty histories on log scales, at most
// four times a second while training.
func (l *Lab) drawPlots() {
	for k, title := range []string{"Reconstruction loss ‖r(x)−x‖² (log)", "Penalty ‖J_f(x)‖²_F (log)"} {
		c, ok := kit.Sized(l.id([]string{"loss", "jac"}[k]), plotW, plotH)
		if !ok {
			continue
		}
		c.Paint(kit.Paper)
		var series []kit.Series
		for i := range labNames {
			h := &l.hist[i][k]
			series = append(series, kit.Series{Label: labNames[i], Color: labColors[i], X: h.X, Y: h.Y})
		}
		c.LinePlot(kit.LinePlot{Title: title, XLabel: "step", LogY: true, Series: series})
	}
}

func (l *Lab) id(s string) string { return "cl-" + l.B.ID + "-" + s }

// The read-outs change with every snapshot and pointer move: they are
// written in place (kit.SetText), not re-rendered. Render gives them this
// fixed initial text.
const noValue = "—"

// readouts writes the probe's position, its singular values under both
// models and the measured contraction ratios.
func (l *Lab) readouts() {
	l.setText("probe", fmt.Sprintf("(%.2f, %.2f)", l.probe[0], l.probe[1]))
	for i, net := range l.nets {
		probe, ratio := noValue, noValue
		if net != nil {
			s1, s2, _, _ := l.probeSVD(net)
			probe = fmt.Sprintf("σ₁ = %s, σ₂ = %s, σ₂/σ₁ = %s", kit.FormatNumber(s1), kit.FormatNumber(s2), kit.FormatNumber(s2/s1))
		}
		if l.ratio[i] != 0 {
			ratio = kit.FormatNumber(l.ratio[i])
		}
		l.setText("sv-"+labKeys[i], probe)
		l.setText("ratio-"+labKeys[i], ratio)
	}
}

func (l *Lab) setText(key, s string) { kit.SetText(l.id(key), s) }

// readout is a span that readouts writes.
func (l *Lab) readout(key string) app.HTMLSpan { return app.Span().ID(l.id(key)).Text(noValue) }

func (l *Lab) onMove(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	w := ctx.JSSrc().Get("clientWidth").Float()
	if w <= 0 {
		return
	}
	s := fieldSize / w
	px, py := e.Get("offsetX").Float()*s, e.Get("offsetY").Float()*s
	l.moveProbe(FieldLo+px/fieldSize*(FieldHi-FieldLo), FieldHi-py/fieldSize*(FieldHi-FieldLo))
}

// onKey moves the probe with the arrow keys (0.05 per press).
func (l *Lab) onKey(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	x, y := l.probe[0], l.probe[1]
	switch e.Get("key").String() {
	case "ArrowLeft":
		x -= 0.05
	case "ArrowRight":
		x += 0.05
	case "ArrowUp":
		y += 0.05
	case "ArrowDown":
		y -= 0.05
	default:
		return
	}
	e.PreventDefault()
	l.moveProbe(x, y)
}

// moveProbe puts the probe at (x, y) and redraws the fields and its read-out.
func (l *Lab) moveProbe(x, y float64) {
	l.probe = [2]float64{kit.Clamp(x, FieldLo, FieldHi), kit.Clamp(y, FieldLo, FieldHi)}
	l.frame.Request(l.drawFields)
	l.sayProbe()
}

// sayProbe announces the probe's position and how flat the Jacobian's
// ellipse is under each model: "Probe at (0.50, −0.20): AE σ₂/σ₁ = 0.61,
// CAE σ₂/σ₁ = 0.08".
func (l *Lab) sayProbe() {
	text := fmt.Sprintf("Probe at (%.2f, %.2f)", l.probe[0], l.probe[1])
	sep := ": "
	for i, net := range l.nets {
		if net == nil {
			continue
		}
		s1, s2, _, _ := l.probeSVD(net)
		text += sep + labNames[i] + " σ₂/σ₁ = " + kit.FormatNumber(s2/s1)
		sep = ", "
	}
	l.speaker.Say(text)
}

// Render draws the controls, the two fields, the probe read-out and the plots.
func (l *Lab) Render() app.UI {
	field := func(i int, title, caption string) app.UI {
		return app.Figure().Class("ll-fig").Style("flex", "0 1 320px").Style("min-width", "0").Body(
			app.Div().Class("ll-fig-title").Text(title),
			app.Canvas().ID(l.id(labKeys[i])).Class("ll-canvas ll-square").
				Aria("label", "Reconstruction field, "+title).Attr("role", "img").
				Style("width", "100%").Style("max-width", "300px").Style("touch-action", "none").
				TabIndex(0).DataSet(kit.TakeKeys, kit.ArrowsAnd()).OnKeyDown(l.onKey).
				OnMouseMove(l.onMove).OnMouseDown(l.onMove).On("pointerdown", l.onMove),
			app.FigCaption().Text(caption),
		)
	}
	plot := func(key, label string) app.UI {
		return app.Canvas().ID(l.id(key)).Class("ll-canvas").Aria("label", label).Attr("role", "img").
			Style("width", "100%").Style("max-width", "300px")
	}
	data := l.Field(pLabData.Param, "Data", func(ctx app.Context) { l.setParam(ctx, pLabData.Param) })
	data.Labels = datasetLabel
	lambda := l.Field(pLabLambda.Param, "λ", func(ctx app.Context) { l.setParam(ctx, pLabLambda.Param) })
	lr := l.Field(pLabLR.Param, "learning rate", func(ctx app.Context) { l.setParam(ctx, pLabLR.Param) })
	lr.Input = "number"
	lam := kit.FormatNumber(pLabLambda.Get(l.Vals))
	models, toys := LabModels(l.Vals)
	return l.Frame("cae-lab",
		l.Controls(data, lambda, lr),
		l.ownUI(),
		l.s.Bar(nil),
		l.s.StatusUI(),
		l.alertUI(),
		app.Div().Class("ll-row").Body(
			field(0, "Plain AE (λ = 0)", "Arrows go from x to its reconstruction r(x); those longer than 0.6 are shortened."),
			field(1, "CAE (λ = "+lam+")", "Same architecture, seed and batches; only the penalty differs."),
		),
		l.speaker.UI(),
		app.P().Class("ll-readout").Body(
			app.Text("Probe at "), l.readout("probe"),
			app.Text(" — move the pointer over a field (or focus it and use the arrow keys). Encoder Jacobian singular values: "),
			app.Span().Style("color", kit.Orange).Body(app.Text("AE "), l.readout("sv-ae")),
			app.Text(" · "),
			app.Span().Style("color", kit.Blue).Body(app.Text("CAE "), l.readout("sv-cae")),
			app.Text(". Dashed: a circle of radius 0.25 around the probe; red: how far h moves for each direction of that circle (semi-axes 0.25·σ₁ and 0.25·σ₂, along the input directions they come from); the flatter the ellipse, the smaller σ₂/σ₁."),
		),
		app.P().Class("ll-readout").Body(
			app.Text(fmt.Sprintf("Measured contraction ratio ‖h(x+ε)−h(x)‖/‖ε‖ on the data (σ = %g): AE ", labRatioSigma)),
			l.readout("ratio-ae"), app.Text(", CAE "), l.readout("ratio-cae"), app.Text(".")),
		app.Div().Class("ll-row").Body(plot("loss", "Reconstruction loss plot"), plot("jac", "Jacobian penalty plot")),
		kit.ShowCode(models[1], toys).ID(l.id("code")).WeightsOf(&l.s, 1),
	)
}

// ownUI is the own-data panel while the dataset is own.Choice.
func (l *Lab) ownUI() app.UI {
	if pLabData.Get(l.Vals) != own.Choice {
		return nil
	}
	return l.own.UI()
}

// alertUI is the session's alert, except that a missing own data set is
// explained by the panel, not as an engine failure.
func (l *Lab) alertUI() app.UI {
	if pLabData.Get(l.Vals) == own.Choice {
		if _, err := own.Data(2); err != nil {
			return nil
		}
	}
	return l.s.AlertUI()
}
