package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestBernoulliNLL checks the loss and gradient against float64 math: each
// element's term within a few float32 ulps of its size, σ within 2e−7,
// and the sum within float32 precision of the exact one.
func TestBernoulliNLL(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	a := make([]float32, 5003)
	x := make([]float32, len(a))
	for i := range a {
		a[i] = float32(rng.NormFloat64() * 8)
		if i%7 == 0 {
			a[i] *= 30 // beyond ±87 sometimes
		}
		x[i] = float32(rng.Float64())
		if i%5 == 0 {
			x[i] = float32(i % 2) // binary targets too
		}
	}
	a[0], a[1], a[2], a[3] = 0, 1e-30, -3.4028235e38, float32(math.Copysign(0, -1))
	a[4], a[5] = expMin, -expMin
	grad := make([]float32, len(a))
	got := BernoulliNLL(grad, a, x, 0.5)
	var want, absSum float64
	for i, v := range a {
		z := float64(v)
		sp := math.Max(z, 0) + math.Log1p(math.Exp(-math.Abs(z)))
		term := sp - float64(x[i])*z
		want += term
		absSum += sp + math.Abs(float64(x[i])*z)
		sig := 1 / (1 + math.Exp(-z))
		if d := math.Abs(float64(grad[i]) - (sig-float64(x[i]))*0.5); d > 2e-7 {
			t.Fatalf("grad[%d] (a=%g) = %g, want %g", i, v, grad[i], (sig-float64(x[i]))*0.5)
		}
		l := []float32{0}
		one := BernoulliNLL(l, a[i:i+1], x[i:i+1], 1)
		if d := math.Abs(one - term); d > 4e-7*(sp+math.Abs(float64(x[i])*z))+1e-38 {
			t.Fatalf("loss of a=%g x=%g: %.9g, want %.9g", z, x[i], one, term)
		}
	}
	if d := math.Abs(got - want); d > 4e-7*absSum {
		t.Fatalf("sum %.9g, want %.9g", got, want)
	}
}

// TestBernoulliNLLNaN: a NaN logit makes the loss NaN (so that training
// notices), never a silently finite number.
func TestBernoulliNLLNaN(t *testing.T) {
	for n := 1; n <= 9; n++ {
		a, x, g := make([]float32, n), make([]float32, n), make([]float32, n)
		a[n-1] = float32(math.NaN())
		if s := BernoulliNLL(g, a, x, 1); !math.IsNaN(s) {
			t.Fatalf("n=%d: loss %g with a NaN logit", n, s)
		}
	}
}

// TestBernoulliNLLMatchesScalar checks the build's body (SIMD in a SIMD
// build) against the scalar one, bit for bit, on lengths 0 to 70.
func TestBernoulliNLLMatchesScalar(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	for n := 0; n <= 70; n++ {
		a := specialMat(rng, n)
		for i := range a {
			if rng.IntN(2) == 0 {
				a[i] = float32(rng.NormFloat64() * 20)
			}
		}
		x := make([]float32, n)
		for i := range x {
			x[i] = float32(rng.Float64())
		}
		g1, g2 := make([]float32, n), make([]float32, n)
		s1 := BernoulliNLL(g1, a, x, 0.01)
		s2 := bceGo(g2, a, x, 0.01, 0)
		if math.Float64bits(s1) != math.Float64bits(s2) && !(s1 != s1 && s2 != s2) {
			t.Fatalf("n=%d: sum %v, scalar %v", n, s1, s2)
		}
		if i := sameBits(g1, g2); i >= 0 {
			t.Fatalf("n=%d: grad[%d] = %g, scalar %g (a=%g)", n, i, g1[i], g2[i], a[i])
		}
	}
}
