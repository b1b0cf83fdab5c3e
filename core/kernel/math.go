package kernel

import "math"

// The element-wise functions below are portable float64 code (no assembly,
// no fused multiply-add), so they return the same bits on every platform.
// They agree with the math package to within a few ulps.

const (
	ln2Hi = 6.93147180369123816490e-01 // high bits of ln 2
	ln2Lo = 1.90821492927058770002e-10 // ln 2 − ln2Hi
	log2e = 1.44269504088896338700e+00 // 1/ln 2
)

// Exp returns eˣ. It returns 0 below −745 and +Inf above 709.78.
func Exp(x float64) float64 {
	switch {
	case x != x:
		return x
	case x > 709.78:
		return math.Inf(1)
	case x < -745:
		return 0
	}
	// x = k·ln2 + r, |r| ≤ ln2/2; eʳ by its Taylor series to degree 13
	// (truncation < 2⁻⁵⁴ relative).
	k := math.Floor(x*log2e + 0.5)
	r := (x - k*ln2Hi) - k*ln2Lo
	p := 1 + r*(1+r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120+r*(1.0/720+r*(1.0/5040+
		r*(1.0/40320+r*(1.0/362880+r*(1.0/3628800+r*(1.0/39916800+r*(1.0/479001600+
			r*(1.0/6227020800)))))))))))))
	return scale2(p, int(k))
}

// scale2 returns p·2ᵏ for p in [0.5, 2] and k in [−1080, 1030].
func scale2(p float64, k int) float64 {
	// Split the scaling in two so that each factor is a normal power of two.
	for k > 1000 {
		p *= 0x1p1000
		k -= 1000
	}
	for k < -1000 {
		p *= 0x1p-1000
		k += 1000
	}
	return p * math.Float64frombits(uint64(k+1023)<<52)
}

// Log returns the natural logarithm of x (−Inf at 0, NaN below 0).
func Log(x float64) float64 {
	switch {
	case x != x || x < 0:
		return math.NaN()
	case x == 0:
		return math.Inf(-1)
	case math.IsInf(x, 1):
		return x
	}
	e := 0
	if x < 0x1p-1022 { // subnormal: scale into the normal range
		x *= 0x1p54
		e = -54
	}
	bits := math.Float64bits(x)
	e += int(bits>>52) - 1023
	m := math.Float64frombits(bits&^(0x7ff<<52) | 1023<<52) // m in [1, 2)
	if m > math.Sqrt2 {
		m *= 0.5
		e++
	}
	// log m = 2·atanh(t), t = (m−1)/(m+1), |t| ≤ 0.1716.
	t := (m - 1) / (m + 1)
	t2 := t * t
	s := t * (2 + t2*(2.0/3+t2*(2.0/5+t2*(2.0/7+t2*(2.0/9+t2*(2.0/11+t2*(2.0/13+
		t2*(2.0/15+t2*(2.0/17+t2*(2.0/19+t2*(2.0/21)))))))))))
	fe := float64(e)
	return fe*ln2Hi + (s + fe*ln2Lo)
}

// Log1p returns log(1+x) accurately for small x.
func Log1p(x float64) float64 {
	u := 1 + x
	if u == 1 {
		return x
	}
	// Correct for the rounding of 1+x (Goldberg's trick).
	return Log(u) * x / (u - 1)
}

// Sigmoid returns 1/(1+e^{−x}), stable for large |x|.
func Sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + Exp(-x))
	}
	e := Exp(x)
	return e / (1 + e)
}

// Tanh returns the hyperbolic tangent of x.
func Tanh(x float64) float64 {
	if x > 20 {
		return 1
	}
	if x < -20 {
		return -1
	}
	if x > -0.03125 && x < 0.03125 {
		// Odd Taylor series; truncation below 1e-17 relative here.
		x2 := x * x
		return x * (1 + x2*(-1.0/3+x2*(2.0/15+x2*(-17.0/315+x2*(62.0/2835)))))
	}
	e := Exp(2 * x)
	return (e - 1) / (e + 1)
}

// Softplus returns log(1+eˣ), stable for large |x|.
func Softplus(x float64) float64 {
	if x > 0 {
		return x + Log1p(Exp(-x))
	}
	return Log1p(Exp(x))
}
