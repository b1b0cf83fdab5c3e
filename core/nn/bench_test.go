package nn

// Benchmarks of the per-step element-wise work (loss, activation, optimizer).

import (
	"math/rand/v2"
	"testing"
)

func BenchmarkBCE(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	a := randVec(rng, 100*784, 0)
	x := randVec(rng, 100*784, 0.8)
	for i := range x {
		if x[i] < 0 {
			x[i] = -x[i]
		}
	}
	g := make([]float32, len(a))
	for i := 0; i < b.N; i++ {
		BCEWithLogits(g, nil, a, x, 784, 1)
	}
}

func BenchmarkSigmoid(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	a := randVec(rng, 100*784, 0)
	for i := 0; i < b.N; i++ {
		Apply(Sigmoid, a)
	}
}

func BenchmarkAdamR1(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	n := 784*256*2 + 256*4 + 2*256
	ps := []Param{{Value: randVec(rng, n, 0), Grad: randVec(rng, n, 0)}}
	o := NewAdam(1e-3)
	for i := 0; i < b.N; i++ {
		o.Step(ps)
	}
}
