package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestGemmBuildMatchesScalar checks the build's products (SIMD in a SIMD
// build) against the scalar kernel, bit for bit, on random shapes from 1
// to 70 in each dimension, the fixed edge shapes and the R1 decoder's
// shapes, with inputs containing zeros, large and tiny values. Bit
// equality is stronger than any float32 tolerance: both kernels sum each
// element in the same order with separately rounded products.
func TestGemmBuildMatchesScalar(t *testing.T) {
	t.Logf("kernels: %s", Build())
	rng := rand.New(rand.NewPCG(11, 12))
	all := append([][3]int{{100, 784, 256}, {256, 784, 100}, {100, 256, 784}, {5, 9, 300}, {13, 20, 513}}, shapes...)
	for range 40 {
		all = append(all, [3]int{1 + rng.IntN(70), 1 + rng.IntN(70), 1 + rng.IntN(70)})
	}
	for _, op := range []gemmOp{opNN, opNT, opTN} {
		for _, s := range all {
			m, n, k := s[0], s[1], s[2]
			a := wideMat(rng, m, k)
			b := wideMat(rng, k, n)
			c0 := wideMat(rng, m, n)
			want := append([]float32(nil), c0...)
			if m > 0 && n > 0 && k > 0 {
				gemmScalar(op, m, n, k, a, b, want)
			}
			got := append([]float32(nil), c0...)
			gemm(op, m, n, k, a, b, got)
			for i := range got {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
					t.Fatalf("op %d %dx%dx%d: C[%d] = %g, scalar kernel %g", op, m, n, k, i, got[i], want[i])
				}
			}
		}
	}
}

// wideMat returns r×c values spanning many magnitudes, a fifth of them 0.
func wideMat(rng *rand.Rand, r, c int) []float32 {
	v := make([]float32, r*c)
	for i := range v {
		if rng.IntN(5) == 0 {
			continue
		}
		v[i] = float32((2*rng.Float64() - 1) * math.Pow(10, float64(rng.IntN(9)-4)))
	}
	return v
}

// TestGemmEdgesLeaveRestOfC checks that a product writes only its m×n
// block: the slices are longer than needed and the extra entries keep
// their values (edge blocks go through a temporary).
func TestGemmEdgesLeaveRestOfC(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for _, s := range [][3]int{{5, 9, 3}, {1, 1, 1}, {3, 7, 2}, {6, 13, 5}} {
		m, n, k := s[0], s[1], s[2]
		for _, op := range []gemmOp{opNN, opNT, opTN} {
			t.Run(fmt.Sprintf("%d/%v", op, s), func(t *testing.T) {
				a, b := wideMat(rng, m, k), wideMat(rng, k, n)
				c := make([]float32, m*n+5)
				for i := m * n; i < len(c); i++ {
					c[i] = 42
				}
				gemm(op, m, n, k, a, b, c)
				for i := m * n; i < len(c); i++ {
					if c[i] != 42 {
						t.Fatalf("C[%d] beyond the product changed to %g", i, c[i])
					}
				}
			})
		}
	}
}
