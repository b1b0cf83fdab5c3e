//go:build goexperiment.simd && (wasm || amd64)

package kernel

import "simd/archsimd"

// bceSIMD is BernoulliNLL's 4-lane body (expNonPos and log1pUnit on four
// logits at a time, the same float32 operations as the scalar body). It
// does the longest prefix whose length is a multiple of 4 and returns its
// length and the float64 sum of its terms, added in element order.
func bceSIMD(grad, a, x []float32, g float32) (int, float64) {
	n := len(a) &^ 3
	x, grad = x[:n], grad[:n]
	var (
		zero  = archsimd.Float32x4{}
		one   = archsimd.BroadcastFloat32x4(1)
		two   = archsimd.BroadcastFloat32x4(2)
		gv    = archsimd.BroadcastFloat32x4(g)
		sign  = archsimd.BroadcastUint32x4(1 << 31)
		terms [4]float32
		sum   float64
	)
	for d := 0; d < n; d += 4 {
		if d%512 == 0 {
			clearUpper() // the loop spills with legacy SSE (simd_amd64.go)
		}
		z := archsimd.LoadFloat32x4(a[d : d+4 : d+4])
		xv := archsimd.LoadFloat32x4(x[d : d+4 : d+4])
		e := expNonPos4(z.ToBits().Or(sign).BitsToFloat32())
		l := log1pUnit4(e, two)
		pos := z.Greater(zero)
		l = l.Add(z.Masked(pos))
		num := one.IfElse(pos, e) // 1 where a > 0, else e
		l.Sub(xv.Mul(z)).StoreArray(&terms)
		sum += float64(terms[0])
		sum += float64(terms[1])
		sum += float64(terms[2])
		sum += float64(terms[3])
		num.Div(one.Add(e)).Sub(xv).Mul(gv).Store(grad[d : d+4 : d+4])
	}
	return n, sum
}

// expNonPos4 is expNonPos on four lanes.
func expNonPos4(t archsimd.Float32x4) archsimd.Float32x4 {
	valid := t.GreaterEqual(archsimd.BroadcastFloat32x4(expMin)) // false for NaN
	n := t.Mul(archsimd.BroadcastFloat32x4(expLog2e)).Round()
	r := t.Sub(n.Mul(archsimd.BroadcastFloat32x4(expLn2Hi))).Sub(n.Mul(archsimd.BroadcastFloat32x4(expLn2Lo)))
	p := archsimd.BroadcastFloat32x4(expP0).Mul(r).Add(archsimd.BroadcastFloat32x4(expP1)).Mul(r).Add(archsimd.BroadcastFloat32x4(expP2))
	p = p.Mul(r).Add(archsimd.BroadcastFloat32x4(expP3)).Mul(r).Add(archsimd.BroadcastFloat32x4(expP4))
	p = p.Mul(r).Add(archsimd.BroadcastFloat32x4(expP5))
	y := p.Mul(r.Mul(r)).Add(r).Add(archsimd.BroadcastFloat32x4(1))
	scale := n.ConvertToInt32().Add(archsimd.BroadcastInt32x4(127)).ShiftAllLeft(23)
	return y.Mul(scale.ToBits().BitsToFloat32()).Masked(valid)
}

// log1pUnit4 is log1pUnit on four lanes.
func log1pUnit4(e, two archsimd.Float32x4) archsimd.Float32x4 {
	s := e.Div(two.Add(e))
	s2 := s.Mul(s)
	p := archsimd.BroadcastFloat32x4(l1pC7).Mul(s2).Add(archsimd.BroadcastFloat32x4(l1pC6))
	p = p.Mul(s2).Add(archsimd.BroadcastFloat32x4(l1pC5))
	p = p.Mul(s2).Add(archsimd.BroadcastFloat32x4(l1pC4))
	p = p.Mul(s2).Add(archsimd.BroadcastFloat32x4(l1pC3))
	p = p.Mul(s2).Add(archsimd.BroadcastFloat32x4(l1pC2))
	p = p.Mul(s2).Add(archsimd.BroadcastFloat32x4(l1pC1))
	p = p.Mul(s2).Add(two)
	return s.Mul(p)
}
