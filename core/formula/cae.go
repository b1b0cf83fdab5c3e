package formula

import "math"

// Sigmoid is 1/(1+e^{−a}), computed stably for large |a|.
func Sigmoid(a float64) float64 {
	if a >= 0 {
		return 1 / (1 + math.Exp(-a))
	}
	e := math.Exp(a)
	return e / (1 + e)
}

// hidden computes a = W·x + b for W given as rows (one per hidden unit).
func hidden(W [][]float64, b, x []float64) []float64 {
	if len(W) != len(b) {
		panic("formula: W has a different number of rows than b")
	}
	a := make([]float64, len(W))
	for j, row := range W {
		if len(row) != len(x) {
			panic("formula: W row length differs from len(x)")
		}
		s := b[j]
		for i, w := range row {
			s += w * x[i]
		}
		a[j] = s
	}
	return a
}

// SigmoidHidden returns the encoder's code h = σ(W·x + b); W[j] is hidden unit j's weights.
func SigmoidHidden(W [][]float64, b, x []float64) []float64 {
	h := hidden(W, b, x)
	for j := range h {
		h[j] = Sigmoid(h[j])
	}
	return h
}

// TanhHidden returns the encoder's code h = tanh(W·x + b).
func TanhHidden(W [][]float64, b, x []float64) []float64 {
	h := hidden(W, b, x)
	for j := range h {
		h[j] = math.Tanh(h[j])
	}
	return h
}

// SigmoidCAEPenalty is the contractive penalty ‖J_f(x)‖²_F of the encoder
// h = σ(W·x + b) in closed form: Σⱼ (hⱼ(1−hⱼ))² Σᵢ Wⱼᵢ². (Multiply by λ for the loss term.)
func SigmoidCAEPenalty(W [][]float64, b, x []float64) float64 {
	h := SigmoidHidden(W, b, x)
	s := 0.0
	for j, hj := range h {
		d := hj * (1 - hj)
		s += d * d * rowSq(W[j])
	}
	return s
}

// TanhCAEPenalty is ‖J_f(x)‖²_F for h = tanh(W·x + b): Σⱼ (1−hⱼ²)² Σᵢ Wⱼᵢ².
func TanhCAEPenalty(W [][]float64, b, x []float64) float64 {
	h := TanhHidden(W, b, x)
	s := 0.0
	for j, hj := range h {
		d := 1 - hj*hj
		s += d * d * rowSq(W[j])
	}
	return s
}

func rowSq(r []float64) float64 {
	s := 0.0
	for _, w := range r {
		s += w * w
	}
	return s
}

// SigmoidJacobian returns the encoder's Jacobian J[j][i] = ∂hⱼ/∂xᵢ = hⱼ(1−hⱼ)·Wⱼᵢ
// for h = σ(W·x + b): what the "penalty by hand" widget shows entry by entry.
func SigmoidJacobian(W [][]float64, b, x []float64) [][]float64 {
	h := SigmoidHidden(W, b, x)
	J := make([][]float64, len(h))
	for j, hj := range h {
		J[j] = scaledRow(W[j], hj*(1-hj))
	}
	return J
}

// TanhJacobian returns J[j][i] = ∂hⱼ/∂xᵢ = (1−hⱼ²)·Wⱼᵢ for h = tanh(W·x + b).
func TanhJacobian(W [][]float64, b, x []float64) [][]float64 {
	h := TanhHidden(W, b, x)
	J := make([][]float64, len(h))
	for j, hj := range h {
		J[j] = scaledRow(W[j], 1-hj*hj)
	}
	return J
}

func scaledRow(r []float64, c float64) []float64 {
	o := make([]float64, len(r))
	for i, w := range r {
		o[i] = c * w
	}
	return o
}

// FrobeniusSq is Σⱼ Σᵢ J[j][i]², the squared Frobenius norm of a matrix given as rows.
func FrobeniusSq(J [][]float64) float64 {
	s := 0.0
	for _, r := range J {
		s += rowSq(r)
	}
	return s
}
