//go:build goexperiment.simd

package kernel

import "simd/archsimd"

// On amd64 the micro-kernel broadcasts each A value straight from memory
// (one VBROADCASTSS); the wasm one (micro_wasm.go) loads four at once.

// micro4x8 accumulates C[r, s] += Σ_p ap[4p+r]·bp[8p+s] in increasing p for
// the 4×8 block of C whose rows start at c[0], c[ldc], c[2·ldc], c[3·ldc].
func micro4x8(ap, bp []float32, c []float32, ldc int) {
	clearUpper() // the loop's spills are legacy SSE (simd_amd64.go)
	r0 := c[0:8:8]
	r1 := c[ldc : ldc+8 : ldc+8]
	r2 := c[2*ldc : 2*ldc+8 : 2*ldc+8]
	r3 := c[3*ldc : 3*ldc+8 : 3*ldc+8]
	c00, c01 := archsimd.LoadFloat32x4(r0[0:4]), archsimd.LoadFloat32x4(r0[4:8])
	c10, c11 := archsimd.LoadFloat32x4(r1[0:4]), archsimd.LoadFloat32x4(r1[4:8])
	c20, c21 := archsimd.LoadFloat32x4(r2[0:4]), archsimd.LoadFloat32x4(r2[4:8])
	c30, c31 := archsimd.LoadFloat32x4(r3[0:4]), archsimd.LoadFloat32x4(r3[4:8])
	k := len(ap) / 4
	bp = bp[:8*k]
	p := 0
	for ; p+2 <= k; p += 2 { // two steps per iteration (a loop back-edge is costly under wasm)
		a := ap[4*p : 4*p+8 : 4*p+8]
		b := bp[8*p : 8*p+16 : 8*p+16]
		b0, b1 := archsimd.LoadFloat32x4(b[0:4]), archsimd.LoadFloat32x4(b[4:8])
		x := archsimd.BroadcastFloat32x4(a[0])
		c00 = c00.Add(x.Mul(b0))
		c01 = c01.Add(x.Mul(b1))
		x = archsimd.BroadcastFloat32x4(a[1])
		c10 = c10.Add(x.Mul(b0))
		c11 = c11.Add(x.Mul(b1))
		x = archsimd.BroadcastFloat32x4(a[2])
		c20 = c20.Add(x.Mul(b0))
		c21 = c21.Add(x.Mul(b1))
		x = archsimd.BroadcastFloat32x4(a[3])
		c30 = c30.Add(x.Mul(b0))
		c31 = c31.Add(x.Mul(b1))
		b0, b1 = archsimd.LoadFloat32x4(b[8:12]), archsimd.LoadFloat32x4(b[12:16])
		x = archsimd.BroadcastFloat32x4(a[4])
		c00 = c00.Add(x.Mul(b0))
		c01 = c01.Add(x.Mul(b1))
		x = archsimd.BroadcastFloat32x4(a[5])
		c10 = c10.Add(x.Mul(b0))
		c11 = c11.Add(x.Mul(b1))
		x = archsimd.BroadcastFloat32x4(a[6])
		c20 = c20.Add(x.Mul(b0))
		c21 = c21.Add(x.Mul(b1))
		x = archsimd.BroadcastFloat32x4(a[7])
		c30 = c30.Add(x.Mul(b0))
		c31 = c31.Add(x.Mul(b1))
	}
	if p < k {
		a := ap[4*p : 4*p+4 : 4*p+4]
		b := bp[8*p : 8*p+8 : 8*p+8]
		b0, b1 := archsimd.LoadFloat32x4(b[0:4]), archsimd.LoadFloat32x4(b[4:8])
		x := archsimd.BroadcastFloat32x4(a[0])
		c00 = c00.Add(x.Mul(b0))
		c01 = c01.Add(x.Mul(b1))
		x = archsimd.BroadcastFloat32x4(a[1])
		c10 = c10.Add(x.Mul(b0))
		c11 = c11.Add(x.Mul(b1))
		x = archsimd.BroadcastFloat32x4(a[2])
		c20 = c20.Add(x.Mul(b0))
		c21 = c21.Add(x.Mul(b1))
		x = archsimd.BroadcastFloat32x4(a[3])
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
