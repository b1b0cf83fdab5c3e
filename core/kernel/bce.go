package kernel

import "math"

// BernoulliNLL returns Σ_d softplus(a_d) − x_d·a_d, the Bernoulli negative
// log-likelihood of targets x under logits a, summed in float64, and writes
// grad[d] = (σ(a_d) − x_d)·g. It is the inner loop of the reconstruction
// loss, so the exponential and logarithm are written out inline (a call
// per element is costly under wasm); with e = exp(−|a|):
//
//	softplus(a) = max(a, 0) + log1p(e),  σ(a) = 1/(1+e) if a ≥ 0, e/(1+e) otherwise.
//
// Logits beyond ±100 use e = 0 (their log1p(e) < 4e−44).
func BernoulliNLL(grad, a, x []float32, g float32) float64 {
	x = x[:len(a)]
	grad = grad[:len(a)]
	var sum float64
	for d, v := range a {
		z := float64(v)
		t := -math.Abs(z)
		var e float64
		if t > -100 {
			// e = exp(t) = 2ᵐ·2^(j/32)·exp(r), as in Exp.
			k := math.Floor(t*(32*log2e) + 0.5)
			r := (t - k*ln2Over32Hi) - k*ln2Over32Lo
			p := 1 + r*(1+r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120+r*(1.0/720))))))
			ki := int(k)
			e = expTab[ki&31] * p * math.Float64frombits(uint64((ki>>5)+1023)<<52)
		}
		// l = log1p(e), e in [0, 1], as in Log1p and Log.
		var l float64
		if e < 1.0/32 {
			l = e * (1 + e*(-1.0/2+e*(1.0/3+e*(-1.0/4+e*(1.0/5+e*(-1.0/6+e*(1.0/7+
				e*(-1.0/8+e*(1.0/9+e*(-1.0/10+e*(1.0/11)))))))))))
		} else {
			u := 1 + e
			bits := math.Float64bits(u)
			ex := int(bits>>52) - 1023
			m := math.Float64frombits(bits&^(0x7ff<<52) | 1023<<52)
			if m > math.Sqrt2 {
				m *= 0.5
				ex++
			}
			j := int((m - 11.0/16) * 32)
			w := (m - logCentre(j)) * logInvC[j]
			l = w * (1 + w*(-1.0/2+w*(1.0/3+w*(-1.0/4+w*(1.0/5+w*(-1.0/6+w*(1.0/7+w*(-1.0/8+w*(1.0/9)))))))))
			fe := float64(ex)
			l = fe*ln2Hi + ((logTab[j] + l) + fe*ln2Lo)
			if c := e - (u - 1); c != 0 {
				l += c / u
			}
		}
		sig := 1 / (1 + e)
		if z > 0 {
			l += z
		} else {
			sig = e / (1 + e)
		}
		sum += l - float64(x[d])*z
		grad[d] = (float32(sig) - x[d]) * g
	}
	return sum
}
