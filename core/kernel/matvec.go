package kernel

import "fmt"

// MatVec sets y[o] = b[o] + Σ_i W[o,i]·x[i] for the row-major len(y)×len(x)
// matrix W: one decoder layer on one latent point (the latent explorer's
// decode). Each dot product is summed in eight interleaved float32 partial
// sums (s_l over i ≡ l mod 8, the tail beyond the last multiple of eight
// added to s₀), combined as ((s₀+s₁)+(s₂+s₃))+((s₄+s₅)+(s₆+s₇)); the SIMD
// body keeps s₀…s₃ and s₄…s₇ in two vectors, so both give the same bits.
func MatVec(y, w, x, b []float32) {
	in, out := len(x), len(y)
	if len(w) < in*out || len(b) < out {
		panic(fmt.Sprintf("kernel: MatVec: %d×%d from len(w)=%d, len(b)=%d", out, in, len(w), len(b)))
	}
	o := 0
	if useSIMD {
		o = matVecSIMD(y, w, x, b)
	}
	for ; o < out; o++ {
		y[o] = b[o] + dot8(w[o*in:o*in+in], x)
	}
}

// dot8 returns Σ a[i]·b[i] for len(a) ≤ len(b) in MatVec's order.
func dot8(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3, s4, s5, s6, s7 float32
	for len(a) >= 8 {
		a8, b8 := a[:8:8], b[:8:8]
		s0 += a8[0] * b8[0]
		s1 += a8[1] * b8[1]
		s2 += a8[2] * b8[2]
		s3 += a8[3] * b8[3]
		s4 += a8[4] * b8[4]
		s5 += a8[5] * b8[5]
		s6 += a8[6] * b8[6]
		s7 += a8[7] * b8[7]
		a, b = a[8:], b[8:]
	}
	return dotTail(a, b, s0, s1, s2, s3, s4, s5, s6, s7)
}

// dotTail adds Σ a[i]·b[i] (fewer than eight terms) to s0 and combines the
// partial sums.
func dotTail(a, b []float32, s0, s1, s2, s3, s4, s5, s6, s7 float32) float32 {
	b = b[:len(a)]
	for i, v := range a {
		s0 += v * b[i]
	}
	return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
}

// SigmoidAll sets v[i] = σ(v[i]) = 1/(1+e^{−v[i]}) in float32 (within a few
// ulps), computed as BernoulliNLL computes σ: e = exp(−|v|),
// σ = 1/(1+e) for v > 0 and e/(1+e) otherwise; NaN stays NaN.
func SigmoidAll(v []float32) {
	i := 0
	if useSIMD {
		i = sigmoidAllSIMD(v)
	}
	sigmoidAllGo(v[i:])
}
