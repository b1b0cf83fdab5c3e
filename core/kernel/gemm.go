package kernel

import "fmt"

// checkShape panics unless a, b and c are long enough for the named product.
func checkShape(name string, m, n, k, la, lb, lc int) {
	if m < 0 || n < 0 || k < 0 {
		panic(fmt.Sprintf("kernel: %s: negative dimension m=%d n=%d k=%d", name, m, n, k))
	}
	if la < m*k || lb < k*n || lc < m*n {
		panic(fmt.Sprintf("kernel: %s: short slice for m=%d n=%d k=%d: len(a)=%d len(b)=%d len(c)=%d",
			name, m, n, k, la, lb, lc))
	}
}

// GemmNN computes C += A·B where A is m×k, B is k×n and C is m×n, all
// row-major. Each C[i,j] is summed in increasing k order.
func GemmNN(m, n, k int, a, b, c []float32) {
	checkShape("GemmNN", m, n, k, len(a), len(b), len(c))
	if m == 0 || n == 0 || k == 0 {
		return
	}
	i := 0
	for ; i+4 <= m; i += 4 {
		a0 := a[i*k : i*k+k]
		a1 := a[(i+1)*k : (i+1)*k+k]
		a2 := a[(i+2)*k : (i+2)*k+k]
		a3 := a[(i+3)*k : (i+3)*k+k]
		c0 := c[i*n : i*n+n]
		c1 := c[(i+1)*n : (i+1)*n+n]
		c2 := c[(i+2)*n : (i+2)*n+n]
		c3 := c[(i+3)*n : (i+3)*n+n]
		j := 0
		for ; j+4 <= n; j += 4 {
			nn4x4(a0, a1, a2, a3, b[j:], n, c0[j:j+4], c1[j:j+4], c2[j:j+4], c3[j:j+4])
		}
		for ; j < n; j++ {
			c0[j] = dotStrided(c0[j], a0, b[j:], n)
			c1[j] = dotStrided(c1[j], a1, b[j:], n)
			c2[j] = dotStrided(c2[j], a2, b[j:], n)
			c3[j] = dotStrided(c3[j], a3, b[j:], n)
		}
	}
	for ; i < m; i++ {
		ar := a[i*k : i*k+k]
		cr := c[i*n : i*n+n]
		j := 0
		for ; j+4 <= n; j += 4 {
			nn1x4(ar, b[j:], n, cr[j:j+4])
		}
		for ; j < n; j++ {
			cr[j] = dotStrided(cr[j], ar, b[j:], n)
		}
	}
}

// nn4x4 accumulates a 4×4 block of C from four rows of A and the four columns
// of B that start at b[0] (row stride n).
func nn4x4(a0, a1, a2, a3, b []float32, n int, c0, c1, c2, c3 []float32) {
	a1 = a1[:len(a0)]
	a2 = a2[:len(a0)]
	a3 = a3[:len(a0)]
	c0, c1, c2, c3 = c0[:4], c1[:4], c2[:4], c3[:4]
	s00, s01, s02, s03 := c0[0], c0[1], c0[2], c0[3]
	s10, s11, s12, s13 := c1[0], c1[1], c1[2], c1[3]
	s20, s21, s22, s23 := c2[0], c2[1], c2[2], c2[3]
	s30, s31, s32, s33 := c3[0], c3[1], c3[2], c3[3]
	off := 0
	for p, x0 := range a0 {
		bp := b[off : off+4 : off+4]
		off += n
		x1, x2, x3 := a1[p], a2[p], a3[p]
		b0, b1, b2, b3 := bp[0], bp[1], bp[2], bp[3]
		s00 += x0 * b0
		s01 += x0 * b1
		s02 += x0 * b2
		s03 += x0 * b3
		s10 += x1 * b0
		s11 += x1 * b1
		s12 += x1 * b2
		s13 += x1 * b3
		s20 += x2 * b0
		s21 += x2 * b1
		s22 += x2 * b2
		s23 += x2 * b3
		s30 += x3 * b0
		s31 += x3 * b1
		s32 += x3 * b2
		s33 += x3 * b3
	}
	c0[0], c0[1], c0[2], c0[3] = s00, s01, s02, s03
	c1[0], c1[1], c1[2], c1[3] = s10, s11, s12, s13
	c2[0], c2[1], c2[2], c2[3] = s20, s21, s22, s23
	c3[0], c3[1], c3[2], c3[3] = s30, s31, s32, s33
}

// nn1x4 accumulates a 1×4 block of C from one row of A.
func nn1x4(a0, b []float32, n int, c0 []float32) {
	c0 = c0[:4]
	s0, s1, s2, s3 := c0[0], c0[1], c0[2], c0[3]
	off := 0
	for _, x := range a0 {
		bp := b[off : off+4 : off+4]
		off += n
		s0 += x * bp[0]
		s1 += x * bp[1]
		s2 += x * bp[2]
		s3 += x * bp[3]
	}
	c0[0], c0[1], c0[2], c0[3] = s0, s1, s2, s3
}

// dotStrided returns s + Σ_p a[p]·b[p·stride], summed in order.
func dotStrided(s float32, a, b []float32, stride int) float32 {
	off := 0
	for _, x := range a {
		s += x * b[off]
		off += stride
	}
	return s
}

// GemmNT computes C += A·Bᵀ where A is m×k, B is n×k and C is m×n, all
// row-major. Each C[i,j] is summed in increasing k order.
func GemmNT(m, n, k int, a, b, c []float32) {
	checkShape("GemmNT", m, n, k, len(a), len(b), len(c))
	if m == 0 || n == 0 || k == 0 {
		return
	}
	i := 0
	for ; i+4 <= m; i += 4 {
		a0 := a[i*k : i*k+k]
		a1 := a[(i+1)*k : (i+1)*k+k]
		a2 := a[(i+2)*k : (i+2)*k+k]
		a3 := a[(i+3)*k : (i+3)*k+k]
		c0 := c[i*n : i*n+n]
		c1 := c[(i+1)*n : (i+1)*n+n]
		c2 := c[(i+2)*n : (i+2)*n+n]
		c3 := c[(i+3)*n : (i+3)*n+n]
		j := 0
		for ; j+4 <= n; j += 4 {
			nt4x4(a0, a1, a2, a3,
				b[j*k:j*k+k], b[(j+1)*k:(j+1)*k+k], b[(j+2)*k:(j+2)*k+k], b[(j+3)*k:(j+3)*k+k],
				c0[j:j+4], c1[j:j+4], c2[j:j+4], c3[j:j+4])
		}
		for ; j < n; j++ {
			br := b[j*k : j*k+k]
			c0[j] = dot(c0[j], a0, br)
			c1[j] = dot(c1[j], a1, br)
			c2[j] = dot(c2[j], a2, br)
			c3[j] = dot(c3[j], a3, br)
		}
	}
	for ; i < m; i++ {
		ar := a[i*k : i*k+k]
		cr := c[i*n : i*n+n]
		for j := range cr {
			cr[j] = dot(cr[j], ar, b[j*k:j*k+k])
		}
	}
}

// nt4x4 accumulates the 4×4 block C[r][s] += a_r·b_s of row dot products.
func nt4x4(a0, a1, a2, a3, b0, b1, b2, b3 []float32, c0, c1, c2, c3 []float32) {
	a1 = a1[:len(a0)]
	a2 = a2[:len(a0)]
	a3 = a3[:len(a0)]
	b0 = b0[:len(a0)]
	b1 = b1[:len(a0)]
	b2 = b2[:len(a0)]
	b3 = b3[:len(a0)]
	c0, c1, c2, c3 = c0[:4], c1[:4], c2[:4], c3[:4]
	s00, s01, s02, s03 := c0[0], c0[1], c0[2], c0[3]
	s10, s11, s12, s13 := c1[0], c1[1], c1[2], c1[3]
	s20, s21, s22, s23 := c2[0], c2[1], c2[2], c2[3]
	s30, s31, s32, s33 := c3[0], c3[1], c3[2], c3[3]
	for p, x0 := range a0 {
		x1, x2, x3 := a1[p], a2[p], a3[p]
		y0, y1, y2, y3 := b0[p], b1[p], b2[p], b3[p]
		s00 += x0 * y0
		s01 += x0 * y1
		s02 += x0 * y2
		s03 += x0 * y3
		s10 += x1 * y0
		s11 += x1 * y1
		s12 += x1 * y2
		s13 += x1 * y3
		s20 += x2 * y0
		s21 += x2 * y1
		s22 += x2 * y2
		s23 += x2 * y3
		s30 += x3 * y0
		s31 += x3 * y1
		s32 += x3 * y2
		s33 += x3 * y3
	}
	c0[0], c0[1], c0[2], c0[3] = s00, s01, s02, s03
	c1[0], c1[1], c1[2], c1[3] = s10, s11, s12, s13
	c2[0], c2[1], c2[2], c2[3] = s20, s21, s22, s23
	c3[0], c3[1], c3[2], c3[3] = s30, s31, s32, s33
}

// dot returns s + Σ_p a[p]·b[p] summed in order; len(b) ≥ len(a).
func dot(s float32, a, b []float32) float32 {
	b = b[:len(a)]
	for p, x := range a {
		s += x * b[p]
	}
	return s
}

// GemmTN computes C += Aᵀ·B where A is k×m, B is k×n and C is m×n, all
// row-major. Each C[i,j] is summed in increasing k order.
func GemmTN(m, n, k int, a, b, c []float32) {
	checkShape("GemmTN", m, n, k, len(a), len(b), len(c))
	if m == 0 || n == 0 || k == 0 {
		return
	}
	i := 0
	for ; i+4 <= m; i += 4 {
		c0 := c[i*n : i*n+n]
		c1 := c[(i+1)*n : (i+1)*n+n]
		c2 := c[(i+2)*n : (i+2)*n+n]
		c3 := c[(i+3)*n : (i+3)*n+n]
		j := 0
		for ; j+4 <= n; j += 4 {
			tn4x4(k, a[i:], m, b[j:], n, c0[j:j+4], c1[j:j+4], c2[j:j+4], c3[j:j+4])
		}
		for ; j < n; j++ {
			var s0, s1, s2, s3 = c0[j], c1[j], c2[j], c3[j]
			ao, bo := i, j
			for p := 0; p < k; p++ {
				ap := a[ao : ao+4 : ao+4]
				y := b[bo]
				s0 += ap[0] * y
				s1 += ap[1] * y
				s2 += ap[2] * y
				s3 += ap[3] * y
				ao += m
				bo += n
			}
			c0[j], c1[j], c2[j], c3[j] = s0, s1, s2, s3
		}
	}
	for ; i < m; i++ {
		cr := c[i*n : i*n+n]
		for j := range cr {
			s := cr[j]
			ao, bo := i, j
			for p := 0; p < k; p++ {
				s += a[ao] * b[bo]
				ao += m
				bo += n
			}
			cr[j] = s
		}
	}
}

// tn4x4 accumulates a 4×4 block of C from four columns of A (stride lda)
// and four columns of B (stride ldb) over k rows.
func tn4x4(k int, a []float32, lda int, b []float32, ldb int, c0, c1, c2, c3 []float32) {
	c0, c1, c2, c3 = c0[:4], c1[:4], c2[:4], c3[:4]
	s00, s01, s02, s03 := c0[0], c0[1], c0[2], c0[3]
	s10, s11, s12, s13 := c1[0], c1[1], c1[2], c1[3]
	s20, s21, s22, s23 := c2[0], c2[1], c2[2], c2[3]
	s30, s31, s32, s33 := c3[0], c3[1], c3[2], c3[3]
	ao, bo := 0, 0
	for p := 0; p < k; p++ {
		ap := a[ao : ao+4 : ao+4]
		bp := b[bo : bo+4 : bo+4]
		ao += lda
		bo += ldb
		x0, x1, x2, x3 := ap[0], ap[1], ap[2], ap[3]
		y0, y1, y2, y3 := bp[0], bp[1], bp[2], bp[3]
		s00 += x0 * y0
		s01 += x0 * y1
		s02 += x0 * y2
		s03 += x0 * y3
		s10 += x1 * y0
		s11 += x1 * y1
		s12 += x1 * y2
		s13 += x1 * y3
		s20 += x2 * y0
		s21 += x2 * y1
		s22 += x2 * y2
		s23 += x2 * y3
		s30 += x3 * y0
		s31 += x3 * y1
		s32 += x3 * y2
		s33 += x3 * y3
	}
	c0[0], c0[1], c0[2], c0[3] = s00, s01, s02, s03
	c1[0], c1[1], c1[2], c1[3] = s10, s11, s12, s13
	c2[0], c2[1], c2[2], c2[3] = s20, s21, s22, s23
	c3[0], c3[1], c3[2], c3[3] = s30, s31, s32, s33
}
