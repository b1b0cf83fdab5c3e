//go:build goexperiment.simd && (wasm || amd64)

package kernel

import (
	"simd/archsimd"
	"unsafe"
)

// errColumn is SparseNN's panic for a stored column index outside B.
const errColumn = "kernel: SparseNN: column index out of range"

// sparseRowSIMD accumulates one row of C += S·B,
// c[j] += Σ_q vals[q]·B[cols[q], j] in increasing q, thirty-two columns at
// a time (eight 4-lane accumulators, one broadcast of vals[q] and eight
// loads of B's row cols[q] per step, eight steps per iteration), then
// sixteen, then four at a time. It returns how many leading columns it did
// (n rounded down to a multiple of 4); the caller does the rest. Each
// lane's sum is the scalar kernel's, in the same order, so the bits agree.
// b holds k = len(b)/n rows of n > 0 columns.
//
// A step checks its column index against k (one compare) and reads the
// row through an unsafe pointer: the two checks of slicing b[off:off+32]
// cost more under wasm than their compares, because V8 reconciles every
// live register at each branch to the panic (the branch leaves through
// Go's wasm dispatch loop, where all of them are live); a step without any
// branch let V8 hoist the loads of all the steps of an iteration ahead of
// their multiplies and spill them. One compare per step, eight steps per
// iteration: 0.82–0.84× the time of the previous kernel (slicing, four
// steps per iteration) under Node and 0.92–0.95× natively, for D1's output
// layer (n 784, 110–191 non-zeros) and R1's first layer (n 256, 148), best
// of 200 rounds alternated in one process. The 32-column strips halve the
// per-step cost of the offset, its check and the broadcast against 16:
// 0.80× under Node and 0.88–0.91× natively (best of 300 rounds).
func sparseRowSIMD(cols []int32, vals, b []float32, n int, c []float32) int {
	vals = vals[:len(cols)]
	k := len(b) / n
	b0 := unsafe.Pointer(unsafe.SliceData(b))
	stride := n * 4 // bytes per row of B
	j := 0
	for ; j+32 <= n; j += 32 {
		clearUpper() // amd64 spills an accumulator with legacy SSE (simd_amd64.go)
		cj := c[j : j+32 : j+32]
		s0 := archsimd.LoadFloat32x4(cj[0:4])
		s1 := archsimd.LoadFloat32x4(cj[4:8])
		s2 := archsimd.LoadFloat32x4(cj[8:12])
		s3 := archsimd.LoadFloat32x4(cj[12:16])
		s4 := archsimd.LoadFloat32x4(cj[16:20])
		s5 := archsimd.LoadFloat32x4(cj[20:24])
		s6 := archsimd.LoadFloat32x4(cj[24:28])
		s7 := archsimd.LoadFloat32x4(cj[28:32])
		base := unsafe.Add(b0, j*4)
		q := 0
		for ; q+8 <= len(cols); q += 8 {
			cq, vq := cols[q:q+8:q+8], vals[q:q+8:q+8]
			if uint(cq[0]) >= uint(k) {
				panic(errColumn)
			}
			r := unsafe.Add(base, int(cq[0])*stride)
			x := archsimd.BroadcastFloat32x4(vq[0])
			s0 = s0.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(r))))
			s1 = s1.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 16)))))
			s2 = s2.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 32)))))
			s3 = s3.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 48)))))
			s4 = s4.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 64)))))
			s5 = s5.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 80)))))
			s6 = s6.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 96)))))
			s7 = s7.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 112)))))
			if uint(cq[1]) >= uint(k) {
				panic(errColumn)
			}
			r = unsafe.Add(base, int(cq[1])*stride)
			x = archsimd.BroadcastFloat32x4(vq[1])
			s0 = s0.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(r))))
			s1 = s1.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 16)))))
			s2 = s2.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 32)))))
			s3 = s3.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 48)))))
			s4 = s4.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 64)))))
			s5 = s5.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 80)))))
			s6 = s6.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 96)))))
			s7 = s7.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 112)))))
			if uint(cq[2]) >= uint(k) {
				panic(errColumn)
			}
			r = unsafe.Add(base, int(cq[2])*stride)
			x = archsimd.BroadcastFloat32x4(vq[2])
			s0 = s0.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(r))))
			s1 = s1.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 16)))))
			s2 = s2.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 32)))))
			s3 = s3.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 48)))))
			s4 = s4.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 64)))))
			s5 = s5.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 80)))))
			s6 = s6.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 96)))))
			s7 = s7.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 112)))))
			if uint(cq[3]) >= uint(k) {
				panic(errColumn)
			}
			r = unsafe.Add(base, int(cq[3])*stride)
			x = archsimd.BroadcastFloat32x4(vq[3])
			s0 = s0.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(r))))
			s1 = s1.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 16)))))
			s2 = s2.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 32)))))
			s3 = s3.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 48)))))
			s4 = s4.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 64)))))
			s5 = s5.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 80)))))
			s6 = s6.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 96)))))
			s7 = s7.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 112)))))
			if uint(cq[4]) >= uint(k) {
				panic(errColumn)
			}
			r = unsafe.Add(base, int(cq[4])*stride)
			x = archsimd.BroadcastFloat32x4(vq[4])
			s0 = s0.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(r))))
			s1 = s1.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 16)))))
			s2 = s2.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 32)))))
			s3 = s3.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 48)))))
			s4 = s4.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 64)))))
			s5 = s5.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 80)))))
			s6 = s6.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 96)))))
			s7 = s7.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 112)))))
			if uint(cq[5]) >= uint(k) {
				panic(errColumn)
			}
			r = unsafe.Add(base, int(cq[5])*stride)
			x = archsimd.BroadcastFloat32x4(vq[5])
			s0 = s0.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(r))))
			s1 = s1.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 16)))))
			s2 = s2.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 32)))))
			s3 = s3.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 48)))))
			s4 = s4.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 64)))))
			s5 = s5.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 80)))))
			s6 = s6.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 96)))))
			s7 = s7.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 112)))))
			if uint(cq[6]) >= uint(k) {
				panic(errColumn)
			}
			r = unsafe.Add(base, int(cq[6])*stride)
			x = archsimd.BroadcastFloat32x4(vq[6])
			s0 = s0.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(r))))
			s1 = s1.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 16)))))
			s2 = s2.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 32)))))
			s3 = s3.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 48)))))
			s4 = s4.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 64)))))
			s5 = s5.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 80)))))
			s6 = s6.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 96)))))
			s7 = s7.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 112)))))
			if uint(cq[7]) >= uint(k) {
				panic(errColumn)
			}
			r = unsafe.Add(base, int(cq[7])*stride)
			x = archsimd.BroadcastFloat32x4(vq[7])
			s0 = s0.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(r))))
			s1 = s1.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 16)))))
			s2 = s2.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 32)))))
			s3 = s3.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 48)))))
			s4 = s4.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 64)))))
			s5 = s5.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 80)))))
			s6 = s6.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 96)))))
			s7 = s7.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 112)))))
		}
		for ; q < len(cols); q++ {
			if uint(cols[q]) >= uint(k) {
				panic(errColumn)
			}
			r := unsafe.Add(base, int(cols[q])*stride)
			x := archsimd.BroadcastFloat32x4(vals[q])
			s0 = s0.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(r))))
			s1 = s1.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 16)))))
			s2 = s2.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 32)))))
			s3 = s3.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 48)))))
			s4 = s4.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 64)))))
			s5 = s5.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 80)))))
			s6 = s6.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 96)))))
			s7 = s7.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 112)))))
		}
		s0.Store(cj[0:4])
		s1.Store(cj[4:8])
		s2.Store(cj[8:12])
		s3.Store(cj[12:16])
		s4.Store(cj[16:20])
		s5.Store(cj[20:24])
		s6.Store(cj[24:28])
		s7.Store(cj[28:32])
	}
	if j+16 <= n {
		clearUpper() // amd64 spills an accumulator with legacy SSE (simd_amd64.go)
		cj := c[j : j+16 : j+16]
		s0 := archsimd.LoadFloat32x4(cj[0:4])
		s1 := archsimd.LoadFloat32x4(cj[4:8])
		s2 := archsimd.LoadFloat32x4(cj[8:12])
		s3 := archsimd.LoadFloat32x4(cj[12:16])
		base := unsafe.Add(b0, j*4)
		q := 0
		for ; q+8 <= len(cols); q += 8 {
			cq, vq := cols[q:q+8:q+8], vals[q:q+8:q+8]
			if uint(cq[0]) >= uint(k) {
				panic(errColumn)
			}
			r := unsafe.Add(base, int(cq[0])*stride)
			x := archsimd.BroadcastFloat32x4(vq[0])
			s0 = s0.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(r))))
			s1 = s1.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 16)))))
			s2 = s2.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 32)))))
			s3 = s3.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 48)))))
			if uint(cq[1]) >= uint(k) {
				panic(errColumn)
			}
			r = unsafe.Add(base, int(cq[1])*stride)
			x = archsimd.BroadcastFloat32x4(vq[1])
			s0 = s0.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(r))))
			s1 = s1.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 16)))))
			s2 = s2.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 32)))))
			s3 = s3.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 48)))))
			if uint(cq[2]) >= uint(k) {
				panic(errColumn)
			}
			r = unsafe.Add(base, int(cq[2])*stride)
			x = archsimd.BroadcastFloat32x4(vq[2])
			s0 = s0.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(r))))
			s1 = s1.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 16)))))
			s2 = s2.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 32)))))
			s3 = s3.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 48)))))
			if uint(cq[3]) >= uint(k) {
				panic(errColumn)
			}
			r = unsafe.Add(base, int(cq[3])*stride)
			x = archsimd.BroadcastFloat32x4(vq[3])
			s0 = s0.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(r))))
			s1 = s1.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 16)))))
			s2 = s2.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 32)))))
			s3 = s3.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 48)))))
			if uint(cq[4]) >= uint(k) {
				panic(errColumn)
			}
			r = unsafe.Add(base, int(cq[4])*stride)
			x = archsimd.BroadcastFloat32x4(vq[4])
			s0 = s0.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(r))))
			s1 = s1.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 16)))))
			s2 = s2.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 32)))))
			s3 = s3.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 48)))))
			if uint(cq[5]) >= uint(k) {
				panic(errColumn)
			}
			r = unsafe.Add(base, int(cq[5])*stride)
			x = archsimd.BroadcastFloat32x4(vq[5])
			s0 = s0.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(r))))
			s1 = s1.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 16)))))
			s2 = s2.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 32)))))
			s3 = s3.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 48)))))
			if uint(cq[6]) >= uint(k) {
				panic(errColumn)
			}
			r = unsafe.Add(base, int(cq[6])*stride)
			x = archsimd.BroadcastFloat32x4(vq[6])
			s0 = s0.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(r))))
			s1 = s1.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 16)))))
			s2 = s2.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 32)))))
			s3 = s3.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 48)))))
			if uint(cq[7]) >= uint(k) {
				panic(errColumn)
			}
			r = unsafe.Add(base, int(cq[7])*stride)
			x = archsimd.BroadcastFloat32x4(vq[7])
			s0 = s0.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(r))))
			s1 = s1.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 16)))))
			s2 = s2.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 32)))))
			s3 = s3.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 48)))))
		}
		for ; q < len(cols); q++ {
			if uint(cols[q]) >= uint(k) {
				panic(errColumn)
			}
			r := unsafe.Add(base, int(cols[q])*stride)
			x := archsimd.BroadcastFloat32x4(vals[q])
			s0 = s0.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(r))))
			s1 = s1.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 16)))))
			s2 = s2.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 32)))))
			s3 = s3.Add(x.Mul(archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(r, 48)))))
		}
		s0.Store(cj[0:4])
		s1.Store(cj[4:8])
		s2.Store(cj[8:12])
		s3.Store(cj[12:16])
		j += 16
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
