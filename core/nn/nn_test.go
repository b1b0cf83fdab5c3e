package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"latentlab/core/nn/nntest"
)

func randVec(rng *rand.Rand, n int, zero float64) []float32 {
	v := make([]float32, n)
	for i := range v {
		if rng.Float64() >= zero {
			v[i] = float32(2*rng.Float64() - 1)
		}
	}
	return v
}

// TestDenseGradients checks ∂L/∂W, ∂L/∂b and ∂L/∂X of a dense layer under
// L = Σ R⊙Y for every activation, on dense and sparse inputs.
func TestDenseGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	const batch, in, out = 3, 7, 5
	for _, act := range []Activation{Identity, Sigmoid, Tanh, ReLU} {
		for _, sparse := range []bool{false, true} {
			t.Run(fmt.Sprintf("%v/sparse=%v", act, sparse), func(t *testing.T) {
				d := NewDense(in, out, act)
				d.SparseInput = sparse
				GlorotUniform(d, rng)
				for i := range d.B {
					d.B[i] = float32(rng.Float64() - 0.5)
				}
				zero := 0.0
				if sparse {
					zero = 0.7
				}
				x := randVec(rng, batch*in, zero)
				r := randVec(rng, batch*out, 0)
				loss := func() float64 {
					y := d.Forward(x, batch)
					var s float64
					for i, v := range y {
						s += float64(r[i]) * float64(v)
					}
					return s
				}
				loss()
				d.ZeroGrad()
				dx := append([]float32(nil), d.Backward(r, true)...)
				gw := append([]float32(nil), d.GW...)
				gb := append([]float32(nil), d.GB...)
				for _, c := range []struct {
					name string
					v, g []float32
				}{{"W", d.W, gw}, {"b", d.B, gb}, {"X", x, dx}} {
					if _, err := nntest.Check(c.name, c.v, c.g, nil, loss, nntest.Default); err != nil {
						t.Error(err)
					}
				}
			})
		}
	}
}

func TestSparseInputIsBitIdentical(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	const batch, in, out = 6, 30, 9
	a, b := NewDense(in, out, Sigmoid), NewDense(in, out, Sigmoid)
	GlorotUniform(a, rng)
	copy(b.W, a.W)
	b.SparseInput = true
	x := randVec(rng, batch*in, 0.8)
	dy := randVec(rng, batch*out, 0)
	ya, yb := a.Forward(x, batch), b.Forward(x, batch)
	if !b.usedCSR {
		t.Fatal("sparse path not taken")
	}
	for i := range ya {
		if math.Float32bits(ya[i]) != math.Float32bits(yb[i]) {
			t.Fatalf("Y[%d]: dense %g sparse %g", i, ya[i], yb[i])
		}
	}
	a.Backward(dy, false)
	b.Backward(dy, false)
	for i := range a.GW {
		if math.Float32bits(a.GW[i]) != math.Float32bits(b.GW[i]) {
			t.Fatalf("GW[%d]: dense %g sparse %g", i, a.GW[i], b.GW[i])
		}
	}
}

func TestLossGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	const rows, dim = 4, 6
	a := randVec(rng, rows*dim, 0)
	for i := range a {
		a[i] *= 4
	}
	x := make([]float32, rows*dim)
	for i := range x {
		x[i] = float32(rng.Float64())
	}
	g := make([]float32, len(a))
	scratch := make([]float32, len(a))
	for _, c := range []struct {
		name string
		f    func(grad, perRow, a, x []float32, dim int, scale float64) float64
	}{{"BCE", BCEWithLogits}, {"HalfSquaredError", HalfSquaredError}} {
		c.f(g, nil, a, x, dim, 1.5)
		loss := func() float64 { return 1.5 * c.f(scratch, nil, a, x, dim, 1) }
		if _, err := nntest.Check(c.name, a, g, nil, loss, nntest.Default); err != nil {
			t.Error(err)
		}
	}
	// BCE from logits is finite for huge logits.
	big := []float32{200, -200}
	l := BCEWithLogits(make([]float32, 2), nil, big, []float32{0, 1}, 2, 1)
	if math.Abs(l-400) > 1e-3 {
		t.Fatalf("BCE(±200) = %g, want 400", l)
	}
}

func TestOptimizersMinimiseQuadratic(t *testing.T) {
	for _, name := range []string{"sgd", "adam"} {
		opt, err := NewOptimizer(name, 0.05, 0.9)
		if err != nil {
			t.Fatal(err)
		}
		w := []float32{3, -2}
		g := make([]float32, 2)
		ps := []Param{{Name: "w", Value: w, Grad: g}}
		for i := 0; i < 500; i++ {
			g[0], g[1] = 2*(w[0]-1), 2*(w[1]+1) // ∇(w−c)²
			opt.Step(ps)
		}
		if math.Abs(float64(w[0]-1)) > 1e-2 || math.Abs(float64(w[1]+1)) > 1e-2 {
			t.Errorf("%s: w = %v, want [1 -1]", name, w)
		}
	}
	if _, err := NewOptimizer("rmsprop", 1, 0); err == nil {
		t.Error("unknown optimizer accepted")
	}
}

func TestClipGlobalNorm(t *testing.T) {
	g := []float32{3, 4}
	ps := []Param{{Value: make([]float32, 2), Grad: g}}
	n := GradNorm(ps)
	if n != 5 || !ClipGlobalNorm(ps, n, 1) || math.Abs(GradNorm(ps)-1) > 1e-6 {
		t.Fatalf("clip: norm %g → %v", n, g)
	}
}

func TestNormFloat64Moments(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	var s, s2 float64
	const n = 200000
	for i := 0; i < n; i++ {
		z := NormFloat64(rng)
		s += z
		s2 += z * z
	}
	if m, v := s/n, s2/n; math.Abs(m) > 0.01 || math.Abs(v-1) > 0.02 {
		t.Fatalf("mean %g var %g", m, v)
	}
}

func TestNoAllocationAfterWarmUp(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	d := NewDense(50, 20, ReLU)
	d.SparseInput = true
	GlorotUniform(d, rng)
	x := randVec(rng, 8*50, 0.8)
	dy := randVec(rng, 8*20, 0)
	opt := NewAdam(1e-3)
	ps := d.Params("l")
	step := func() {
		d.ZeroGrad()
		d.Forward(x, 8)
		d.Backward(dy, true)
		opt.Step(ps)
	}
	step()
	if a := testing.AllocsPerRun(10, step); a != 0 {
		t.Fatalf("%g allocations per step", a)
	}
}

func TestInitialisers(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	d := NewDense(400, 300, ReLU)
	GlorotUniform(d, rng)
	a := float32(math.Sqrt(6.0 / 700))
	var s2 float64
	for _, w := range d.W {
		if w < -a || w > a {
			t.Fatalf("Glorot weight %g outside ±%g", w, a)
		}
		s2 += float64(w) * float64(w)
	}
	if v, want := s2/float64(len(d.W)), 2.0/700; math.Abs(v-want) > 0.05*want {
		t.Fatalf("Glorot variance %g, want %g", v, want)
	}
	HeNormal(d, rng)
	s2 = 0
	for _, w := range d.W {
		s2 += float64(w) * float64(w)
	}
	if v, want := s2/float64(len(d.W)), 2.0/400; math.Abs(v-want) > 0.05*want {
		t.Fatalf("He variance %g, want %g", v, want)
	}
}
