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

// NormalQuantile returns Φ⁻¹(p), the standard normal quantile, for 0 < p < 1
// (Acklam's rational approximation refined by one Halley step; |error| < 1e-12).
func NormalQuantile(p float64) float64 {
	if p <= 0 {
		return math.Inf(-1)
	}
	if p >= 1 {
		return math.Inf(1)
	}
	a := [6]float64{-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00}
	b := [5]float64{-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01}
	c := [6]float64{-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00}
	d := [4]float64{7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00}
	var x float64
	switch {
	case p < 0.02425:
		q := math.Sqrt(-2 * math.Log(p))
		x = (((((c[0]*q+c[1])*q+c[2])*q+c[3])*q+c[4])*q + c[5]) / ((((d[0]*q+d[1])*q+d[2])*q+d[3])*q + 1)
	case p > 1-0.02425:
		q := math.Sqrt(-2 * math.Log(1-p))
		x = -(((((c[0]*q+c[1])*q+c[2])*q+c[3])*q+c[4])*q + c[5]) / ((((d[0]*q+d[1])*q+d[2])*q+d[3])*q + 1)
	default:
		q := p - 0.5
		r := q * q
		x = (((((a[0]*r+a[1])*r+a[2])*r+a[3])*r+a[4])*r + a[5]) * q / (((((b[0]*r+b[1])*r+b[2])*r+b[3])*r+b[4])*r + 1)
	}
	e := 0.5*math.Erfc(-x/math.Sqrt2) - p
	u := e * math.Sqrt(2*math.Pi) * math.Exp(x*x/2)
	return x - u/(1+x*u/2)
}
