package kernel

import "math"

// BernoulliNLL returns Σ_d softplus(a_d) − x_d·a_d, the Bernoulli negative
// log-likelihood of targets x under logits a, and writes
// grad[d] = (σ(a_d) − x_d)·g. It is the inner loop of the reconstruction
// loss. With e = exp(−|a|) ∈ (0, 1]:
//
//	softplus(a) = max(a, 0) + log1p(e),  σ(a) = 1/(1+e) if a > 0, e/(1+e) otherwise.
//
// Each element is computed in float32 (exp and log1p by the polynomials
// below, within a few ulps) and the terms are summed in float64 in
// increasing d. The SIMD body computes four elements with the same float32
// operations and adds their terms to the sum in the same order, so every
// build gives the same bits. Logits below −87.3 in magnitude have e = 0
// (their log1p(e) < 1e−37).
func BernoulliNLL(grad, a, x []float32, g float32) float64 {
	x = x[:len(a)]
	grad = grad[:len(a)]
	var sum float64
	d := 0
	if useSIMD {
		d, sum = bceSIMD(grad, a, x, g)
	}
	return bceGo(grad[d:], a[d:], x[d:], g, sum)
}

// bceGo is BernoulliNLL's scalar body; it adds the terms to sum.
func bceGo(grad, a, x []float32, g float32, sum float64) float64 {
	x = x[:len(a)]
	grad = grad[:len(a)]
	for d, z := range a {
		e := expNonPos(math.Float32frombits(math.Float32bits(z) | 1<<31)) // exp(−|z|)
		l := log1pUnit(e)
		num := e
		if z > 0 {
			l += z
			num = 1
		}
		sum += float64(l - float32(x[d]*z))
		grad[d] = float32(num/(1+e)-x[d]) * g
	}
	return sum
}

// Constants of expNonPos: Cody–Waite ln 2 = expLn2Hi + expLn2Lo (ln2Hi has
// few significant bits, so n·expLn2Hi is exact), and the Cephes expf
// polynomial for exp(r) on |r| ≤ ln2/2.
const (
	expMin   = -87.33654 // below: exp underflows float32's normal range
	expLog2e = 1.44269504088896341
	expLn2Hi = 0.693359375
	expLn2Lo = -2.12194440e-4
	expP0    = 1.9875691500e-4
	expP1    = 1.3981999507e-3
	expP2    = 8.3334519073e-3
	expP3    = 4.1665795894e-2
	expP4    = 1.6666665459e-1
	expP5    = 5.0000001201e-1
)

// expNonPos returns eᵗ for t ≤ 0 in float32 (within 2 ulps), 0 below
// expMin and for NaN. Every product is converted to float32 before it is
// added, so no platform fuses a multiply-add.
func expNonPos(t float32) float32 {
	if !(t >= expMin) {
		return 0
	}
	n := float32(math.RoundToEven(float64(float32(t * expLog2e))))
	r := (t - float32(n*expLn2Hi)) - float32(n*expLn2Lo)
	p := float32(expP0*r) + expP1
	p = float32(p*r) + expP2
	p = float32(p*r) + expP3
	p = float32(p*r) + expP4
	p = float32(p*r) + expP5
	y := float32(p*float32(r*r)) + r + 1
	return y * math.Float32frombits(uint32(int32(n)+127)<<23)
}

// Coefficients of log1pUnit: 2/(2k+1) in float32.
const (
	l1pC1 = 2.0 / 3
	l1pC2 = 2.0 / 5
	l1pC3 = 2.0 / 7
	l1pC4 = 2.0 / 9
	l1pC5 = 2.0 / 11
	l1pC6 = 2.0 / 13
	l1pC7 = 2.0 / 15
)

// log1pUnit returns log(1+e) for e in [0, 1] in float32 (within a few
// ulps): log(1+e) = 2·atanh(s) = 2(s + s³/3 + s⁵/5 + …) with s = e/(2+e)
// ≤ 1/3, so the series to s¹⁵ is accurate far below float32's precision.
func log1pUnit(e float32) float32 {
	s := e / (2 + e)
	s2 := s * s
	p := float32(l1pC7*s2) + l1pC6
	p = float32(p*s2) + l1pC5
	p = float32(p*s2) + l1pC4
	p = float32(p*s2) + l1pC3
	p = float32(p*s2) + l1pC2
	p = float32(p*s2) + l1pC1
	p = float32(p*s2) + 2
	return s * p
}
