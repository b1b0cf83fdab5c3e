//go:build goexperiment.simd && (wasm || amd64)

package kernel

import "simd/archsimd"

// matVecSIMD does MatVec's rows two at a time while len(x) ≥ 8 (the rows
// share the loads of x): 32 inputs per iteration, then 8 (under wasm a loop
// back-edge costs as much as a dozen vector operations, so the long body
// runs 2–3× faster than an 8-input one). Lane l of the two accumulators of
// a row sums the inputs i ≡ l mod 8 in increasing i, as dot8 does. It
// returns how many leading rows it did.
func matVecSIMD(y, w, x, b []float32) int {
	in, out := len(x), len(y)
	if in < 8 {
		return 0
	}
	n8 := in &^ 7
	x8 := x[:n8]
	o := 0
	for ; o+2 <= out; o += 2 {
		clearUpper() // the rows' sums are scalar SSE code (simd_amd64.go)
		w0 := w[o*in : o*in+n8]
		w1 := w[(o+1)*in : (o+1)*in+n8]
		w0, w1 = w0[:len(x8)], w1[:len(x8)]
		var a0, a1, c0, c1 archsimd.Float32x4
		i := 0
		for ; i+32 <= len(x8); i += 32 {
			xq := x8[i : i+32 : i+32]
			p := w0[i : i+32 : i+32]
			q := w1[i : i+32 : i+32]
			xl, xh := archsimd.LoadFloat32x4(xq[0:4]), archsimd.LoadFloat32x4(xq[4:8])
			a0 = a0.Add(archsimd.LoadFloat32x4(p[0:4]).Mul(xl))
			a1 = a1.Add(archsimd.LoadFloat32x4(p[4:8]).Mul(xh))
			c0 = c0.Add(archsimd.LoadFloat32x4(q[0:4]).Mul(xl))
			c1 = c1.Add(archsimd.LoadFloat32x4(q[4:8]).Mul(xh))
			xl, xh = archsimd.LoadFloat32x4(xq[8:12]), archsimd.LoadFloat32x4(xq[12:16])
			a0 = a0.Add(archsimd.LoadFloat32x4(p[8:12]).Mul(xl))
			a1 = a1.Add(archsimd.LoadFloat32x4(p[12:16]).Mul(xh))
			c0 = c0.Add(archsimd.LoadFloat32x4(q[8:12]).Mul(xl))
			c1 = c1.Add(archsimd.LoadFloat32x4(q[12:16]).Mul(xh))
			xl, xh = archsimd.LoadFloat32x4(xq[16:20]), archsimd.LoadFloat32x4(xq[20:24])
			a0 = a0.Add(archsimd.LoadFloat32x4(p[16:20]).Mul(xl))
			a1 = a1.Add(archsimd.LoadFloat32x4(p[20:24]).Mul(xh))
			c0 = c0.Add(archsimd.LoadFloat32x4(q[16:20]).Mul(xl))
			c1 = c1.Add(archsimd.LoadFloat32x4(q[20:24]).Mul(xh))
			xl, xh = archsimd.LoadFloat32x4(xq[24:28]), archsimd.LoadFloat32x4(xq[28:32])
			a0 = a0.Add(archsimd.LoadFloat32x4(p[24:28]).Mul(xl))
			a1 = a1.Add(archsimd.LoadFloat32x4(p[28:32]).Mul(xh))
			c0 = c0.Add(archsimd.LoadFloat32x4(q[24:28]).Mul(xl))
			c1 = c1.Add(archsimd.LoadFloat32x4(q[28:32]).Mul(xh))
		}
		for ; i < len(x8); i += 8 {
			xq := x8[i : i+8 : i+8]
			xl, xh := archsimd.LoadFloat32x4(xq[0:4]), archsimd.LoadFloat32x4(xq[4:8])
			p := w0[i : i+8 : i+8]
			a0 = a0.Add(archsimd.LoadFloat32x4(p[0:4]).Mul(xl))
			a1 = a1.Add(archsimd.LoadFloat32x4(p[4:8]).Mul(xh))
			q := w1[i : i+8 : i+8]
			c0 = c0.Add(archsimd.LoadFloat32x4(q[0:4]).Mul(xl))
			c1 = c1.Add(archsimd.LoadFloat32x4(q[4:8]).Mul(xh))
		}
		y[o] = b[o] + dotTail(w[o*in+n8:(o+1)*in], x[n8:],
			a0.GetElem(0), a0.GetElem(1), a0.GetElem(2), a0.GetElem(3),
			a1.GetElem(0), a1.GetElem(1), a1.GetElem(2), a1.GetElem(3))
		y[o+1] = b[o+1] + dotTail(w[(o+1)*in+n8:(o+2)*in], x[n8:],
			c0.GetElem(0), c0.GetElem(1), c0.GetElem(2), c0.GetElem(3),
			c1.GetElem(0), c1.GetElem(1), c1.GetElem(2), c1.GetElem(3))
	}
	return o
}

// sigmoidAllSIMD is sigmoidAllGo on four lanes at a time.
func sigmoidAllSIMD(v []float32) int {
	n := len(v) &^ 3
	zero, one := archsimd.Float32x4{}, archsimd.BroadcastFloat32x4(1)
	sign := archsimd.BroadcastUint32x4(1 << 31)
	for i := 0; i < n; i += 4 {
		if i%512 == 0 {
			clearUpper() // the loop spills with legacy SSE (simd_amd64.go)
		}
		q := v[i : i+4 : i+4]
		z := archsimd.LoadFloat32x4(q)
		e := expNonPos4(z.ToBits().Or(sign).BitsToFloat32())
		s := one.IfElse(z.Greater(zero), e).Div(one.Add(e))
		s.IfElse(z.Equal(z), z).Store(q) // NaN stays NaN
	}
	return n
}
