package formula

import "math"

// bceEps keeps BCE finite when a probability is exactly 0 or 1.
const bceEps = 1e-12

// BCE is the Bernoulli cross-entropy −[x log p + (1−x) log(1−p)] in nats of a
// target x ∈ [0, 1] under predicted probability p; p is clamped to [ε, 1−ε]
// with ε = 1e-12 so the result is always finite.
func BCE(x, p float64) float64 {
	p = math.Min(math.Max(p, bceEps), 1-bceEps)
	return -(x*math.Log(p) + (1-x)*math.Log1p(-p))
}

// BCEWithLogits is BCE(x, σ(a)) computed stably from the logit a:
// max(a, 0) − a·x + log(1 + e^{−|a|}).
func BCEWithLogits(x, a float64) float64 {
	return math.Max(a, 0) - a*x + math.Log1p(math.Exp(-math.Abs(a)))
}

// BCESum is Σᵢ BCE(xᵢ, pᵢ): the Bernoulli decoder's −log p(x|z) for one image.
func BCESum(x, p []float64) float64 {
	if len(x) != len(p) {
		panic("formula: BCESum length mismatch")
	}
	s := 0.0
	for i := range x {
		s += BCE(x[i], p[i])
	}
	return s
}

// SquaredError is Σᵢ (xᵢ − yᵢ)².
func SquaredError(x, y []float64) float64 {
	if len(x) != len(y) {
		panic("formula: SquaredError length mismatch")
	}
	s := 0.0
	for i := range x {
		d := x[i] - y[i]
		s += d * d
	}
	return s
}
