package kernel

import "testing"

// BenchmarkGemmNN is the R1 decoder's output product (100×784, depth 256).
func BenchmarkGemmNN(b *testing.B) {
	m, n, k := 100, 784, 256
	a, bb, c := make([]float32, m*k), make([]float32, k*n), make([]float32, m*n)
	for i := 0; i < b.N; i++ {
		GemmNN(m, n, k, a, bb, c)
	}
}

// BenchmarkGemmTN is the R1 decoder's output weight gradient (256×784, depth 100).
func BenchmarkGemmTN(b *testing.B) {
	m, n, k := 256, 784, 100
	a, bb, c := make([]float32, k*m), make([]float32, k*n), make([]float32, m*n)
	for i := 0; i < b.N; i++ {
		GemmTN(m, n, k, a, bb, c)
	}
}

// BenchmarkGemmNT is the R1 decoder's input gradient (100×256, depth 784).
func BenchmarkGemmNT(b *testing.B) {
	m, n, k := 100, 256, 784
	a, bb, c := make([]float32, m*k), make([]float32, n*k), make([]float32, m*n)
	for i := 0; i < b.N; i++ {
		GemmNT(m, n, k, a, bb, c)
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
