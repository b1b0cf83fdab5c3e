package kernel

import "math"

// Element-wise float32 loops of a training step (activations, their
// derivatives, bias gradients, the Adam update). Each has a scalar body,
// the …Go functions (every build's fallback and the SIMD bodies' test
// oracle), and in SIMD builds a 4-lane body that does the same float32
// operations in the same order per element, so both give the same bits.
// The SIMD body does the longest prefix whose length is a multiple of 4;
// the scalar body finishes.

// ReLU sets v[i] = 0 wherever !(v[i] > 0) (negative, zero or NaN).
func ReLU(v []float32) {
	i := 0
	if useSIMD {
		i = reluSIMD(v)
	}
	reluGo(v[i:])
}

func reluGo(v []float32) {
	for i, x := range v {
		if !(x > 0) {
			v[i] = 0
		}
	}
}

// MaskReLU sets g[i] = 0 wherever !(y[i] > 0): it turns ∂L/∂Y into ∂L/∂Z
// for y = ReLU(z). y must be at least as long as g.
func MaskReLU(g, y []float32) {
	y = y[:len(g)]
	i := 0
	if useSIMD {
		i = maskReLUSIMD(g, y)
	}
	maskReLUGo(g[i:], y[i:])
}

func maskReLUGo(g, y []float32) {
	y = y[:len(g)]
	for i, v := range y {
		if !(v > 0) {
			g[i] = 0
		}
	}
}

// MulSigmoidDeriv sets g[i] *= y[i]·(1 − y[i]), σ′ as a function of
// y = σ(z). y must be at least as long as g.
func MulSigmoidDeriv(g, y []float32) {
	y = y[:len(g)]
	i := 0
	if useSIMD {
		i = mulSigmoidDerivSIMD(g, y)
	}
	mulSigmoidDerivGo(g[i:], y[i:])
}

func mulSigmoidDerivGo(g, y []float32) {
	y = y[:len(g)]
	for i, v := range y {
		g[i] *= v * (1 - v)
	}
}

// MulTanhDeriv sets g[i] *= 1 − y[i]², tanh′ as a function of y = tanh(z).
// y must be at least as long as g.
func MulTanhDeriv(g, y []float32) {
	y = y[:len(g)]
	i := 0
	if useSIMD {
		i = mulTanhDerivSIMD(g, y)
	}
	mulTanhDerivGo(g[i:], y[i:])
}

func mulTanhDerivGo(g, y []float32) {
	y = y[:len(g)]
	for i, v := range y {
		g[i] *= 1 - v*v
	}
}

// AddRows adds the rows of the row-major rows×len(dst) matrix src to dst,
// each dst[j] summed in row order (a bias gradient: ∂L/∂b = Σ_r ∂L/∂z_r).
func AddRows(dst, src []float32, rows int) {
	src = src[:rows*len(dst)]
	j := 0
	if useSIMD {
		j = addRowsSIMD(dst, src, rows)
	}
	addRowsGo(dst, src, rows, j)
}

// addRowsGo is AddRows for the columns from j0 on.
func addRowsGo(dst, src []float32, rows, j0 int) {
	n := len(dst)
	d := dst[j0:]
	for r := 0; r < rows; r++ {
		row := src[r*n+j0 : (r+1)*n]
		row = row[:len(d)]
		for o, v := range row {
			d[o] += v
		}
	}
}

// TinyMoment (2⁻¹⁰⁰ ≈ 7.9·10⁻³¹) is the smallest first moment Adam keeps.
// A weight whose gradient is zero in most batches (a first-layer weight of
// a pixel that is rarely inked) sees its m decay by β₁ = 0.9 a step, and
// within a few hundred steps m, and step·m, are subnormal floats, whose
// arithmetic takes the processor's slow path (on x86 about a hundred cycles
// an operation, natively and in WebAssembly alike). Training R1 on the MNIST
// subset, a fifth of the moments were subnormal after 600 steps and a step
// cost 1.3–1.5 × one of the first hundred; with the flush the cost stays
// flat. A moment below TinyMoment moves its weight by less than 10⁻²⁰
// (step ÷ ε√(1−β₂ᵗ) = η ÷ ε(1−β₁ᵗ) ≤ 10¹⁰ within core/spec's limit on η),
// far below a float32 weight's last bit, so the flush changes no result
// worth the name (frameworks flush subnormals to zero on CPUs likewise).
const TinyMoment float32 = 0x1p-100

// AddSquaredRows adds the squares of the rows of the row-major
// rows×len(dst) matrix src to dst, dst[j] += src[r, j]·src[r, j] in row
// order (the squared column norms of a weight matrix stored In×Out).
func AddSquaredRows(dst, src []float32, rows int) {
	src = src[:rows*len(dst)]
	j := 0
	if useSIMD {
		j = addSquaredRowsSIMD(dst, src, rows)
	}
	n := len(dst)
	d := dst[j:]
	for r := 0; r < rows; r++ {
		row := src[r*n+j : (r+1)*n]
		row = row[:len(d)]
		for o, v := range row {
			d[o] += v * v
		}
	}
}

// AddScaledRows adds g ⊙ src[r] to each row r of the row-major matrix dst
// (len(g) columns, as many rows as src): dst[r, j] += g[j]·src[r, j].
func AddScaledRows(dst, src, g []float32) {
	n := len(g)
	if n == 0 {
		return
	}
	if len(dst) != len(src) || len(dst)%n != 0 {
		panic("kernel: AddScaledRows: shape mismatch")
	}
	for r := 0; r < len(dst)/n; r++ {
		d := dst[r*n : (r+1)*n]
		w := src[r*n : (r+1)*n]
		j := 0
		if useSIMD {
			j = addScaledRowSIMD(d, w, g)
		}
		d, w, gs := d[j:], w[j:len(d)], g[j:len(d)]
		for o, v := range w {
			d[o] += gs[o] * v
		}
	}
}

// AdamParams are the per-step constants of an Adam update, in float32:
// the moment decays β₁, β₂ and 1−β₁, 1−β₂, the step η·√(1−β₂ᵗ)/(1−β₁ᵗ)
// and ε·√(1−β₂ᵗ).
type AdamParams struct {
	B1, B2, C1, C2, Step, Eps float32
}

// Adam updates weights w with gradients g and moments m, v (g, m and v at
// least as long as w):
//
//	m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g·g,  w ← w − step·m/(√v + ε)
//
// except that a first moment smaller than TinyMoment in magnitude is
// flushed to 0 (see TinyMoment).
func Adam(w, g, m, v []float32, p AdamParams) {
	g, m, v = g[:len(w)], m[:len(w)], v[:len(w)]
	i := 0
	if useSIMD {
		i = adamSIMD(w, g, m, v, p)
	}
	adamGo(w[i:], g[i:], m[i:], v[i:], p)
}

func adamGo(w, g, m, v []float32, p AdamParams) {
	g, m, v = g[:len(w)], m[:len(w)], v[:len(w)]
	// Four elements per iteration: under js/wasm every loop back-edge
	// costs a jump-table dispatch, so unrolling pays.
	i := 0
	for ; i+4 <= len(w); i += 4 {
		wq, gq, mq, vq := w[i:i+4:i+4], g[i:i+4:i+4], m[i:i+4:i+4], v[i:i+4:i+4]
		adam1(&wq[0], &mq[0], &vq[0], gq[0], p)
		adam1(&wq[1], &mq[1], &vq[1], gq[1], p)
		adam1(&wq[2], &mq[2], &vq[2], gq[2], p)
		adam1(&wq[3], &mq[3], &vq[3], gq[3], p)
	}
	for ; i < len(w); i++ {
		adam1(&w[i], &m[i], &v[i], g[i], p)
	}
}

// adam1 updates one weight w with gradient g and moments m, v. The square
// root of a float32 taken in float64 and rounded once is the correctly
// rounded float32 square root (what the SIMD body computes).
func adam1(w, m, v *float32, g float32, p AdamParams) {
	mi := p.B1*(*m) + p.C1*g
	if mi < TinyMoment && mi > -TinyMoment {
		mi = 0
	}
	vi := p.B2*(*v) + p.C2*g*g
	*m, *v = mi, vi
	*w -= p.Step * mi / (float32(math.Sqrt(float64(vi))) + p.Eps)
}

// AllFinite reports whether every element of v is finite (no NaN, no ±Inf).
func AllFinite(v []float32) bool {
	i := 0
	if useSIMD {
		var ok bool
		if i, ok = allFiniteSIMD(v); !ok {
			return false
		}
	}
	return allFiniteGo(v[i:])
}

func allFiniteGo(v []float32) bool {
	i := 0
	for ; i+4 <= len(v); i += 4 {
		q := v[i : i+4 : i+4]
		// x−x is 0 for finite x and NaN for NaN or ±Inf; NaN propagates.
		if (q[0]-q[0])+(q[1]-q[1])+(q[2]-q[2])+(q[3]-q[3]) != 0 {
			return false
		}
	}
	for ; i < len(v); i++ {
		if v[i]-v[i] != 0 {
			return false
		}
	}
	return true
}

// SumSquares returns Σ v[i]² in float64: eight interleaved partial sums
// (s_l over i ≡ l mod 8, the tail added to s₀) combined as
// ((s₀+s₁)+(s₂+s₃))+((s₄+s₅)+(s₆+s₇)). One running sum would make every add
// wait for the previous one; eight keep the processor busy (about 4× faster,
// natively and under wasm), in the same order on every platform and build.
func SumSquares(v []float32) float64 {
	var s0, s1, s2, s3, s4, s5, s6, s7 float64
	for len(v) >= 8 {
		q := v[:8:8]
		a, b, c, d := float64(q[0]), float64(q[1]), float64(q[2]), float64(q[3])
		e, f, g, h := float64(q[4]), float64(q[5]), float64(q[6]), float64(q[7])
		s0 += a * a
		s1 += b * b
		s2 += c * c
		s3 += d * d
		s4 += e * e
		s5 += f * f
		s6 += g * g
		s7 += h * h
		v = v[8:]
	}
	for _, x := range v {
		s0 += float64(x) * float64(x)
	}
	return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
}
