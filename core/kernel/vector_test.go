package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
)

// specialMat returns n values spanning many magnitudes with zeros, −0,
// ±Inf, NaN, subnormals and values near 0 and 1 mixed in.
func specialMat(rng *rand.Rand, n int) []float32 {
	special := []float32{0, float32(math.Copysign(0, -1)), float32(math.Inf(1)), float32(math.Inf(-1)),
		float32(math.NaN()), 1e-40, -1e-40, 1, 0.5, 1 - 1e-7, math.MaxFloat32}
	v := make([]float32, n)
	for i := range v {
		if rng.IntN(6) == 0 {
			v[i] = special[rng.IntN(len(special))]
			continue
		}
		v[i] = float32((2*rng.Float64() - 1) * math.Pow(10, float64(rng.IntN(9)-4)))
	}
	return v
}

// sameBits reports whether a and b are the same float32s, bit for bit,
// counting any two NaNs as equal (WebAssembly leaves NaN payloads open).
func sameBits(a, b []float32) int {
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) && !(a[i] != a[i] && b[i] != b[i]) {
			return i
		}
	}
	return -1
}

// TestVectorOpsMatchScalar checks every element-wise kernel of the build
// (SIMD in a SIMD build) against its scalar body on lengths 0 to 70 (the
// SIMD bodies work in fours; the rest falls to the scalar tail).
func TestVectorOpsMatchScalar(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	unary := map[string][2]func(v []float32){
		"ReLU": {ReLU, reluGo},
	}
	binary := map[string][2]func(g, y []float32){
		"MaskReLU":        {MaskReLU, maskReLUGo},
		"MulSigmoidDeriv": {MulSigmoidDeriv, mulSigmoidDerivGo},
		"MulTanhDeriv":    {MulTanhDeriv, mulTanhDerivGo},
	}
	for n := 0; n <= 70; n++ {
		for name, f := range unary {
			v := specialMat(rng, n)
			want := append([]float32(nil), v...)
			f[1](want)
			f[0](v)
			if i := sameBits(v, want); i >= 0 {
				t.Fatalf("%s n=%d: [%d] = %g, scalar %g", name, n, i, v[i], want[i])
			}
		}
		for name, f := range binary {
			g, y := specialMat(rng, n), specialMat(rng, n+3)
			want := append([]float32(nil), g...)
			f[1](want, y)
			f[0](g, y)
			if i := sameBits(g, want); i >= 0 {
				t.Fatalf("%s n=%d: [%d] = %g, scalar %g", name, n, i, g[i], want[i])
			}
		}
		for _, rows := range []int{0, 1, 3, 17} {
			src := specialMat(rng, rows*n)
			dst := specialMat(rng, n)
			want := append([]float32(nil), dst...)
			addRowsGo(want, src, rows, 0)
			AddRows(dst, src, rows)
			if i := sameBits(dst, want); i >= 0 {
				t.Fatalf("AddRows n=%d rows=%d: [%d] = %g, scalar %g", n, rows, i, dst[i], want[i])
			}
			dst = specialMat(rng, n)
			want = append(want[:0], dst...)
			for r := 0; r < rows; r++ {
				for j := range want {
					want[j] += src[r*n+j] * src[r*n+j]
				}
			}
			AddSquaredRows(dst, src, rows)
			if i := sameBits(dst, want); i >= 0 {
				t.Fatalf("AddSquaredRows n=%d rows=%d: [%d] = %g, scalar %g", n, rows, i, dst[i], want[i])
			}
			if n == 0 {
				continue
			}
			g := specialMat(rng, n)
			dm := specialMat(rng, rows*n)
			wantM := append([]float32(nil), dm...)
			for i := range wantM {
				wantM[i] += g[i%n] * src[i]
			}
			AddScaledRows(dm, src, g)
			if i := sameBits(dm, wantM); i >= 0 {
				t.Fatalf("AddScaledRows n=%d rows=%d: [%d] = %g, scalar %g", n, rows, i, dm[i], wantM[i])
			}
		}
	}
}

// TestAdamMatchesScalar runs 50 Adam steps on random gradients (some zero,
// some huge, some tiny) with the build's kernel and the scalar body and
// requires the same weights and moments, bit for bit.
func TestAdamMatchesScalar(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	for _, n := range []int{0, 1, 3, 4, 5, 8, 13, 64, 67} {
		w1 := wideMat(rng, 1, n)
		w2 := append([]float32(nil), w1...)
		m1, v1 := make([]float32, n), make([]float32, n)
		m2, v2 := make([]float32, n), make([]float32, n)
		b1t, b2t := 1.0, 1.0
		for step := 0; step < 50; step++ {
			g := wideMat(rng, 1, n)
			b1t *= 0.9
			b2t *= 0.999
			p := AdamParams{B1: 0.9, B2: 0.999, C1: 1 - float32(0.9), C2: 1 - float32(0.999),
				Step: float32(1e-3 * math.Sqrt(1-b2t) / (1 - b1t)), Eps: float32(1e-8 * math.Sqrt(1-b2t))}
			Adam(w1, g, m1, v1, p)
			adamGo(w2, g, m2, v2, p)
		}
		for _, pair := range [][2][]float32{{w1, w2}, {m1, m2}, {v1, v2}} {
			if i := sameBits(pair[0], pair[1]); i >= 0 {
				t.Fatalf("n=%d: [%d] = %g, scalar %g", n, i, pair[0][i], pair[1][i])
			}
		}
	}
}

// TestAllFinite plants one NaN or ±Inf at every position of vectors of
// lengths 0 to 40 and requires AllFinite to find it; finite vectors (with
// huge, tiny and zero values) pass.
func TestAllFinite(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	for n := 0; n <= 40; n++ {
		v := wideMat(rng, 1, n)
		if n > 0 {
			v[0], v[n-1] = math.MaxFloat32, -1e-45
		}
		if !AllFinite(v) {
			t.Fatalf("n=%d: finite vector reported non-finite", n)
		}
		for i := range v {
			for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
				w := append([]float32(nil), v...)
				w[i] = float32(bad)
				if AllFinite(w) {
					t.Fatalf("n=%d: %v at %d not found", n, bad, i)
				}
			}
		}
	}
}

// TestSumSquares checks SumSquares against a float64 sum on lengths 0 to
// 40 (relative 1e−15) and that a NaN or Inf anywhere makes it non-finite.
func TestSumSquares(t *testing.T) {
	rng := rand.New(rand.NewPCG(27, 28))
	for n := 0; n <= 40; n++ {
		v := wideMat(rng, 1, n)
		var want float64
		for _, x := range v {
			want += float64(x) * float64(x)
		}
		if got := SumSquares(v); math.Abs(got-want) > 1e-15*want {
			t.Fatalf("n=%d: %g, want %g", n, got, want)
		}
		for i := range v {
			w := append([]float32(nil), v...)
			w[i] = float32(math.Inf(-1))
			if s := SumSquares(w); !math.IsInf(s, 1) {
				t.Fatalf("n=%d: −Inf at %d gives %g", n, i, s)
			}
			w[i] = float32(math.NaN())
			if s := SumSquares(w); s == s {
				t.Fatalf("n=%d: NaN at %d gives %g", n, i, s)
			}
		}
	}
}

// TestAdamFlushesTinyMoments gives weights one gradient and then zeros for
// 1,000 steps (a pixel inked in one batch): the first moments decay by β₁
// a step, and Adam must never store one that is subnormal or below
// TinyMoment (subnormal arithmetic is the processor's slow path). The
// SIMD body and the scalar one agree bit for bit throughout.
func TestAdamFlushesTinyMoments(t *testing.T) {
	const n = 67 // SIMD body and scalar tail
	rng := rand.New(rand.NewPCG(27, 28))
	w1 := wideMat(rng, 1, n)
	w2 := append([]float32(nil), w1...)
	m1, v1 := make([]float32, n), make([]float32, n)
	m2, v2 := make([]float32, n), make([]float32, n)
	g, zero := wideMat(rng, 1, n), make([]float32, n)
	b1t, b2t := 1.0, 1.0
	flushed := false
	for step := 0; step < 1000; step++ {
		b1t *= 0.9
		b2t *= 0.999
		p := AdamParams{B1: 0.9, B2: 0.999, C1: 1 - float32(0.9), C2: 1 - float32(0.999),
			Step: float32(1e-3 * math.Sqrt(1-b2t) / (1 - b1t)), Eps: float32(1e-8 * math.Sqrt(1-b2t))}
		grad := zero
		if step == 0 {
			grad = g
		}
		Adam(w1, grad, m1, v1, p)
		adamGo(w2, grad, m2, v2, p)
		for _, pair := range [][2][]float32{{w1, w2}, {m1, m2}, {v1, v2}} {
			if i := sameBits(pair[0], pair[1]); i >= 0 {
				t.Fatalf("step %d: [%d] = %g, scalar %g", step, i, pair[0][i], pair[1][i])
			}
		}
		for i, m := range m1 {
			if m != 0 && math.Abs(float64(m)) < max(float64(TinyMoment), 0x1p-126) {
				t.Fatalf("step %d: m[%d] = %g is subnormal or below TinyMoment but kept", step, i, m)
			}
			flushed = flushed || (m == 0 && g[i] != 0)
		}
	}
	if !flushed {
		t.Fatal("no moment decayed to the flush in 1,000 steps: the test no longer exercises it")
	}
	for i, v := range v1 {
		if v == 0 && g[i] != 0 {
			t.Fatalf("v[%d] decayed to 0 in 1,000 steps (β₂ = 0.999 should keep it normal)", i)
		}
	}
}
