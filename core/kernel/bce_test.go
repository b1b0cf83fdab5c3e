package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestBernoulliNLL(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	a := make([]float32, 5000)
	x := make([]float32, len(a))
	for i := range a {
		a[i] = float32(rng.NormFloat64() * 8)
		if i%7 == 0 {
			a[i] *= 30 // beyond ±100 sometimes
		}
		x[i] = float32(rng.Float64())
	}
	a[0], a[1], a[2] = 0, 1e-30, -3.4028235e38
	grad := make([]float32, len(a))
	got := BernoulliNLL(grad, a, x, 0.5)
	var want float64
	for i, v := range a {
		z := float64(v)
		sp := math.Max(z, 0) + math.Log1p(math.Exp(-math.Abs(z)))
		want += sp - float64(x[i])*z
		sig := 1 / (1 + math.Exp(-z))
		if d := math.Abs(float64(grad[i]) - (sig-float64(x[i]))*0.5); d > 1e-7 {
			t.Fatalf("grad[%d] = %g, want %g", i, grad[i], (sig-float64(x[i]))*0.5)
		}
		l := []float32{0}
		one := BernoulliNLL(l, a[i:i+1], x[i:i+1], 1)
		if d := math.Abs(one - (sp - float64(x[i])*z)); d > 1e-15*math.Max(1, math.Abs(sp)) {
			t.Fatalf("loss of a=%g: %.17g, want %.17g", z, one, sp-float64(x[i])*z)
		}
	}
	if math.Abs(got-want) > 1e-12*math.Abs(want) {
		t.Fatalf("sum %g, want %g", got, want)
	}
}
