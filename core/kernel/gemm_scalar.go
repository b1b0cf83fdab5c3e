package kernel

// The scalar products (every build's fallback, and the oracle the SIMD
// kernels are tested against) share one micro-kernel: a 3×3 block of C held
// in nine scalar accumulators, fed from two packed panels (three rows of op(A) and
// three columns of op(B), interleaved so that step p of the sum reads six
// consecutive floats), with the k loop unrolled by four. Nine accumulators
// plus six operands fit the sixteen float registers of amd64 and keep V8's
// wasm register allocator from spilling; packing makes every load a fixed
// offset from one slice, with one bounds check per four steps. Rows and
// columns beyond the edge of C are padded with zeros in the panels and their
// results discarded.

const blk = 3 // micro-kernel block size

// packRows interleaves up to three rows of the row-major matrix src (row
// stride k, rows r0…r0+cnt−1) into dst (3·k): dst[3p+r] = src[r0+r, p];
// missing rows are zero.
func packRows(dst, src []float32, r0, cnt, k int) {
	dst = dst[:blk*k]
	if cnt == blk {
		a0 := src[r0*k : r0*k+k]
		a1 := src[(r0+1)*k : (r0+1)*k+k]
		a2 := src[(r0+2)*k : (r0+2)*k+k]
		a1, a2 = a1[:len(a0)], a2[:len(a0)]
		for p, v := range a0 {
			d := dst[3*p : 3*p+3 : 3*p+3]
			d[0], d[1], d[2] = v, a1[p], a2[p]
		}
		return
	}
	for r := 0; r < blk; r++ {
		if r >= cnt {
			for p := 0; p < k; p++ {
				dst[blk*p+r] = 0
			}
			continue
		}
		row := src[(r0+r)*k : (r0+r)*k+k]
		for p, v := range row {
			dst[blk*p+r] = v
		}
	}
}

// packCols interleaves up to three columns of the row-major k×ld matrix
// src (columns c0…c0+cnt−1) into dst (3·k): dst[3p+s] = src[p, c0+s];
// missing columns are zero.
func packCols(dst, src []float32, c0, cnt, k, ld int) {
	dst = dst[:blk*k]
	if cnt == blk {
		off := c0
		p := 0
		for ; p+2 <= k; p += 2 { // two steps per iteration (cheaper under wasm)
			s := src[off : off+3 : off+3]
			t := src[off+ld : off+ld+3 : off+ld+3]
			d := dst[3*p : 3*p+6 : 3*p+6]
			d[0], d[1], d[2] = s[0], s[1], s[2]
			d[3], d[4], d[5] = t[0], t[1], t[2]
			off += 2 * ld
		}
		if p < k {
			s := src[off : off+3 : off+3]
			d := dst[3*p : 3*p+3 : 3*p+3]
			d[0], d[1], d[2] = s[0], s[1], s[2]
		}
		return
	}
	for p := 0; p < k; p++ {
		for s := 0; s < blk; s++ {
			v := float32(0)
			if s < cnt {
				v = src[p*ld+c0+s]
			}
			dst[blk*p+s] = v
		}
	}
}

// gemmPacked computes C += op(A)·op(B) given functions that pack a panel
// of three rows of op(A) and three columns of op(B).
func gemmPacked(m, n, k int, c []float32, packA, packB func(dst []float32, i0, cnt int)) {
	nb := (n + blk - 1) / blk
	s := getScratch(blk*k, nb*blk*k)
	for jb := 0; jb < nb; jb++ {
		j0 := jb * blk
		packB(s.b[jb*blk*k:(jb+1)*blk*k], j0, min(blk, n-j0))
	}
	var acc [blk * blk]float32
	for i0 := 0; i0 < m; i0 += blk {
		ri := min(blk, m-i0)
		packA(s.a, i0, ri)
		for jb := 0; jb < nb; jb++ {
			j0 := jb * blk
			cj := min(blk, n-j0)
			bp := s.b[jb*blk*k : (jb+1)*blk*k]
			if ri == blk && cj == blk {
				// Full block: straight-line loads and stores (no loops, which
				// cost a dispatch per iteration under wasm).
				c0 := c[i0*n+j0 : i0*n+j0+3 : i0*n+j0+3]
				c1 := c[(i0+1)*n+j0 : (i0+1)*n+j0+3 : (i0+1)*n+j0+3]
				c2 := c[(i0+2)*n+j0 : (i0+2)*n+j0+3 : (i0+2)*n+j0+3]
				acc = [blk * blk]float32{c0[0], c0[1], c0[2], c1[0], c1[1], c1[2], c2[0], c2[1], c2[2]}
				micro3x3(s.a, bp, &acc)
				c0[0], c0[1], c0[2] = acc[0], acc[1], acc[2]
				c1[0], c1[1], c1[2] = acc[3], acc[4], acc[5]
				c2[0], c2[1], c2[2] = acc[6], acc[7], acc[8]
				continue
			}
			for r := 0; r < ri; r++ {
				for q := 0; q < cj; q++ {
					acc[r*blk+q] = c[(i0+r)*n+j0+q]
				}
			}
			micro3x3(s.a, bp, &acc)
			for r := 0; r < ri; r++ {
				for q := 0; q < cj; q++ {
					c[(i0+r)*n+j0+q] = acc[r*blk+q]
				}
			}
		}
	}
	putScratch(s)
}

// micro3x3 accumulates acc[3r+s] += Σ_p ap[3p+r]·bp[3p+s] in increasing p.
func micro3x3(ap, bp []float32, acc *[blk * blk]float32) {
	bp = bp[:len(ap)]
	s00, s01, s02 := acc[0], acc[1], acc[2]
	s10, s11, s12 := acc[3], acc[4], acc[5]
	s20, s21, s22 := acc[6], acc[7], acc[8]
	q := 0
	for ; q+12 <= len(ap); q += 12 {
		a := ap[q : q+12 : q+12]
		b := bp[q : q+12 : q+12]
		s00 += a[0] * b[0]
		s01 += a[0] * b[1]
		s02 += a[0] * b[2]
		s10 += a[1] * b[0]
		s11 += a[1] * b[1]
		s12 += a[1] * b[2]
		s20 += a[2] * b[0]
		s21 += a[2] * b[1]
		s22 += a[2] * b[2]
		s00 += a[3] * b[3]
		s01 += a[3] * b[4]
		s02 += a[3] * b[5]
		s10 += a[4] * b[3]
		s11 += a[4] * b[4]
		s12 += a[4] * b[5]
		s20 += a[5] * b[3]
		s21 += a[5] * b[4]
		s22 += a[5] * b[5]
		s00 += a[6] * b[6]
		s01 += a[6] * b[7]
		s02 += a[6] * b[8]
		s10 += a[7] * b[6]
		s11 += a[7] * b[7]
		s12 += a[7] * b[8]
		s20 += a[8] * b[6]
		s21 += a[8] * b[7]
		s22 += a[8] * b[8]
		s00 += a[9] * b[9]
		s01 += a[9] * b[10]
		s02 += a[9] * b[11]
		s10 += a[10] * b[9]
		s11 += a[10] * b[10]
		s12 += a[10] * b[11]
		s20 += a[11] * b[9]
		s21 += a[11] * b[10]
		s22 += a[11] * b[11]
	}
	for ; q+3 <= len(ap); q += 3 {
		a := ap[q : q+3 : q+3]
		b := bp[q : q+3 : q+3]
		s00 += a[0] * b[0]
		s01 += a[0] * b[1]
		s02 += a[0] * b[2]
		s10 += a[1] * b[0]
		s11 += a[1] * b[1]
		s12 += a[1] * b[2]
		s20 += a[2] * b[0]
		s21 += a[2] * b[1]
		s22 += a[2] * b[2]
	}
	acc[0], acc[1], acc[2] = s00, s01, s02
	acc[3], acc[4], acc[5] = s10, s11, s12
	acc[6], acc[7], acc[8] = s20, s21, s22
}

// gemmScalar computes C += op(A)·op(B) with the scalar 3×3 kernel.
func gemmScalar(op gemmOp, m, n, k int, a, b, c []float32) {
	switch op {
	case opNN:
		gemmPacked(m, n, k, c,
			func(dst []float32, i0, cnt int) { packRows(dst, a, i0, cnt, k) },
			func(dst []float32, j0, cnt int) { packCols(dst, b, j0, cnt, k, n) })
	case opNT:
		gemmPacked(m, n, k, c,
			func(dst []float32, i0, cnt int) { packRows(dst, a, i0, cnt, k) },
			func(dst []float32, j0, cnt int) { packRows(dst, b, j0, cnt, k) })
	case opTN:
		gemmPacked(m, n, k, c,
			func(dst []float32, i0, cnt int) { packCols(dst, a, i0, cnt, k, m) },
			func(dst []float32, j0, cnt int) { packCols(dst, b, j0, cnt, k, n) })
	}
}
