// Package linalg is the small dense linear algebra Latent Lab needs where
// gonum cannot go (the page, app.wasm, and the engine worker, which stays
// small): the eigen-decomposition of a small symmetric matrix by cyclic
// Jacobi rotations, and from it singular values and right singular vectors.
// Matrices are row-major []float64. gonum is its test oracle.
//
// For a rows×cols matrix A the singular values σ₁ ≥ σ₂ ≥ … are the square
// roots of the eigenvalues of AᵀA (cols×cols) or, equally, of AAᵀ
// (rows×rows); the package uses the smaller one. The right singular vector
// v_k is the eigenvector of AᵀA for σ_k²: moving x by δ along v_k moves Ax
// by σ_k·|δ|.
package linalg

import (
	"math"
	"sort"
)

// SymEigen returns the eigenvalues of the symmetric n×n matrix a (not
// modified) in decreasing order and, as the rows of an n×n matrix, their
// unit eigenvectors.
func SymEigen(a []float64, n int) (values, vectors []float64) {
	g := append([]float64(nil), a[:n*n]...)
	v := make([]float64, n*n)
	for i := range n {
		v[i*n+i] = 1
	}
	for sweep := 0; sweep < 100; sweep++ {
		var off, diag float64
		for i := range n {
			diag += g[i*n+i] * g[i*n+i]
			for j := i + 1; j < n; j++ {
				off += g[i*n+j] * g[i*n+j]
			}
		}
		if off == 0 || off <= 1e-30*diag {
			break
		}
		for p := range n {
			for q := p + 1; q < n; q++ {
				rotate(g, v, n, p, q)
			}
		}
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return g[order[i]*n+order[i]] > g[order[j]*n+order[j]] })
	values, vectors = make([]float64, n), make([]float64, n*n)
	for k, i := range order {
		values[k] = g[i*n+i]
		for r := range n {
			vectors[k*n+r] = v[r*n+i] // column i of the accumulated rotations
		}
	}
	return values, vectors
}

// rotate applies the Jacobi rotation that zeroes g[p][q] to g (both sides)
// and accumulates it into v's columns.
func rotate(g, v []float64, n, p, q int) {
	apq := g[p*n+q]
	if apq == 0 {
		return
	}
	theta := (g[q*n+q] - g[p*n+p]) / (2 * apq)
	t := 1 / (math.Abs(theta) + math.Sqrt(theta*theta+1))
	if theta < 0 {
		t = -t
	}
	c := 1 / math.Sqrt(t*t+1)
	s := t * c
	for k := range n {
		gkp, gkq := g[k*n+p], g[k*n+q]
		g[k*n+p], g[k*n+q] = c*gkp-s*gkq, s*gkp+c*gkq
	}
	for k := range n {
		gpk, gqk := g[p*n+k], g[q*n+k]
		g[p*n+k], g[q*n+k] = c*gpk-s*gqk, s*gpk+c*gqk
	}
	for k := range n {
		vkp, vkq := v[k*n+p], v[k*n+q]
		v[k*n+p], v[k*n+q] = c*vkp-s*vkq, s*vkp+c*vkq
	}
}

// gram returns AᵀA (cols×cols) when transpose, else AAᵀ (rows×rows).
func gram(a []float64, rows, cols int, transpose bool) []float64 {
	if transpose {
		g := make([]float64, cols*cols)
		for r := range rows {
			row := a[r*cols : (r+1)*cols]
			for i, ai := range row {
				if ai == 0 {
					continue
				}
				gi := g[i*cols : (i+1)*cols]
				for j, aj := range row {
					gi[j] += ai * aj
				}
			}
		}
		return g
	}
	g := make([]float64, rows*rows)
	for i := range rows {
		ai := a[i*cols : (i+1)*cols]
		for j := i; j < rows; j++ {
			aj := a[j*cols : (j+1)*cols]
			var s float64
			for k, v := range ai {
				s += v * aj[k]
			}
			g[i*rows+j], g[j*rows+i] = s, s
		}
	}
	return g
}

func sqrts(ev []float64) []float64 {
	for i, v := range ev {
		ev[i] = math.Sqrt(math.Max(v, 0))
	}
	return ev
}

// SingularValues returns the min(rows, cols) singular values of the
// rows×cols matrix a in decreasing order, and ‖a‖²_F (= Σ σ_k²).
func SingularValues(a []float64, rows, cols int) (sv []float64, frob2 float64) {
	small := cols <= rows
	n := rows
	if small {
		n = cols
	}
	g := gram(a, rows, cols, small)
	for i := range n {
		frob2 += g[i*n+i]
	}
	ev, _ := SymEigen(g, n)
	return sqrts(ev), frob2
}

// RightSingular returns the singular values of the rows×cols matrix a for
// which cols ≤ rows (a tall or square matrix, such as an encoder Jacobian
// at a 2-D input), in decreasing order, and their right singular vectors as
// the rows of a cols×cols matrix.
func RightSingular(a []float64, rows, cols int) (sv, v []float64) {
	ev, v := SymEigen(gram(a, rows, cols, true), cols)
	return sqrts(ev), v
}
