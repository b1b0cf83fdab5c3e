package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"latentlab/core/infer"
	"latentlab/core/kernel"
	"latentlab/core/nn"
)

// Jacobian returns the encoder's Jacobian ∂f/∂x at x, a Latent×Input
// matrix (for a VAE, of μ), computed analytically in float64 by the chain
// rule J = D_L W_L ⋯ D_1 W_1.
func Jacobian(net *infer.Network, x []float32) (*mat.Dense, error) {
	if err := checkNet(net); err != nil {
		return nil, err
	}
	if len(x) != net.Input {
		return nil, fmt.Errorf("analysis: jacobian at a point of %d values, want %d", len(x), net.Input)
	}
	h := make([]float64, len(x))
	for i, v := range x {
		h[i] = float64(v)
	}
	var j *mat.Dense // rows: current layer outputs; columns: inputs
	for li, l := range net.Encoder {
		out := l.Out
		if li == len(net.Encoder)-1 && net.IsVAE() {
			out = net.Latent // only μ
		}
		w := mat.NewDense(out, l.In, nil)
		next := make([]float64, out)
		for o := 0; o < out; o++ {
			z := float64(l.B[o])
			for i := 0; i < l.In; i++ {
				wv := float64(l.W[o*l.In+i])
				w.Set(o, i, wv)
				z += wv * h[i]
			}
			y, d := activate(l.Act, z)
			next[o] = y
			for i := 0; i < l.In; i++ {
				w.Set(o, i, d*w.At(o, i))
			}
		}
		if j == nil {
			j = w
		} else {
			var p mat.Dense
			p.Mul(w, j)
			j = &p
		}
		h = next
	}
	return j, nil
}

// activate returns φ(z) and φ′(z) in float64.
func activate(act infer.Activation, z float64) (y, d float64) {
	switch act {
	case infer.Sigmoid:
		y = kernel.Sigmoid(z)
		return y, y * (1 - y)
	case infer.Tanh:
		y = kernel.Tanh(z)
		return y, 1 - y*y
	case infer.ReLU:
		if z > 0 {
			return z, 1
		}
		return 0, 0
	}
	return z, 1
}

// SingularValues returns the singular values of j in decreasing order
// (gonum's SVD).
func SingularValues(j mat.Matrix) ([]float64, error) {
	var svd mat.SVD
	if !svd.Factorize(j, mat.SVDNone) {
		return nil, fmt.Errorf("analysis: SVD did not converge")
	}
	return svd.Values(nil), nil
}

// ContractionRatio estimates ρ = E ‖f(x+ε) − f(x)‖/‖ε‖ over the rows of x
// (n×Input) and draws noise vectors ε ~ N(0, s²I) per row, using rng. f is
// the encoder (μ for a VAE).
func ContractionRatio(net *infer.Network, x []float32, s float64, draws int, rng *rand.Rand) (float64, error) {
	if err := checkNet(net); err != nil {
		return 0, err
	}
	n, err := rowsOf("input", x, net.Input)
	if err != nil {
		return 0, err
	}
	if !(s > 0) || math.IsInf(s, 0) || draws < 1 || draws > 10000 || rng == nil {
		return 0, fmt.Errorf("analysis: contraction ratio needs noise scale > 0 (got %g), 1…10000 draws (got %d) and a generator", s, draws)
	}
	D, L := net.Input, net.Latent
	var ws infer.Workspace
	f0 := make([]float32, net.Encoder.Out())
	f1 := make([]float32, net.Encoder.Out())
	xe := make([]float32, D)
	var total float64
	for r := 0; r < n; r++ {
		xr := x[r*D : (r+1)*D]
		f0 = net.EncodeInto(&ws, f0, xr)
		base := append([]float64(nil), toF64(f0[:L])...)
		for k := 0; k < draws; k++ {
			var en float64
			for i := range xe {
				e := s * nn.NormFloat64(rng)
				xe[i] = xr[i] + float32(e)
				d := float64(xe[i] - xr[i])
				en += d * d
			}
			f1 = net.EncodeInto(&ws, f1, xe)
			var fn float64
			for j := 0; j < L; j++ {
				d := float64(f1[j]) - base[j]
				fn += d * d
			}
			if en > 0 {
				total += math.Sqrt(fn / en)
			}
		}
	}
	return total / float64(n*draws), nil
}

func toF64(v []float32) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}
