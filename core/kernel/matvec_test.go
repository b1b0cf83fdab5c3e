package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestMatVec checks MatVec against a float64 product within float32
// tolerance and against the scalar body bit for bit, on sizes around the
// 8-wide dot and the two-row SIMD blocks (0 to 19 rows, 0 to 35 inputs),
// 32-input blocks followed by 8-input ones and a tail (45, 48, 77, 100
// inputs), and the R1 decoder's 784×256 layer.
func TestMatVec(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	sizes := [][2]int{{784, 256}, {256, 2}, {3, 784}, {5, 48}, {3, 45}, {7, 77}, {2, 100}}
	for out := 0; out < 20; out++ {
		for in := 0; in < 36; in += 1 + in/8 {
			sizes = append(sizes, [2]int{out, in})
		}
	}
	for _, s := range sizes {
		out, in := s[0], s[1]
		w, x, b := wideMat(rng, out, in), wideMat(rng, 1, in), wideMat(rng, 1, out)
		y := make([]float32, out)
		MatVec(y, w, x, b)
		for o := range y {
			want, scale := float64(b[o]), math.Abs(float64(b[o]))
			for i := range x {
				p := float64(w[o*in+i]) * float64(x[i])
				want += p
				scale += math.Abs(p)
			}
			if d := math.Abs(float64(y[o]) - want); d > 1e-6*scale*float64(in+1) {
				t.Fatalf("%d×%d: y[%d] = %g, want %g", out, in, o, y[o], want)
			}
			if scalar := b[o] + dot8(w[o*in:o*in+in], x); math.Float32bits(scalar) != math.Float32bits(y[o]) {
				t.Fatalf("%d×%d: y[%d] = %g, scalar body %g", out, in, o, y[o], scalar)
			}
		}
	}
}

// TestSigmoidAll checks σ against float64 math (within 3e−7 relative) and
// the build's body against the scalar one, bit for bit; NaN stays NaN and
// ±Inf give 1 and 0.
func TestSigmoidAll(t *testing.T) {
	rng := rand.New(rand.NewPCG(33, 34))
	for n := 0; n <= 70; n++ {
		v := specialMat(rng, n)
		for i := range v {
			if rng.IntN(2) == 0 {
				v[i] = float32(rng.NormFloat64() * 30)
			}
		}
		in := append([]float32(nil), v...)
		want := append([]float32(nil), v...)
		sigmoidAllGo(want)
		SigmoidAll(v)
		if i := sameBits(v, want); i >= 0 {
			t.Fatalf("n=%d: σ(%g) = %g, scalar body %g", n, in[i], v[i], want[i])
		}
		for i, z := range in {
			exact := 1 / (1 + math.Exp(-float64(z)))
			switch {
			case z != z:
				if v[i] == v[i] {
					t.Fatalf("σ(NaN) = %g", v[i])
				}
			case math.Abs(float64(v[i])-exact) > 3e-7*exact+1.2e-38: // 0 below −87.3
				t.Fatalf("σ(%g) = %g, want %g", z, v[i], exact)
			}
		}
	}
}

// TestSigmoidScalarBodyUsesExpNonPos checks that sigmoidAllGo (under wasm
// with expNonPos written out in its loop, sigmoid_wasm.go) gives
// expNonPos's σ bit for bit: every float32 between −100 and 100 in steps of
// about 2⁻¹², the specials, and 10⁵ random bit patterns.
func TestSigmoidScalarBodyUsesExpNonPos(t *testing.T) {
	ref := func(z float32) float32 {
		e := expNonPos(math.Float32frombits(math.Float32bits(z) | 1<<31))
		num := e
		if z > 0 {
			num = 1
		}
		if z != z {
			return z
		}
		return num / (1 + e)
	}
	var v []float32
	for z := -100.0; z <= 100; z += 1.0 / 4096 {
		v = append(v, float32(z))
	}
	v = append(v, 0, float32(math.Copysign(0, -1)), float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()),
		math.MaxFloat32, -math.MaxFloat32, math.SmallestNonzeroFloat32, -87.33654, -87.33655)
	rng := rand.New(rand.NewPCG(5, 6))
	for range 100000 {
		v = append(v, math.Float32frombits(rng.Uint32()))
	}
	in := append([]float32(nil), v...)
	sigmoidAllGo(v)
	for i, z := range in {
		if want := ref(z); math.Float32bits(v[i]) != math.Float32bits(want) && !(want != want && v[i] != v[i]) {
			t.Fatalf("σ(%g) = %g, with expNonPos %g", z, v[i], want)
		}
	}
}
