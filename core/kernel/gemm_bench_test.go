package kernel

import "testing"

// gemmBenches are the R1 decoder's output-layer products (100×784 rows of
// the batch, depth 256): the forward product, the weight gradient and the
// input gradient; then R3's (128 rows, depth 512).
var gemmBenches = []struct {
	name    string
	op      gemmOp
	m, n, k int
}{
	{"NN", opNN, 100, 784, 256}, // forward: h·W
	{"TN", opTN, 256, 784, 100}, // ∂L/∂W = hᵀ·g
	{"NT", opNT, 100, 256, 784}, // ∂L/∂h = g·Wᵀ
	{"R3-NN", opNN, 128, 784, 512},
	{"R3-TN", opTN, 512, 784, 128},
	{"R3-NT", opNT, 128, 512, 784},
}

// BenchmarkGemm times each product with the scalar kernel and with the
// build's kernel (the same one in a scalar build; SIMD in a SIMD build).
func BenchmarkGemm(b *testing.B) {
	for _, g := range gemmBenches {
		a, bb, c := make([]float32, g.m*g.k), make([]float32, g.k*g.n), make([]float32, g.m*g.n)
		for i := range a {
			a[i] = float32(i%7) / 7
		}
		for i := range bb {
			bb[i] = float32(i%5) / 5
		}
		b.Run(g.name+"/scalar", func(b *testing.B) {
			for range b.N {
				gemmScalar(g.op, g.m, g.n, g.k, a, bb, c)
			}
		})
		b.Run(g.name+"/build", func(b *testing.B) {
			for range b.N {
				gemm(g.op, g.m, g.n, g.k, a, bb, c)
			}
		})
	}
}

// BenchmarkSparseNN is the R1 encoder's forward product on MNIST-like
// input (100×784 at 19% density, times 784×256).
func BenchmarkSparseNN(b *testing.B) {
	m, n, k := 100, 256, 784
	a, bb, c := make([]float32, m*k), make([]float32, k*n), make([]float32, m*n)
	for i := range a {
		if (i*7919)%100 < 19 {
			a[i] = 0.5
		}
	}
	var s CSR
	s.FromDense(m, k, a)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		SparseNN(&s, n, bb, c)
	}
}

// BenchmarkSparseRow is D1's big layer through infer.Compiled: one row of
// 256 inputs, half of them zero (a ReLU layer's output), times 256×784.
func BenchmarkSparseRow(b *testing.B) {
	k, n := 256, 784
	x, w, y := make([]float32, k), make([]float32, k*n), make([]float32, n)
	for i := range x {
		if (i*7919)%100 < 50 {
			x[i] = 0.5
		}
	}
	for i := range w {
		w[i] = float32(i%7) / 7
	}
	var s CSR
	s.FromDense(1, k, x)
	b.ResetTimer()
	for range b.N {
		SparseNN(&s, n, w, y)
	}
}

// BenchmarkMatVec is D1's big layer (784 outputs of 256 inputs) with the
// scalar body and with the build's; then the 784 sigmoids.
func BenchmarkMatVec(b *testing.B) {
	out, in := 784, 256
	w, x, bias, y := make([]float32, out*in), make([]float32, in), make([]float32, out), make([]float32, out)
	for i := range w {
		w[i] = float32(i%7) / 7
	}
	for i := range x {
		x[i] = float32(i % 3)
	}
	b.Run("scalar", func(b *testing.B) {
		for range b.N {
			for o := range y {
				y[o] = bias[o] + dot8(w[o*in:o*in+in], x)
			}
		}
	})
	b.Run("build", func(b *testing.B) {
		for range b.N {
			MatVec(y, w, x, bias)
		}
	})
	b.Run("sigmoid/scalar", func(b *testing.B) {
		for range b.N {
			sigmoidAllGo(y)
		}
	})
	b.Run("sigmoid/build", func(b *testing.B) {
		for range b.N {
			SigmoidAll(y)
		}
	})
}
