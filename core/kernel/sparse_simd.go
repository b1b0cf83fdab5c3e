//go:build goexperiment.simd && (wasm || amd64)

package kernel

import "simd/archsimd"

// sparseRowSIMD accumulates one row of C += S·B,
// c[j] += Σ_q vals[q]·B[cols[q], j] in increasing q, sixteen columns at a
// time (four 4-lane accumulators, one broadcast of vals[q] and four loads of
// B's row cols[q] per step, four steps per iteration), then four at a time.
// It returns how many leading columns it did (n rounded down to a multiple
// of 4); the caller does the rest. Each lane's sum is the scalar kernel's,
// in the same order, so the bits agree.
func sparseRowSIMD(cols []int32, vals, b []float32, n int, c []float32) int {
	vals = vals[:len(cols)]
	j := 0
	for ; j+16 <= n; j += 16 {
		cj := c[j : j+16 : j+16]
		s0, s1 := archsimd.LoadFloat32x4(cj[0:4]), archsimd.LoadFloat32x4(cj[4:8])
		s2, s3 := archsimd.LoadFloat32x4(cj[8:12]), archsimd.LoadFloat32x4(cj[12:16])
		q := 0
		for ; q+4 <= len(cols); q += 4 { // four non-zeros per iteration (loop back-edges are costly under wasm)
			cq, vq := cols[q:q+4:q+4], vals[q:q+4:q+4]
			off := int(cq[0])*n + j
			bq := b[off : off+16 : off+16]
			x := archsimd.BroadcastFloat32x4(vq[0])
			s0 = s0.Add(x.Mul(archsimd.LoadFloat32x4(bq[0:4])))
			s1 = s1.Add(x.Mul(archsimd.LoadFloat32x4(bq[4:8])))
			s2 = s2.Add(x.Mul(archsimd.LoadFloat32x4(bq[8:12])))
			s3 = s3.Add(x.Mul(archsimd.LoadFloat32x4(bq[12:16])))
			off = int(cq[1])*n + j
			bq = b[off : off+16 : off+16]
			x = archsimd.BroadcastFloat32x4(vq[1])
			s0 = s0.Add(x.Mul(archsimd.LoadFloat32x4(bq[0:4])))
			s1 = s1.Add(x.Mul(archsimd.LoadFloat32x4(bq[4:8])))
			s2 = s2.Add(x.Mul(archsimd.LoadFloat32x4(bq[8:12])))
			s3 = s3.Add(x.Mul(archsimd.LoadFloat32x4(bq[12:16])))
			off = int(cq[2])*n + j
			bq = b[off : off+16 : off+16]
			x = archsimd.BroadcastFloat32x4(vq[2])
			s0 = s0.Add(x.Mul(archsimd.LoadFloat32x4(bq[0:4])))
			s1 = s1.Add(x.Mul(archsimd.LoadFloat32x4(bq[4:8])))
			s2 = s2.Add(x.Mul(archsimd.LoadFloat32x4(bq[8:12])))
			s3 = s3.Add(x.Mul(archsimd.LoadFloat32x4(bq[12:16])))
			off = int(cq[3])*n + j
			bq = b[off : off+16 : off+16]
			x = archsimd.BroadcastFloat32x4(vq[3])
			s0 = s0.Add(x.Mul(archsimd.LoadFloat32x4(bq[0:4])))
			s1 = s1.Add(x.Mul(archsimd.LoadFloat32x4(bq[4:8])))
			s2 = s2.Add(x.Mul(archsimd.LoadFloat32x4(bq[8:12])))
			s3 = s3.Add(x.Mul(archsimd.LoadFloat32x4(bq[12:16])))
		}
		for ; q < len(cols); q++ {
			off := int(cols[q])*n + j
			bq := b[off : off+16 : off+16]
			x := archsimd.BroadcastFloat32x4(vals[q])
			s0 = s0.Add(x.Mul(archsimd.LoadFloat32x4(bq[0:4])))
			s1 = s1.Add(x.Mul(archsimd.LoadFloat32x4(bq[4:8])))
			s2 = s2.Add(x.Mul(archsimd.LoadFloat32x4(bq[8:12])))
			s3 = s3.Add(x.Mul(archsimd.LoadFloat32x4(bq[12:16])))
		}
		s0.Store(cj[0:4])
		s1.Store(cj[4:8])
		s2.Store(cj[8:12])
		s3.Store(cj[12:16])
	}
	for ; j+4 <= n; j += 4 {
		cj := c[j : j+4 : j+4]
		s0 := archsimd.LoadFloat32x4(cj)
		for q, p := range cols {
			off := int(p)*n + j
			s0 = s0.Add(archsimd.BroadcastFloat32x4(vals[q]).Mul(archsimd.LoadFloat32x4(b[off : off+4 : off+4])))
		}
		s0.Store(cj)
	}
	return j
}
