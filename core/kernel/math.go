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

// expTab[j] = 2^(j/32) and the tables of Log are filled at start-up by the
// slower series below, in portable arithmetic, so they are the same bits
// on every platform.
var (
	expTab      [32]float64
	logTab      [32]float64 // log c_j, c_j = 11/16 + (j+½)/32
	logInvC     [32]float64 // 1/c_j
	ln2Over32Hi = ln2Hi / 32
	ln2Over32Lo = ln2Lo / 32
)

func init() {
	for j := range expTab {
		expTab[j] = expSeries(float64(j)/32*ln2Hi + float64(j)/32*ln2Lo)
		c := logCentre(j)
		logTab[j] = logSeries(c)
		logInvC[j] = 1 / c
	}
}

// Exp returns eˣ (within about 2 ulps). It returns 0 below −745 and +Inf
// above 709.78.
func Exp(x float64) float64 {
	switch {
	case x != x:
		return x
	case x > 709.78:
		return math.Inf(1)
	case x < -745:
		return 0
	}
	// x = (32m + j)·ln2/32 + r with |r| ≤ ln2/64: eˣ = 2ᵐ · 2^(j/32) · eʳ,
	// eʳ by its Taylor series to degree 6 (truncation < 2e−18).
	k := math.Floor(x*(32*log2e) + 0.5)
	r := (x - k*ln2Over32Hi) - k*ln2Over32Lo
	p := 1 + r*(1+r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120+r*(1.0/720))))))
	ki := int(k)
	return scale2(expTab[ki&31]*p, ki>>5)
}

// expSeries returns eˣ by range reduction to |r| ≤ ln2/2 and a Taylor
// series to degree 13; it is slow and used only to build the tables.
func expSeries(x float64) float64 {
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
	if x > 1-1.0/32 && x < 1+1.0/32 {
		return logSeries(x) // accurate near 1, where the table would cancel
	}
	e := 0
	if x < 0x1p-1022 { // subnormal: scale into the normal range
		x *= 0x1p54
		e = -54
	}
	bits := math.Float64bits(x)
	e += int(bits>>52) - 1023
	m := math.Float64frombits(bits&^(0x7ff<<52) | 1023<<52) // m in [1, 2)
	if m > math.Sqrt2 {                                     // m in [√½, √2): log m and e·ln2 do not cancel
		m *= 0.5
		e++
	}
	// m = c_j·(1+u), c_j the centre of m's 1/32-wide bin, |u| < 0.023:
	// log m = log c_j + log1p(u), log1p by its series to degree 9.
	j := int((m - 11.0/16) * 32)
	u := (m - logCentre(j)) * logInvC[j]
	l := u * (1 + u*(-1.0/2+u*(1.0/3+u*(-1.0/4+u*(1.0/5+u*(-1.0/6+u*(1.0/7+u*(-1.0/8+u*(1.0/9)))))))))
	fe := float64(e)
	return fe*ln2Hi + ((logTab[j] + l) + fe*ln2Lo)
}

// logCentre returns c_j = 11/16 + (j+½)/32, the centre of Log's bin j.
func logCentre(j int) float64 { return 11.0/16 + (float64(j)+0.5)/32 }

// logSeries returns log x for normal x > 0 by reduction to m in [√½, √2)
// and the series of 2·atanh((m−1)/(m+1)); it is accurate to about an ulp
// and used near 1 and to build the tables.
func logSeries(x float64) float64 {
	bits := math.Float64bits(x)
	e := int(bits>>52) - 1023
	m := math.Float64frombits(bits&^(0x7ff<<52) | 1023<<52)
	if m > math.Sqrt2 {
		m *= 0.5
		e++
	}
	// |t| ≤ 0.1716.
	t := (m - 1) / (m + 1)
	t2 := t * t
	s := t * (2 + t2*(2.0/3+t2*(2.0/5+t2*(2.0/7+t2*(2.0/9+t2*(2.0/11+t2*(2.0/13+
		t2*(2.0/15+t2*(2.0/17+t2*(2.0/19+t2*(2.0/21)))))))))))
	fe := float64(e)
	return fe*ln2Hi + (s + fe*ln2Lo)
}

// Log1p returns log(1+x) accurately for small x.
func Log1p(x float64) float64 {
	switch {
	case x != x || x < -1:
		return math.NaN()
	case x == -1:
		return math.Inf(-1)
	case math.IsInf(x, 1):
		return x
	}
	if x > -1.0/32 && x < 1.0/32 {
		// Series to degree 11: truncation below 3e−18 relative.
		return x * (1 + x*(-1.0/2+x*(1.0/3+x*(-1.0/4+x*(1.0/5+x*(-1.0/6+x*(1.0/7+
			x*(-1.0/8+x*(1.0/9+x*(-1.0/10+x*(1.0/11)))))))))))
	}
	u := 1 + x
	l := Log(u)
	if c := x - (u - 1); c != 0 { // the rounding error of 1+x
		l += c / u
	}
	return l
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
