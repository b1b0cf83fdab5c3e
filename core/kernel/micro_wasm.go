//go:build goexperiment.simd

package kernel

import "simd/archsimd"

// micro4x8 accumulates C[r, s] += Σ_p ap[4p+r]·bp[8p+s] in increasing p for
// the 4×8 block of C whose rows start at c[0], c[ldc], c[2·ldc], c[3·ldc].
// Under wasm the four A values of a step come in one vector load and are
// broadcast lane by lane (extract_lane, splat): ~10 % less CPU time on R3's
// NN and TN products than four scalar loads and splats in V8 (the same on
// NT), where amd64 is ~1.4× slower this way (micro_amd64.go). The loop
// walks ap and bp by re-slicing, bounded by their lengths, so that the
// compiler drops the two slice bounds checks per iteration that indexing
// by p left in (-d=ssa/check_bce): 0.83× the time per call under Node for
// k = 100, 256 and 784 (best of 200 rounds, alternated with the indexed
// loop in one process). Four steps per iteration was another 3 % and not
// kept; the same re-slicing in sparseRowSIMD was 12 % slower.
func micro4x8(ap, bp []float32, c []float32, ldc int) {
	r0 := c[0:8:8]
	r1 := c[ldc : ldc+8 : ldc+8]
	r2 := c[2*ldc : 2*ldc+8 : 2*ldc+8]
	r3 := c[3*ldc : 3*ldc+8 : 3*ldc+8]
	c00, c01 := archsimd.LoadFloat32x4(r0[0:4]), archsimd.LoadFloat32x4(r0[4:8])
	c10, c11 := archsimd.LoadFloat32x4(r1[0:4]), archsimd.LoadFloat32x4(r1[4:8])
	c20, c21 := archsimd.LoadFloat32x4(r2[0:4]), archsimd.LoadFloat32x4(r2[4:8])
	c30, c31 := archsimd.LoadFloat32x4(r3[0:4]), archsimd.LoadFloat32x4(r3[4:8])
	k := len(ap) / 4
	ap, bp = ap[:4*k], bp[:8*k]
	for len(ap) >= 8 && len(bp) >= 16 { // two steps per iteration (a loop back-edge is costly under wasm)
		a, b := ap[:8:8], bp[:16:16]
		ap, bp = ap[8:], bp[16:]
		b0, b1 := archsimd.LoadFloat32x4(b[0:4]), archsimd.LoadFloat32x4(b[4:8])
		q := archsimd.LoadFloat32x4(a[0:4])
		x := archsimd.BroadcastFloat32x4(q.GetElem(0))
		c00 = c00.Add(x.Mul(b0))
		c01 = c01.Add(x.Mul(b1))
		x = archsimd.BroadcastFloat32x4(q.GetElem(1))
		c10 = c10.Add(x.Mul(b0))
		c11 = c11.Add(x.Mul(b1))
		x = archsimd.BroadcastFloat32x4(q.GetElem(2))
		c20 = c20.Add(x.Mul(b0))
		c21 = c21.Add(x.Mul(b1))
		x = archsimd.BroadcastFloat32x4(q.GetElem(3))
		c30 = c30.Add(x.Mul(b0))
		c31 = c31.Add(x.Mul(b1))
		b0, b1 = archsimd.LoadFloat32x4(b[8:12]), archsimd.LoadFloat32x4(b[12:16])
		q = archsimd.LoadFloat32x4(a[4:8])
		x = archsimd.BroadcastFloat32x4(q.GetElem(0))
		c00 = c00.Add(x.Mul(b0))
		c01 = c01.Add(x.Mul(b1))
		x = archsimd.BroadcastFloat32x4(q.GetElem(1))
		c10 = c10.Add(x.Mul(b0))
		c11 = c11.Add(x.Mul(b1))
		x = archsimd.BroadcastFloat32x4(q.GetElem(2))
		c20 = c20.Add(x.Mul(b0))
		c21 = c21.Add(x.Mul(b1))
		x = archsimd.BroadcastFloat32x4(q.GetElem(3))
		c30 = c30.Add(x.Mul(b0))
		c31 = c31.Add(x.Mul(b1))
	}
	if len(ap) >= 4 && len(bp) >= 8 {
		a, b := ap[:4:4], bp[:8:8]
		b0, b1 := archsimd.LoadFloat32x4(b[0:4]), archsimd.LoadFloat32x4(b[4:8])
		q := archsimd.LoadFloat32x4(a[0:4])
		x := archsimd.BroadcastFloat32x4(q.GetElem(0))
		c00 = c00.Add(x.Mul(b0))
		c01 = c01.Add(x.Mul(b1))
		x = archsimd.BroadcastFloat32x4(q.GetElem(1))
		c10 = c10.Add(x.Mul(b0))
		c11 = c11.Add(x.Mul(b1))
		x = archsimd.BroadcastFloat32x4(q.GetElem(2))
		c20 = c20.Add(x.Mul(b0))
		c21 = c21.Add(x.Mul(b1))
		x = archsimd.BroadcastFloat32x4(q.GetElem(3))
		c30 = c30.Add(x.Mul(b0))
		c31 = c31.Add(x.Mul(b1))
	}
	c00.Store(r0[0:4])
	c01.Store(r0[4:8])
	c10.Store(r1[0:4])
	c11.Store(r1[4:8])
	c20.Store(r2[0:4])
	c21.Store(r2[4:8])
	c30.Store(r3[0:4])
	c31.Store(r3[4:8])
}
