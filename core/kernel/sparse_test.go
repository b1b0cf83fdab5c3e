package kernel

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// fromDenseRef is FromDense's plain form, the oracle: append each non-zero.
func fromDenseRef(m, k int, a []float32) CSR {
	s := CSR{Rows: m, Cols: k, RowPtr: make([]int32, m+1)}
	for i := 0; i < m; i++ {
		for p, v := range a[i*k : i*k+k] {
			if v != 0 {
				s.Col = append(s.Col, int32(p))
				s.Val = append(s.Val, v)
			}
		}
		s.RowPtr[i+1] = int32(len(s.Val))
	}
	return s
}

// TestFromDenseMatchesAppend checks FromDense against the append form on
// random shapes and densities, reusing one CSR across calls of growing and
// shrinking size (the capacity it keeps), with NaN, ±Inf and −0 entries
// (NaN and ±Inf are non-zeros, −0 is not).
func TestFromDenseMatchesAppend(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 17))
	var s CSR
	specials := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.Copysign(0, -1))}
	for trial := 0; trial < 300; trial++ {
		m, k := rng.IntN(9), rng.IntN(70)
		if trial%50 == 0 {
			m, k = 100, 784 // a first-layer batch
		}
		zero := rng.Float64()
		a := randMat(rng, m, k, zero)
		for i := range a {
			if rng.IntN(20) == 0 {
				a[i] = specials[rng.IntN(len(specials))]
			}
		}
		s.FromDense(m, k, a)
		want := fromDenseRef(m, k, a)
		if s.Rows != m || s.Cols != k || !slices.Equal(s.RowPtr, want.RowPtr) || !slices.Equal(s.Col, want.Col) ||
			!slices.EqualFunc(s.Val, want.Val, func(x, y float32) bool { return math.Float32bits(x) == math.Float32bits(y) }) {
			t.Fatalf("trial %d, %d×%d zero=%.2f: got rows %v cols %v, want %v %v", trial, m, k, zero, s.RowPtr, s.Col, want.RowPtr, want.Col)
		}
	}
}

// TestFromDenseReLUMatchesFromDense checks FromDenseReLU(a) against
// FromDense of a with every entry ≤ 0 (−0 and −Inf included) set to zero,
// NaN kept, on random shapes and densities with one CSR reused.
func TestFromDenseReLUMatchesFromDense(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 18))
	var s CSR
	specials := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.Copysign(0, -1))}
	for trial := 0; trial < 300; trial++ {
		m, k := rng.IntN(9), rng.IntN(70)
		if trial%50 == 0 {
			m, k = 1, 256 // a decoder's hidden layer
		}
		a := randMat(rng, m, k, rng.Float64()) // half of the non-zeros negative
		for i := range a {
			if rng.IntN(20) == 0 {
				a[i] = specials[rng.IntN(len(specials))]
			}
		}
		relu := slices.Clone(a)
		for i, v := range relu {
			if v <= 0 {
				relu[i] = 0
			}
		}
		s.FromDenseReLU(m, k, a)
		want := fromDenseRef(m, k, relu)
		if s.Rows != m || s.Cols != k || !slices.Equal(s.RowPtr, want.RowPtr) || !slices.Equal(s.Col, want.Col) ||
			!slices.EqualFunc(s.Val, want.Val, func(x, y float32) bool { return math.Float32bits(x) == math.Float32bits(y) }) {
			t.Fatalf("trial %d, %d×%d: got rows %v cols %v, want %v %v", trial, m, k, s.RowPtr, s.Col, want.RowPtr, want.Col)
		}
	}
}
