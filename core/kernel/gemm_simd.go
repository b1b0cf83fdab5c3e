//go:build goexperiment.simd && (wasm || amd64)

package kernel

import "simd/archsimd"

// The SIMD products share one micro-kernel: a 4×8 block of C held in eight
// 4-lane vectors (lane s of vector (r, h) is C[i0+r, j0+4h+s]), fed from a
// panel of four rows of op(A) interleaved (apanel[4p+r] = op(A)[i0+r, p])
// and a panel of eight columns of op(B) (bpanel[8p+s] = op(B)[p, j0+s]).
// Step p broadcasts each of the four A values and multiplies it into the
// two B vectors: 8 multiplies and 8 adds, 4 lanes each, for 2 vector loads
// and 4 broadcasts. Eight accumulators, two B vectors and a broadcast use 11
// of the 16 vector registers of Go's wasm backend (and of amd64's AVX).
//
// Every lane computes c += a·b for one element of C, multiply and add
// rounded separately (no fused multiply-add), in increasing p: the exact
// operations of the scalar kernel in the same order, so the two give the
// same bits.

const (
	simdMR = 4 // rows of the SIMD micro-kernel's block
	simdNR = 8 // columns of the SIMD micro-kernel's block
)

// gemmSIMD computes C += op(A)·op(B) with the 4×8 SIMD kernel. All of
// op(A) is packed first (at most a few hundred KB for our layers: it stays
// in L2) and op(B) one 8-column panel at a time (8·k floats: L1), which then
// meets every row block; the other loop order streamed all of packed B
// through L3 once per row block and was ~2× slower natively.
func gemmSIMD(op gemmOp, m, n, k int, a, b, c []float32) {
	mb := (m + simdMR - 1) / simdMR
	s := getScratch(mb*simdMR*k, simdNR*k)
	for ib := 0; ib < mb; ib++ {
		i0 := ib * simdMR
		dst := s.a[ib*simdMR*k : (ib+1)*simdMR*k]
		if op == opTN {
			packContiguous(dst, a, i0, min(simdMR, m-i0), k, m, simdMR)
		} else {
			packInterleaved(dst, a, i0, min(simdMR, m-i0), k, k, simdMR)
		}
	}
	var edge [simdMR * simdNR]float32
	for j0 := 0; j0 < n; j0 += simdNR {
		cj := min(simdNR, n-j0)
		if op == opNT {
			packInterleaved(s.b, b, j0, cj, k, k, simdNR)
		} else {
			packContiguous(s.b, b, j0, cj, k, n, simdNR)
		}
		for ib := 0; ib < mb; ib++ {
			i0 := ib * simdMR
			ri := min(simdMR, m-i0)
			ap := s.a[ib*simdMR*k : (ib+1)*simdMR*k]
			if ri == simdMR && cj == simdNR {
				micro4x8(ap, s.b, c[i0*n+j0:], n)
				continue
			}
			for r := 0; r < ri; r++ {
				copy(edge[r*simdNR:r*simdNR+cj], c[(i0+r)*n+j0:(i0+r)*n+j0+cj])
			}
			micro4x8(ap, s.b, edge[:], simdNR)
			for r := 0; r < ri; r++ {
				copy(c[(i0+r)*n+j0:(i0+r)*n+j0+cj], edge[r*simdNR:r*simdNR+cj])
			}
		}
	}
	putScratch(s)
}

// packInterleaved writes w rows of the row-major matrix src (row stride ld,
// rows r0…r0+cnt−1, k columns) interleaved into dst (w·k):
// dst[w·p+r] = src[r0+r, p]; missing rows are zero.
func packInterleaved(dst, src []float32, r0, cnt, k, ld, w int) {
	dst = dst[:w*k]
	if cnt == 4 && w == 4 {
		a0 := src[r0*ld : r0*ld+k]
		a1 := src[(r0+1)*ld : (r0+1)*ld+k]
		a2 := src[(r0+2)*ld : (r0+2)*ld+k]
		a3 := src[(r0+3)*ld : (r0+3)*ld+k]
		a1, a2, a3 = a1[:len(a0)], a2[:len(a0)], a3[:len(a0)]
		for p, v := range a0 {
			d := dst[4*p : 4*p+4 : 4*p+4]
			d[0], d[1], d[2], d[3] = v, a1[p], a2[p], a3[p]
		}
		return
	}
	if cnt == 8 && w == 8 {
		a0 := src[r0*ld : r0*ld+k]
		a1 := src[(r0+1)*ld : (r0+1)*ld+k]
		a2 := src[(r0+2)*ld : (r0+2)*ld+k]
		a3 := src[(r0+3)*ld : (r0+3)*ld+k]
		a4 := src[(r0+4)*ld : (r0+4)*ld+k]
		a5 := src[(r0+5)*ld : (r0+5)*ld+k]
		a6 := src[(r0+6)*ld : (r0+6)*ld+k]
		a7 := src[(r0+7)*ld : (r0+7)*ld+k]
		a1, a2, a3, a4, a5, a6, a7 = a1[:len(a0)], a2[:len(a0)], a3[:len(a0)], a4[:len(a0)], a5[:len(a0)], a6[:len(a0)], a7[:len(a0)]
		for p, v := range a0 {
			d := dst[8*p : 8*p+8 : 8*p+8]
			d[0], d[1], d[2], d[3] = v, a1[p], a2[p], a3[p]
			d[4], d[5], d[6], d[7] = a4[p], a5[p], a6[p], a7[p]
		}
		return
	}
	clear(dst)
	for r := 0; r < cnt; r++ {
		row := src[(r0+r)*ld : (r0+r)*ld+k]
		for p, v := range row {
			dst[w*p+r] = v
		}
	}
}

// packContiguous copies w consecutive columns of the row-major matrix src
// (row stride ld, columns c0…c0+cnt−1, k rows) into dst (w·k):
// dst[w·p+s] = src[p, c0+s]; missing columns are zero.
func packContiguous(dst, src []float32, c0, cnt, k, ld, w int) {
	dst = dst[:w*k]
	if cnt == 8 && w == 8 {
		packContiguous8(dst, src, c0, k, ld)
		return
	}
	if cnt == w && w == 4 {
		off := c0
		for p := 0; p < k; p++ {
			archsimd.LoadFloat32x4(src[off : off+4]).Store(dst[w*p : w*p+4])
			off += ld
		}
		return
	}
	clear(dst)
	for p := 0; p < k; p++ {
		copy(dst[w*p:w*p+cnt], src[p*ld+c0:p*ld+c0+cnt])
	}
}

// packContiguous8 is packContiguous for eight columns, all present: four
// rows of src per iteration (a loop back-edge costs about a dozen vector
// operations under wasm).
func packContiguous8(dst, src []float32, c0, k, ld int) {
	off, p := c0, 0
	for ; p+4 <= k; p += 4 {
		d := dst[8*p : 8*p+32 : 8*p+32]
		s0 := src[off : off+8 : off+8]
		s1 := src[off+ld : off+ld+8 : off+ld+8]
		s2 := src[off+2*ld : off+2*ld+8 : off+2*ld+8]
		s3 := src[off+3*ld : off+3*ld+8 : off+3*ld+8]
		archsimd.LoadFloat32x4(s0[0:4]).Store(d[0:4])
		archsimd.LoadFloat32x4(s0[4:8]).Store(d[4:8])
		archsimd.LoadFloat32x4(s1[0:4]).Store(d[8:12])
		archsimd.LoadFloat32x4(s1[4:8]).Store(d[12:16])
		archsimd.LoadFloat32x4(s2[0:4]).Store(d[16:20])
		archsimd.LoadFloat32x4(s2[4:8]).Store(d[20:24])
		archsimd.LoadFloat32x4(s3[0:4]).Store(d[24:28])
		archsimd.LoadFloat32x4(s3[4:8]).Store(d[28:32])
		off += 4 * ld
	}
	for ; p < k; p++ {
		s0, d := src[off:off+8:off+8], dst[8*p:8*p+8:8*p+8]
		archsimd.LoadFloat32x4(s0[0:4]).Store(d[0:4])
		archsimd.LoadFloat32x4(s0[4:8]).Store(d[4:8])
		off += ld
	}
}
