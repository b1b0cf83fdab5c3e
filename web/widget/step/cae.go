package step

import (
	"fmt"
	"math"
	"sort"

	"latentlab/web/engine"
	"latentlab/web/widget/kit"
)

// jacobianUnits is how many rows of J (units of h) the Jacobian stage shows.
const jacobianUnits = 16

// caeStages are the stages of one CAE training step.
var caeStages = []stage{
	{key: "x", title: "The input x", parts: "x", figures: []figure{figX}, text: textX,
		draw: func(w *stepThrough, t *engine.Trace) { w.image("x", t.X, t) }},
	{key: "code", title: "The code h = f(x)", parts: "code", text: textCode,
		figures: []figure{figX, {part: "code", label: "The code's units as a strip", px: 70}},
		draw:    func(w *stepThrough, t *engine.Trace) { w.image("x", t.X, t); w.strip("code", t.Code) }},
	{key: "jacobian", title: "The Jacobian J_f(x)", parts: "jacobian penalty", text: textJacobian,
		figures: []figure{{part: "jac", label: "Rows of the Jacobian (one per unit, as images): orange ∂hⱼ/∂xᵢ > 0, blue < 0", wide: true}},
		draw:    func(w *stepThrough, t *engine.Trace) { w.jacobian("jac", t) }},
	{key: "xhat", title: "The decoder's x̂", parts: "xhat", text: textXhat, figures: []figure{figX, figXhat},
		draw: func(w *stepThrough, t *engine.Trace) { w.image("x", t.X, t); w.image("xhat", t.Recon, t) }},
	{key: "loss", title: "Reconstruction + λ‖J‖²_F", parts: "recon loss", text: textCAELoss,
		figures: []figure{{part: "err", label: "Per-pixel reconstruction error map, in nats", image: true},
			{part: "cae-loss", label: "The reconstruction term and the penalty adding up to the loss", px: 90}},
		draw: func(w *stepThrough, t *engine.Trace) { w.heat("err", t.ReconPixel, t); w.caeLossBar(t) }},
	{key: "grads", title: "Gradients flow back", parts: "grads", text: textCAEGrads,
		figures: []figure{{part: "graph", label: "The network with each layer's gradient magnitude on its edge", px: 150}},
		draw:    func(w *stepThrough, t *engine.Trace) { w.graph(t) }},
	{key: "update", title: "The update", parts: "update", text: textUpdate,
		figures: []figure{{part: "update", label: "The loss on this digit before and after the update", px: 90}},
		draw:    func(w *stepThrough, t *engine.Trace) { w.updateBars(t) }},
}

func textCode(t *engine.Trace) string {
	lo, hi := math.Inf(1), math.Inf(-1)
	sat := 0
	for _, v := range t.Code {
		lo, hi = math.Min(lo, float64(v)), math.Max(hi, float64(v))
		if v < 0.05 || v > 0.95 {
			sat++
		}
	}
	return fmt.Sprintf("h = sigmoid(Wx + b): %d units between %s and %s; %d of them are saturated (below 0.05 or above 0.95), "+
		"where the sigmoid is flat and hⱼ barely responds to x.", len(t.Code), kit.FormatNumber(lo), kit.FormatNumber(hi), sat)
}

func textJacobian(t *engine.Trace) string {
	return fmt.Sprintf("J_f(x) = ∂h/∂x has %d × %d entries, Jⱼᵢ = hⱼ(1 − hⱼ)·Wⱼᵢ; the images are the %d rows with the most weight. "+
		"‖J‖²_F by the closed form Σⱼ (hⱼ(1 − hⱼ))² Σᵢ Wⱼᵢ² = %s; by adding up all %s squared entries = %s.",
		t.Latent, t.Input, min(jacobianUnits, t.Latent), kit.FormatNumber(t.Penalty), kit.FormatCount(t.Latent*t.Input), kit.FormatNumber(t.PenaltySum))
}

func textCAELoss(t *engine.Trace) string {
	return fmt.Sprintf("The loss on this digit: reconstruction %s nats + λ‖J‖²_F = %s × %s = %s, in all %s.",
		kit.FormatNumber(t.ReconTerm), kit.FormatNumber(t.Lambda), kit.FormatNumber(t.Penalty),
		kit.FormatNumber(t.Lambda*t.Penalty), kit.FormatNumber(t.Loss))
}

func textCAEGrads(t *engine.Trace) string {
	return fmt.Sprintf("Backpropagation: ∂L/∂h = %s (the reconstruction's gradient plus the penalty's through hⱼ(1 − hⱼ)); "+
		"the penalty also pulls every encoder weight towards 0 directly, by λ·2Wⱼᵢ(hⱼ(1 − hⱼ))². "+
		"The edges carry ‖∂L/∂W‖ of each layer (thicker = larger).", vec(t.GradZ))
}

// jacobian shows the rows of J with the largest squared norms as 28×28
// images on a diverging scale (orange positive, blue negative).
func (w *stepThrough) jacobian(part string, t *engine.Trace) {
	if t.Width == 0 || len(t.Jacobian) != t.Latent*t.Input {
		return
	}
	rows := make([]int, t.Latent)
	norm := make([]float64, t.Latent)
	for j := range rows {
		rows[j] = j
		for _, v := range t.Jacobian[j*t.Input : (j+1)*t.Input] {
			norm[j] += float64(v) * float64(v)
		}
	}
	sort.Slice(rows, func(a, b int) bool { return norm[rows[a]] > norm[rows[b]] })
	rows = rows[:min(jacobianUnits, len(rows))]
	g := kit.GridFor(len(rows), 8, t.Width, t.Height, 1)
	gw, gh := g.Size()
	hi := float32(0)
	for _, j := range rows {
		for _, v := range t.Jacobian[j*t.Input : (j+1)*t.Input] {
			hi = max(hi, v, -v)
		}
	}
	rgba := make([]byte, 4*gw*gh)
	for k, j := range rows {
		ox, oy := g.Origin(k)
		for i, v := range t.Jacobian[j*t.Input : (j+1)*t.Input] {
			x, y := ox+i%t.Width, oy+i/t.Width
			r, gr, b := diverging(float64(v / hi))
			o := 4 * (y*gw + x)
			rgba[o], rgba[o+1], rgba[o+2], rgba[o+3] = r, gr, b, 255
		}
	}
	putRGBA(kit.Element(w.ID(part)), rgba, gw, gh)
}

// diverging maps a ∈ [−1, 1] to blue (negative) through black to orange.
func diverging(a float64) (r, g, b byte) {
	a = math.Max(-1, math.Min(1, a))
	m := math.Sqrt(math.Abs(a)) // show small entries too
	if a >= 0 {
		return byte(230 * m), byte(159 * m), 0
	}
	return byte(86 * m), byte(180 * m), byte(233 * m)
}

// caeLossBar draws the loss as its reconstruction and penalty parts.
func (w *stepThrough) caeLossBar(t *engine.Trace) {
	s, ok := kit.Fit(kit.Element(w.ID("cae-loss")))
	if !ok || !(t.Loss > 0) {
		return
	}
	pen := t.Lambda * t.Penalty
	hbar(s, 8, 34, t.Loss, []float64{t.ReconTerm, pen}, []string{kit.Orange, kit.Purple},
		[]string{"reconstruction " + kit.FormatNumber(t.ReconTerm), "λ‖J‖² " + kit.FormatNumber(pen)})
	s.Write(8, 64, "loss = "+kit.FormatNumber(t.Loss), "13px sans-serif", s.FG, "left")
}
