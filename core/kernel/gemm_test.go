package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// shapes covers 1×1, zero rows/cols/depth, sizes around the scalar 3×3,
// the SIMD 4×8 and the sparse 1×8 blocks (1, 3, 4, 5, 7, 8, 9, not
// multiples of 4), odd and even depths, and a few larger ones.
var shapes = [][3]int{
	{1, 1, 1}, {0, 3, 2}, {3, 0, 2}, {3, 2, 0}, {4, 4, 4}, {5, 7, 3}, {8, 8, 1},
	{3, 9, 5}, {13, 17, 11}, {16, 33, 20}, {1, 20, 7}, {20, 1, 7}, {37, 29, 64},
	{4, 8, 2}, {4, 8, 3}, {7, 15, 1}, {9, 17, 6}, {2, 3, 13}, {12, 24, 9},
	{6, 55, 21}, {2, 87, 9}, // the sparse row kernel's 32-, 16- and 4-column strips and tail
}

// randMat returns r×c values in [−1, 1], about a fraction zero of them 0.
func randMat(rng *rand.Rand, r, c int, zero float64) []float32 {
	v := make([]float32, r*c)
	for i := range v {
		if rng.Float64() >= zero {
			v[i] = float32(2*rng.Float64() - 1)
		}
	}
	return v
}

// gonumGemm returns C0 + op(A)·op(B) computed by gonum's float64 BLAS.
func gonumGemm(ta, tb blas.Transpose, m, n, k int, a, b, c0 []float32) []float64 {
	f64 := func(v []float32) []float64 {
		w := make([]float64, len(v))
		for i, x := range v {
			w[i] = float64(x)
		}
		return w
	}
	ga := blas64.General{Rows: m, Cols: k, Stride: max(k, 1), Data: f64(a)}
	if ta == blas.Trans {
		ga = blas64.General{Rows: k, Cols: m, Stride: max(m, 1), Data: f64(a)}
	}
	gb := blas64.General{Rows: k, Cols: n, Stride: max(n, 1), Data: f64(b)}
	if tb == blas.Trans {
		gb = blas64.General{Rows: n, Cols: k, Stride: max(k, 1), Data: f64(b)}
	}
	gc := blas64.General{Rows: m, Cols: n, Stride: max(n, 1), Data: f64(c0)}
	if m > 0 && n > 0 && k > 0 {
		blas64.Gemm(ta, tb, 1, ga, gb, 1, gc)
	}
	return gc.Data
}

// sequential returns C0 + op(A)·op(B) with each entry summed in float32 in
// increasing k order: the exact result the kernels promise.
func sequential(ta, tb bool, m, n, k int, a, b, c0 []float32) []float32 {
	c := append([]float32(nil), c0...)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			s := c[i*n+j]
			for p := 0; p < k; p++ {
				x := a[i*k+p]
				if ta {
					x = a[p*m+i]
				}
				y := b[p*n+j]
				if tb {
					y = b[j*k+p]
				}
				s += x * y
			}
			c[i*n+j] = s
		}
	}
	return c
}

func TestGemmAgainstGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	type variant struct {
		name   string
		ta, tb blas.Transpose
		f      func(m, n, k int, a, b, c []float32)
	}
	variants := []variant{
		{"NN", blas.NoTrans, blas.NoTrans, GemmNN},
		{"NT", blas.NoTrans, blas.Trans, GemmNT},
		{"TN", blas.Trans, blas.NoTrans, GemmTN},
	}
	for _, v := range variants {
		for _, s := range shapes {
			m, n, k := s[0], s[1], s[2]
			t.Run(fmt.Sprintf("%s/%dx%dx%d", v.name, m, n, k), func(t *testing.T) {
				a := randMat(rng, m, k, 0.3)
				b := randMat(rng, k, n, 0.1)
				c0 := randMat(rng, m, n, 0)
				c := append([]float32(nil), c0...)
				v.f(m, n, k, a, b, c)
				want := gonumGemm(v.ta, v.tb, m, n, k, a, b, c0)
				for i := range c {
					if d := math.Abs(float64(c[i]) - want[i]); d > 1e-5*float64(k+1) {
						t.Fatalf("C[%d] = %g, gonum %g (diff %g)", i, c[i], want[i], d)
					}
				}
				exact := sequential(v.ta == blas.Trans, v.tb == blas.Trans, m, n, k, a, b, c0)
				for i := range c {
					if math.Float32bits(c[i]) != math.Float32bits(exact[i]) {
						t.Fatalf("C[%d] = %x, sequential sum %x: summation order changed", i, math.Float32bits(c[i]), math.Float32bits(exact[i]))
					}
				}
			})
		}
	}
}

func TestSparseNNMatchesDense(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var s, st CSR
	for _, sh := range shapes {
		m, n, k := sh[0], sh[1], sh[2]
		for _, zero := range []float64{0, 0.8, 1} {
			a := randMat(rng, m, k, zero)
			b := randMat(rng, k, n, 0)
			c0 := randMat(rng, m, n, 0)
			s.FromDense(m, k, a)
			got := append([]float32(nil), c0...)
			SparseNN(&s, n, b, got)
			want := append([]float32(nil), c0...)
			GemmNN(m, n, k, a, b, want)
			for i := range got {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
					t.Fatalf("%v zero=%g: C[%d] = %g, dense %g", sh, zero, i, got[i], want[i])
				}
			}
			// Sᵀ·B' through the transpose equals GemmTN on the dense S.
			b2 := randMat(rng, m, n, 0)
			s.Transpose(&st)
			got2 := make([]float32, k*n)
			SparseNN(&st, n, b2, got2)
			want2 := make([]float32, k*n)
			GemmTN(k, n, m, a, b2, want2)
			for i := range got2 {
				if math.Float32bits(got2[i]) != math.Float32bits(want2[i]) {
					t.Fatalf("%v zero=%g: transposed C[%d] = %g, dense %g", sh, zero, i, got2[i], want2[i])
				}
			}
		}
	}
}

// TestSparseNNColumnOutOfRange: a CSR whose column index lies outside B
// (a corrupted one; FromDense never makes it) panics in every build, at
// every width the SIMD kernel handles (32- and 16-column strips, 4-column
// tail, the scalar rest) and every position in an unrolled iteration,
// rather than reading past B.
func TestSparseNNColumnOutOfRange(t *testing.T) {
	for _, n := range []int{1, 4, 16, 35, 784} {
		for _, nnz := range []int{1, 3, 8, 9, 20} {
			for bad := 0; bad < nnz; bad++ {
				for _, col := range []int32{5, -1} {
					k := 5
					s := CSR{Rows: 1, Cols: k, RowPtr: []int32{0, int32(nnz)}, Col: make([]int32, nnz), Val: make([]float32, nnz)}
					for q := range nnz {
						s.Col[q], s.Val[q] = int32(q%k), 1
					}
					s.Col[bad] = col
					func() {
						defer func() {
							if recover() == nil {
								t.Errorf("n %d, %d non-zeros, column %d at %d: no panic", n, nnz, col, bad)
							}
						}()
						SparseNN(&s, n, make([]float32, k*n), make([]float32, n))
					}()
				}
			}
		}
	}
}

func TestShapePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("GemmNN with a short slice did not panic")
		}
	}()
	GemmNN(2, 2, 2, make([]float32, 3), make([]float32, 4), make([]float32, 4))
}

func TestElementwiseMath(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	rel := func(got, want float64) float64 {
		if got == want {
			return 0
		}
		return math.Abs(got-want) / math.Max(math.Abs(want), 1e-300)
	}
	for i := 0; i < 20000; i++ {
		x := (rng.Float64()*2 - 1) * 700
		if i%2 == 0 {
			x /= 1000
		}
		if r := rel(Exp(x), math.Exp(x)); r > 4e-16 {
			t.Fatalf("Exp(%g) = %g, math %g (rel %g)", x, Exp(x), math.Exp(x), r)
		}
		y := math.Abs(x) * math.Pow(10, float64(rng.IntN(40)-20))
		if r := rel(Log(y), math.Log(y)); r > 4e-16 && math.Abs(Log(y)-math.Log(y)) > 1e-16 {
			t.Fatalf("Log(%g) = %g, math %g (rel %g)", y, Log(y), math.Log(y), r)
		}
		u := x / 700
		if d := math.Abs(Log1p(u) - math.Log1p(u)); d > 4e-16*math.Max(1, math.Abs(math.Log1p(u))) {
			t.Fatalf("Log1p(%g) = %g, math %g", u, Log1p(u), math.Log1p(u))
		}
		z := x / 20
		if d := math.Abs(Tanh(z) - math.Tanh(z)); d > 4e-16 {
			t.Fatalf("Tanh(%g) = %g, math %g", z, Tanh(z), math.Tanh(z))
		}
		if d := math.Abs(Sigmoid(z) - 1/(1+math.Exp(-z))); d > 4e-16 {
			t.Fatalf("Sigmoid(%g) = %g", z, Sigmoid(z))
		}
		if d := math.Abs(Softplus(z) - math.Log1p(math.Exp(z))); d > 1e-15*math.Max(1, z) {
			t.Fatalf("Softplus(%g) = %g", z, Softplus(z))
		}
	}
	if Exp(-800) != 0 || !math.IsInf(Exp(800), 1) || Log(0) != math.Inf(-1) || !math.IsNaN(Log(-1)) {
		t.Fatal("edge values wrong")
	}
	// Subnormal input (math.Log's amd64 assembly returns ≈ −709.09 here).
	if r := rel(Log(5e-320), math.Log(5)-320*math.Ln10); r > 1e-6 {
		t.Fatalf("Log subnormal rel %g", r)
	}
}
