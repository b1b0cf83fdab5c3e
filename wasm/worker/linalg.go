package worker

import (
	"math"
	"sort"

	"latentlab/core/infer"
)

// EncoderJacobian returns ∂μ/∂x at x, Latent×Input row-major in float64 (μ is
// the code, or the posterior mean of a VAE). It uses the chain rule through
// the layers: J = D_L W_L ⋯ D_1 W_1 with D_l = diag(act′(z_l)).
func EncoderJacobian(net *infer.Network, x []float32) []float64 {
	in := len(x)
	a := make([]float64, in)
	for i, v := range x {
		a[i] = float64(v)
	}
	var J []float64 // rows×in, starts as the identity (implicitly)
	rows := in
	for li, d := range net.Encoder {
		out := d.Out
		if li == len(net.Encoder)-1 {
			out = net.Latent // a VAE's last layer also outputs log σ²: keep μ only
		}
		z := make([]float64, out)
		for o := range out {
			s := float64(d.B[o])
			row := d.W[o*d.In : (o+1)*d.In]
			for i, w := range row {
				s += float64(w) * a[i]
			}
			z[o] = s
		}
		next := make([]float64, out*in)
		for o := range out {
			row := d.W[o*d.In : (o+1)*d.In]
			dst := next[o*in : (o+1)*in]
			if J == nil {
				for i, w := range row {
					dst[i] = float64(w)
				}
			} else {
				for k, w := range row {
					if w == 0 {
						continue
					}
					wk := float64(w)
					src := J[k*in : (k+1)*in]
					for i, v := range src {
						dst[i] += wk * v
					}
				}
			}
		}
		na := make([]float64, out)
		for o, v := range z {
			var g float64
			switch d.Act {
			case infer.Identity:
				na[o], g = v, 1
			case infer.ReLU:
				if v > 0 {
					na[o], g = v, 1
				}
			case infer.Sigmoid:
				s := 1 / (1 + math.Exp(-v))
				na[o], g = s, s*(1-s)
			case infer.Tanh:
				t := math.Tanh(v)
				na[o], g = t, 1-t*t
			}
			if g != 1 {
				r := next[o*in : (o+1)*in]
				for i := range r {
					r[i] *= g
				}
			}
		}
		J, a, rows = next, na, out
	}
	_ = rows
	return J
}

// SingularValues returns the singular values of the rows×cols matrix A
// (rows small), in descending order, and ‖A‖_F². They are the square roots of
// the eigenvalues of A·Aᵀ, found by the cyclic Jacobi method.
func SingularValues(A []float64, rows, cols int) (sv []float64, frob2 float64) {
	G := make([]float64, rows*rows)
	for i := range rows {
		for j := i; j < rows; j++ {
			var s float64
			ai, aj := A[i*cols:(i+1)*cols], A[j*cols:(j+1)*cols]
			for k := range ai {
				s += ai[k] * aj[k]
			}
			G[i*rows+j], G[j*rows+i] = s, s
		}
		frob2 += G[i*rows+i]
	}
	ev := symEigenvalues(G, rows)
	sv = make([]float64, rows)
	for i, v := range ev {
		sv[i] = math.Sqrt(math.Max(v, 0))
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(sv)))
	return sv, frob2
}

// symEigenvalues returns the eigenvalues of the symmetric n×n matrix G
// (overwritten) by cyclic Jacobi rotations.
func symEigenvalues(G []float64, n int) []float64 {
	for sweep := 0; sweep < 100; sweep++ {
		var off, diag float64
		for i := range n {
			diag += G[i*n+i] * G[i*n+i]
			for j := i + 1; j < n; j++ {
				off += G[i*n+j] * G[i*n+j]
			}
		}
		if off <= 1e-30*diag || off == 0 {
			break
		}
		for p := range n {
			for q := p + 1; q < n; q++ {
				apq := G[p*n+q]
				if apq == 0 {
					continue
				}
				theta := (G[q*n+q] - G[p*n+p]) / (2 * apq)
				t := 1 / (math.Abs(theta) + math.Sqrt(theta*theta+1))
				if theta < 0 {
					t = -t
				}
				c := 1 / math.Sqrt(t*t+1)
				s := t * c
				for k := range n {
					gkp, gkq := G[k*n+p], G[k*n+q]
					G[k*n+p] = c*gkp - s*gkq
					G[k*n+q] = s*gkp + c*gkq
				}
				for k := range n {
					gpk, gqk := G[p*n+k], G[q*n+k]
					G[p*n+k] = c*gpk - s*gqk
					G[q*n+k] = s*gpk + c*gqk
				}
			}
		}
	}
	ev := make([]float64, n)
	for i := range n {
		ev[i] = G[i*n+i]
	}
	return ev
}
