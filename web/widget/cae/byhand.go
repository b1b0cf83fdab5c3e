package cae

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/formula"
	"latentlab/web/widget"
	"latentlab/web/widget/kit"
)

// Worked example used by the lesson (seed 0).
var (
	exampleW = [][]float64{{0.5, -1.0, 2.0}, {1.5, 0.3, -0.7}}
	exampleB = []float64{0.1, -0.2}
	exampleX = []float64{1.0, 0.5, -0.5}
)

// Example is the penalty-by-hand widget's worked example (its seed 0): the
// weights W (2×3), biases b and input x, as copies.
func Example() (w [][]float64, b, x []float64) {
	w = [][]float64{append([]float64(nil), exampleW[0]...), append([]float64(nil), exampleW[1]...)}
	return w, append([]float64(nil), exampleB...), append([]float64(nil), exampleX...)
}

// HandCalc is every intermediate quantity of the penalty for one encoder.
type HandCalc struct {
	A, H, S  []float64   // pre-activation, code h = σ(a), slope s = h(1−h)
	J, J2    [][]float64 // Jacobian ∂hⱼ/∂xᵢ and its squares
	RowSq    []float64   // Σᵢ Wⱼᵢ²
	Explicit float64     // Σⱼᵢ Jⱼᵢ²
	Closed   float64     // Σⱼ sⱼ² Σᵢ Wⱼᵢ² (core/formula)
}

// Calc computes the penalty's intermediate quantities with core/formula.
func Calc(W [][]float64, b, x []float64) HandCalc {
	var c HandCalc
	c.H = formula.SigmoidHidden(W, b, x)
	c.J = formula.SigmoidJacobian(W, b, x)
	for j := range W {
		a := b[j]
		rs := 0.0
		for i, w := range W[j] {
			a += w * x[i]
			rs += w * w
		}
		c.A = append(c.A, a)
		c.S = append(c.S, c.H[j]*(1-c.H[j]))
		c.RowSq = append(c.RowSq, rs)
		row := make([]float64, len(c.J[j]))
		for i, v := range c.J[j] {
			row[i] = v * v
		}
		c.J2 = append(c.J2, row)
	}
	c.Explicit = formula.FrobeniusSq(c.J)
	c.Closed = formula.SigmoidCAEPenalty(W, b, x)
	return c
}

// ByHand is the penalty-by-hand widget: a 3-input, 2-unit sigmoid encoder
// with editable numbers and every step of ‖J_f(x)‖²_F shown.
type ByHand struct {
	app.Compo
	B widget.Block

	w    [][]float64
	b, x []float64
	bad  string
}

// OnInit sets the worked example or seeded random numbers.
func (h *ByHand) OnInit() {
	h.w, h.b, h.x = Example()
	if s := pHandSeed.Get(h.B.Params); s != 0 {
		rng := rand.New(rand.NewPCG(uint64(s), 3))
		r := func() float64 { return math.Round((4*rng.Float64()-2)*10) / 10 }
		for j := range h.w {
			for i := range h.w[j] {
				h.w[j][i] = r()
			}
			h.b[j] = r()
		}
		for i := range h.x {
			h.x[i] = r()
		}
	}
}

// f3 formats a computed value with 4 decimals; g formats an entered one
// exactly. Both write negative zero (a product with a zero weight) as 0.
func f3(v float64) string { return strconv.FormatFloat(v+0, 'f', 4, 64) }
func g(v float64) string  { return strconv.FormatFloat(v+0, 'g', -1, 64) }

func (h *ByHand) input(label string, p *float64) app.UI {
	return app.Input().Type("number").Class("ll-num").Step(0.1).Min(-10).Max(10).
		Disabled(h.B.Locked).Aria("label", label).Style("width", "calc(5ch + 30px)").
		Value(strconv.FormatFloat(*p, 'g', 6, 64)).
		OnChange(func(ctx app.Context, e app.Event) {
			s := strings.TrimSpace(ctx.JSSrc().Get("value").String())
			v, err := strconv.ParseFloat(s, 64)
			switch {
			case err != nil || math.IsNaN(v) || math.IsInf(v, 0):
				h.bad = fmt.Sprintf("%s: %q is not a number; kept %g", label, s, *p)
			case math.Abs(v) > 10:
				*p = kit.Clamp(v, -10, 10)
				h.bad = fmt.Sprintf("%s = %g is out of range [−10, 10]; using %g", label, v, *p)
			default:
				*p = v
				h.bad = ""
			}
		})
}

func sub(name string, idx ...int) app.UI {
	s := make([]string, len(idx))
	for k, i := range idx {
		s[k] = strconv.Itoa(i)
	}
	return app.Span().Body(app.I().Text(name), app.Sub().Text(strings.Join(s, "")))
}

// Render draws the inputs and the step-by-step tables.
func (h *ByHand) Render() app.UI {
	if h.w == nil {
		h.OnInit()
	}
	c := Calc(h.w, h.b, h.x)
	th := func(s string) app.UI { return app.Th().Attr("scope", "col").Text(s) }
	// inputs table: rows j=1,2: W_j1 W_j2 W_j3 | b_j ; last row x
	var rows []app.UI
	for j := range h.w {
		cells := []app.UI{app.Th().Attr("scope", "row").Body(app.Text("unit "), app.Text(strconv.Itoa(j+1)))}
		for i := range h.w[j] {
			cells = append(cells, app.Td().Body(h.input(fmt.Sprintf("W%d%d", j+1, i+1), &h.w[j][i])))
		}
		cells = append(cells, app.Td().Body(h.input(fmt.Sprintf("b%d", j+1), &h.b[j])))
		rows = append(rows, app.Tr().Body(cells...))
	}
	xcells := []app.UI{app.Th().Attr("scope", "row").Text("input x")}
	for i := range h.x {
		xcells = append(xcells, app.Td().Body(h.input(fmt.Sprintf("x%d", i+1), &h.x[i])))
	}
	xcells = append(xcells, app.Td().Text(""))
	rows = append(rows, app.Tr().Body(xcells...))

	// step 1–3 per unit
	var units []app.UI
	for j := range h.w {
		terms := make([]string, 0, 4)
		for i, w := range h.w[j] {
			terms = append(terms, "("+g(w)+")("+g(h.x[i])+")")
		}
		terms = append(terms, "("+g(h.b[j])+")")
		units = append(units, app.Tr().Body(
			app.Th().Attr("scope", "row").Text(strconv.Itoa(j+1)),
			app.Td().Text(strings.Join(terms, " + ")+" = "+f3(c.A[j])),
			app.Td().Text(f3(c.H[j])),
			app.Td().Text(fmt.Sprintf("%s × %s = %s", f3(c.H[j]), f3(1-c.H[j]), f3(c.S[j]))),
		))
	}
	jrows := func(m [][]float64, op func(j, i int) string) []app.UI {
		var out []app.UI
		for j := range m {
			cells := []app.UI{app.Th().Attr("scope", "row").Body(sub("h", j+1))}
			for i := range m[j] {
				cells = append(cells, app.Td().Text(op(j, i)))
			}
			out = append(out, app.Tr().Body(cells...))
		}
		return out
	}
	head := func() app.UI {
		return app.THead().Body(app.Tr().Body(th(""), app.Th().Body(app.Text("∂/∂"), sub("x", 1)),
			app.Th().Body(app.Text("∂/∂"), sub("x", 2)), app.Th().Body(app.Text("∂/∂"), sub("x", 3))))
	}
	var sumTerms []string
	for j := range c.J2 {
		for _, v := range c.J2[j] {
			sumTerms = append(sumTerms, f3(v))
		}
	}
	var closedTerms []string
	for j := range c.S {
		closedTerms = append(closedTerms, fmt.Sprintf("%s² × %s", f3(c.S[j]), f3(c.RowSq[j])))
	}
	match := "they agree"
	if math.Abs(c.Explicit-c.Closed) > 1e-12*math.Max(1, c.Closed) {
		match = "they DISAGREE (a bug)"
	}
	var bad app.UI = app.Text("")
	if h.bad != "" {
		bad = app.P().Class("ll-notes").Attr("role", "note").Text(h.bad)
	}
	return app.Div().Class("ll-widget penalty-by-hand").Body(
		app.Table().Class("ll-table").Body(
			app.Caption().Text("Encoder h = σ(Wx + b): edit any number (range −10 to 10)"),
			app.THead().Body(app.Tr().Body(th(""), th("weight to x₁"), th("weight to x₂"), th("weight to x₃"), th("bias b"))),
			app.TBody().Body(rows...),
		),
		bad,
		app.Table().Class("ll-table").Body(
			app.Caption().Text("Steps 1–3: pre-activation, code and slope of each unit"),
			app.THead().Body(app.Tr().Body(th("unit j"), th("aⱼ = Σᵢ Wⱼᵢ xᵢ + bⱼ"), th("hⱼ = σ(aⱼ)"), th("hⱼ(1 − hⱼ) = σ′(aⱼ)"))),
			app.TBody().Body(units...),
		),
		app.Table().Class("ll-table").Body(
			app.Caption().Text("Step 4: the Jacobian Jⱼᵢ = ∂hⱼ/∂xᵢ = hⱼ(1 − hⱼ)·Wⱼᵢ"),
			head(),
			app.TBody().Body(jrows(c.J, func(j, i int) string {
				return f3(c.S[j]) + " × " + g(h.w[j][i]) + " = " + f3(c.J[j][i])
			})...),
		),
		app.Table().Class("ll-table").Body(
			app.Caption().Text("Step 5: the squares Jⱼᵢ²"),
			head(),
			app.TBody().Body(jrows(c.J2, func(j, i int) string { return f3(c.J2[j][i]) })...),
		),
		app.P().Class("ll-readout").Body(
			app.Text("Step 6, sum of the squares: ‖J‖²_F = "+strings.Join(sumTerms, " + ")+" = "),
			app.Strong().Class("bh-explicit").Text(f3(c.Explicit)),
		),
		app.P().Class("ll-readout").Body(
			app.Text("Closed form Σⱼ (hⱼ(1 − hⱼ))² Σᵢ Wⱼᵢ² = "+strings.Join(closedTerms, " + ")+" = "),
			app.Strong().Class("bh-closed").Text(f3(c.Closed)),
			app.Text(" — "+match+"."),
		),
	)
}
