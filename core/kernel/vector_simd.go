//go:build goexperiment.simd && (wasm || amd64)

package kernel

import "simd/archsimd"

// The 4-lane bodies of vector.go's loops. Each handles the longest prefix
// that is a multiple of 4 and returns its length. The element-wise ones do
// sixteen elements per iteration, then four: a loop back-edge costs about a
// dozen vector operations under wasm, and with one to three operations per
// vector the four-element loops ran 2–4× their native time under Node.

func reluSIMD(v []float32) int {
	n := len(v) &^ 3
	i := 0
	for ; i+16 <= n; i += 16 {
		q := v[i : i+16 : i+16]
		relu4(q[0:4])
		relu4(q[4:8])
		relu4(q[8:12])
		relu4(q[12:16])
	}
	for ; i < n; i += 4 {
		relu4(v[i : i+4 : i+4])
	}
	return n
}

func relu4(q []float32) {
	x := archsimd.LoadFloat32x4(q)
	x.Masked(x.Greater(archsimd.Float32x4{})).Store(q)
}

func maskReLUSIMD(g, y []float32) int {
	n := len(g) &^ 3
	y = y[:n]
	i := 0
	for ; i+16 <= n; i += 16 {
		q, yq := g[i:i+16:i+16], y[i:i+16:i+16]
		maskReLU4(q[0:4], yq[0:4])
		maskReLU4(q[4:8], yq[4:8])
		maskReLU4(q[8:12], yq[8:12])
		maskReLU4(q[12:16], yq[12:16])
	}
	for ; i < n; i += 4 {
		maskReLU4(g[i:i+4:i+4], y[i:i+4:i+4])
	}
	return n
}

func maskReLU4(q, y []float32) {
	yv := archsimd.LoadFloat32x4(y)
	archsimd.LoadFloat32x4(q).Masked(yv.Greater(archsimd.Float32x4{})).Store(q)
}

func mulSigmoidDerivSIMD(g, y []float32) int {
	n := len(g) &^ 3
	y = y[:n]
	one := archsimd.BroadcastFloat32x4(1)
	i := 0
	for ; i+16 <= n; i += 16 {
		q, yq := g[i:i+16:i+16], y[i:i+16:i+16]
		mulSigmoidDeriv4(q[0:4], yq[0:4], one)
		mulSigmoidDeriv4(q[4:8], yq[4:8], one)
		mulSigmoidDeriv4(q[8:12], yq[8:12], one)
		mulSigmoidDeriv4(q[12:16], yq[12:16], one)
	}
	for ; i < n; i += 4 {
		mulSigmoidDeriv4(g[i:i+4:i+4], y[i:i+4:i+4], one)
	}
	return n
}

func mulSigmoidDeriv4(q, y []float32, one archsimd.Float32x4) {
	v := archsimd.LoadFloat32x4(y)
	archsimd.LoadFloat32x4(q).Mul(v.Mul(one.Sub(v))).Store(q)
}

func mulTanhDerivSIMD(g, y []float32) int {
	n := len(g) &^ 3
	y = y[:n]
	one := archsimd.BroadcastFloat32x4(1)
	i := 0
	for ; i+16 <= n; i += 16 {
		q, yq := g[i:i+16:i+16], y[i:i+16:i+16]
		mulTanhDeriv4(q[0:4], yq[0:4], one)
		mulTanhDeriv4(q[4:8], yq[4:8], one)
		mulTanhDeriv4(q[8:12], yq[8:12], one)
		mulTanhDeriv4(q[12:16], yq[12:16], one)
	}
	for ; i < n; i += 4 {
		mulTanhDeriv4(g[i:i+4:i+4], y[i:i+4:i+4], one)
	}
	return n
}

func mulTanhDeriv4(q, y []float32, one archsimd.Float32x4) {
	v := archsimd.LoadFloat32x4(y)
	archsimd.LoadFloat32x4(q).Mul(one.Sub(v.Mul(v))).Store(q)
}

// addRowsSIMD sums 16 columns at a time over all rows (four accumulators),
// then 4 at a time.
func addRowsSIMD(dst, src []float32, rows int) int {
	n := len(dst)
	j := 0
	for ; j+16 <= n; j += 16 {
		d := dst[j : j+16 : j+16]
		s0, s1 := archsimd.LoadFloat32x4(d[0:4]), archsimd.LoadFloat32x4(d[4:8])
		s2, s3 := archsimd.LoadFloat32x4(d[8:12]), archsimd.LoadFloat32x4(d[12:16])
		for r := 0; r < rows; r++ {
			q := src[r*n+j : r*n+j+16 : r*n+j+16]
			s0 = s0.Add(archsimd.LoadFloat32x4(q[0:4]))
			s1 = s1.Add(archsimd.LoadFloat32x4(q[4:8]))
			s2 = s2.Add(archsimd.LoadFloat32x4(q[8:12]))
			s3 = s3.Add(archsimd.LoadFloat32x4(q[12:16]))
		}
		s0.Store(d[0:4])
		s1.Store(d[4:8])
		s2.Store(d[8:12])
		s3.Store(d[12:16])
	}
	for ; j+4 <= n; j += 4 {
		d := dst[j : j+4 : j+4]
		s := archsimd.LoadFloat32x4(d)
		for r := 0; r < rows; r++ {
			s = s.Add(archsimd.LoadFloat32x4(src[r*n+j : r*n+j+4 : r*n+j+4]))
		}
		s.Store(d)
	}
	return j
}

// addSquaredRowsSIMD is AddSquaredRows's body: 16 columns at a time over
// all rows (four accumulators), then 4 at a time.
func addSquaredRowsSIMD(dst, src []float32, rows int) int {
	n := len(dst)
	j := 0
	for ; j+16 <= n; j += 16 {
		d := dst[j : j+16 : j+16]
		s0, s1 := archsimd.LoadFloat32x4(d[0:4]), archsimd.LoadFloat32x4(d[4:8])
		s2, s3 := archsimd.LoadFloat32x4(d[8:12]), archsimd.LoadFloat32x4(d[12:16])
		for r := 0; r < rows; r++ {
			q := src[r*n+j : r*n+j+16 : r*n+j+16]
			v0, v1 := archsimd.LoadFloat32x4(q[0:4]), archsimd.LoadFloat32x4(q[4:8])
			v2, v3 := archsimd.LoadFloat32x4(q[8:12]), archsimd.LoadFloat32x4(q[12:16])
			s0 = s0.Add(v0.Mul(v0))
			s1 = s1.Add(v1.Mul(v1))
			s2 = s2.Add(v2.Mul(v2))
			s3 = s3.Add(v3.Mul(v3))
		}
		s0.Store(d[0:4])
		s1.Store(d[4:8])
		s2.Store(d[8:12])
		s3.Store(d[12:16])
	}
	for ; j+4 <= n; j += 4 {
		d := dst[j : j+4 : j+4]
		s := archsimd.LoadFloat32x4(d)
		for r := 0; r < rows; r++ {
			v := archsimd.LoadFloat32x4(src[r*n+j : r*n+j+4 : r*n+j+4])
			s = s.Add(v.Mul(v))
		}
		s.Store(d)
	}
	return j
}

// addScaledRowSIMD does d[j] += g[j]·w[j] over the longest prefix whose
// length is a multiple of 4 (d, w and g of one length) and returns it.
func addScaledRowSIMD(d, w, g []float32) int {
	n := len(d) &^ 3
	w, g = w[:n], g[:n]
	j := 0
	for ; j+16 <= n; j += 16 { // four vectors per iteration (loop back-edges are costly under wasm)
		q, wq, gq := d[j:j+16:j+16], w[j:j+16:j+16], g[j:j+16:j+16]
		s0 := archsimd.LoadFloat32x4(q[0:4]).Add(archsimd.LoadFloat32x4(gq[0:4]).Mul(archsimd.LoadFloat32x4(wq[0:4])))
		s1 := archsimd.LoadFloat32x4(q[4:8]).Add(archsimd.LoadFloat32x4(gq[4:8]).Mul(archsimd.LoadFloat32x4(wq[4:8])))
		s2 := archsimd.LoadFloat32x4(q[8:12]).Add(archsimd.LoadFloat32x4(gq[8:12]).Mul(archsimd.LoadFloat32x4(wq[8:12])))
		s3 := archsimd.LoadFloat32x4(q[12:16]).Add(archsimd.LoadFloat32x4(gq[12:16]).Mul(archsimd.LoadFloat32x4(wq[12:16])))
		s0.Store(q[0:4])
		s1.Store(q[4:8])
		s2.Store(q[8:12])
		s3.Store(q[12:16])
	}
	for ; j < n; j += 4 {
		q := d[j : j+4 : j+4]
		gv := archsimd.LoadFloat32x4(g[j : j+4 : j+4])
		archsimd.LoadFloat32x4(q).Add(gv.Mul(archsimd.LoadFloat32x4(w[j : j+4 : j+4]))).Store(q)
	}
	return n
}

// adamSIMD is adam1 on four weights at a time: the same float32 operations
// in the same order (c2·g·g is (c2·g)·g), each rounded, and the same flush
// of tiny first moments; f32x4.sqrt is the correctly rounded square root.
func adamSIMD(w, g, m, v []float32, p AdamParams) int {
	n := len(w) &^ 3
	g, m, v = g[:n], m[:n], v[:n]
	b1, b2 := archsimd.BroadcastFloat32x4(p.B1), archsimd.BroadcastFloat32x4(p.B2)
	c1, c2 := archsimd.BroadcastFloat32x4(p.C1), archsimd.BroadcastFloat32x4(p.C2)
	step, eps := archsimd.BroadcastFloat32x4(p.Step), archsimd.BroadcastFloat32x4(p.Eps)
	tiny, negTiny := archsimd.BroadcastFloat32x4(TinyMoment), archsimd.BroadcastFloat32x4(-TinyMoment)
	i := 0
	for ; i+8 <= n; i += 8 { // two vectors per iteration (loop back-edges are costly under wasm)
		wq, gq, mq, vq := w[i:i+8:i+8], g[i:i+8:i+8], m[i:i+8:i+8], v[i:i+8:i+8]
		{
			gv := archsimd.LoadFloat32x4(gq[0:4])
			mi := b1.Mul(archsimd.LoadFloat32x4(mq[0:4])).Add(c1.Mul(gv))
			mi = mi.Masked(mi.GreaterEqual(tiny).Or(mi.LessEqual(negTiny)))
			vi := b2.Mul(archsimd.LoadFloat32x4(vq[0:4])).Add(c2.Mul(gv).Mul(gv))
			mi.Store(mq[0:4])
			vi.Store(vq[0:4])
			upd := step.Mul(mi).Div(vi.Sqrt().Add(eps))
			archsimd.LoadFloat32x4(wq[0:4]).Sub(upd).Store(wq[0:4])
		}
		{
			gv := archsimd.LoadFloat32x4(gq[4:8])
			mi := b1.Mul(archsimd.LoadFloat32x4(mq[4:8])).Add(c1.Mul(gv))
			mi = mi.Masked(mi.GreaterEqual(tiny).Or(mi.LessEqual(negTiny)))
			vi := b2.Mul(archsimd.LoadFloat32x4(vq[4:8])).Add(c2.Mul(gv).Mul(gv))
			mi.Store(mq[4:8])
			vi.Store(vq[4:8])
			upd := step.Mul(mi).Div(vi.Sqrt().Add(eps))
			archsimd.LoadFloat32x4(wq[4:8]).Sub(upd).Store(wq[4:8])
		}
	}
	for ; i < n; i += 4 {
		wq, gq, mq, vq := w[i:i+4:i+4], g[i:i+4:i+4], m[i:i+4:i+4], v[i:i+4:i+4]
		gv := archsimd.LoadFloat32x4(gq[0:4])
		mi := b1.Mul(archsimd.LoadFloat32x4(mq[0:4])).Add(c1.Mul(gv))
		mi = mi.Masked(mi.GreaterEqual(tiny).Or(mi.LessEqual(negTiny)))
		vi := b2.Mul(archsimd.LoadFloat32x4(vq[0:4])).Add(c2.Mul(gv).Mul(gv))
		mi.Store(mq[0:4])
		vi.Store(vq[0:4])
		upd := step.Mul(mi).Div(vi.Sqrt().Add(eps))
		archsimd.LoadFloat32x4(wq[0:4]).Sub(upd).Store(wq[0:4])
	}
	return n
}

// allFiniteSIMD sums x−x over the longest prefix whose length is a multiple
// of 4 (0 for finite x, NaN otherwise) and reports its length and whether
// every lane of the sums is still 0. Sixteen elements per iteration in two
// sums (a loop back-edge costs about a dozen vector operations under wasm):
// 0.20× the time of four per iteration in one sum under Node (86 → 17 µs
// for 100,352 values, best of 200 alternated rounds), 1.0× natively.
func allFiniteSIMD(v []float32) (int, bool) {
	n := len(v) &^ 3
	var acc, acc2 archsimd.Float32x4
	i := 0
	for ; i+16 <= n; i += 16 {
		q := v[i : i+16 : i+16]
		x0, x1 := archsimd.LoadFloat32x4(q[0:4]), archsimd.LoadFloat32x4(q[4:8])
		x2, x3 := archsimd.LoadFloat32x4(q[8:12]), archsimd.LoadFloat32x4(q[12:16])
		acc = acc.Add(x0.Sub(x0)).Add(x1.Sub(x1))
		acc2 = acc2.Add(x2.Sub(x2)).Add(x3.Sub(x3))
	}
	for ; i < n; i += 4 {
		x := archsimd.LoadFloat32x4(v[i : i+4 : i+4])
		acc = acc.Add(x.Sub(x))
	}
	var lanes [4]float32
	acc.Add(acc2).StoreArray(&lanes)
	return n, lanes == [4]float32{}
}
