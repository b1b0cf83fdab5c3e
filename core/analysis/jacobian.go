package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"

	"latentlab/core/infer"
	"latentlab/core/linalg"
	"latentlab/core/nn"
)

// Jacobian returns the encoder's Jacobian ∂f/∂x at x as a Latent×Input
// row-major matrix (for a VAE, of μ), computed analytically in float64 by
// the chain rule J = D_L W_L ⋯ D_1 W_1 (infer.Network.Jacobian).
func Jacobian(net *infer.Network, x []float32) ([]float64, error) {
	if err := checkNet(net); err != nil {
		return nil, err
	}
	if len(x) != net.Input {
		return nil, fmt.Errorf("analysis: jacobian at a point of %d values, want %d", len(x), net.Input)
	}
	return net.Jacobian(x), nil
}

// SingularValues returns the singular values of a Latent×Input Jacobian in
// decreasing order and its squared Frobenius norm ‖J‖²_F (linalg).
func SingularValues(j []float64, rows, cols int) (sv []float64, frob2 float64) {
	return linalg.SingularValues(j, rows, cols)
}

// Of says what Sensitivity measures the movement of.
type Of int

// What Sensitivity measures.
const (
	Code           Of = iota // the encoder's output f(x) (μ for a VAE): how contractive the code is
	Reconstruction           // the reconstruction r(x) = g(f(x)): how contractive the whole autoencoder is
)

// ParseOf reads "code" or "reconstruction" ("" is the code).
func ParseOf(s string) (Of, error) {
	switch s {
	case "", "code":
		return Code, nil
	case "reconstruction":
		return Reconstruction, nil
	}
	return Code, fmt.Errorf("analysis: measure %q: want code or reconstruction", s)
}

// Sensitivity estimates the contraction ratio
//
//	ρ = E_x E_ε ‖m(x+ε) − m(x)‖ / ‖ε‖,  ε ~ N(0, s²I)
//
// of m, the code or the reconstruction, over the rows of x (n×Input) with
// draws noise vectors per row from rng. It returns the mean and its
// standard error over the rows.
func Sensitivity(net *infer.Network, x []float32, of Of, s float64, draws int, rng *rand.Rand) (mean, stderr float64, err error) {
	if err := checkNet(net); err != nil {
		return 0, 0, err
	}
	n, err := rowsOf("input", x, net.Input)
	if err != nil {
		return 0, 0, err
	}
	if !(s > 0) || math.IsInf(s, 0) || draws < 1 || draws > 10000 || rng == nil {
		return 0, 0, fmt.Errorf("analysis: contraction ratio needs noise scale > 0 (got %g), 1…10000 draws (got %d) and a generator", s, draws)
	}
	m := newMap(net, of)
	D := net.Input
	xe := make([]float32, D)
	var sum, sq float64
	for r := 0; r < n; r++ {
		xr := x[r*D : (r+1)*D]
		base := append([]float32(nil), m.apply(xr)...)
		var row float64
		for k := 0; k < draws; k++ {
			var en float64
			for i := range xe {
				e := s * nn.NormFloat64(rng)
				xe[i] = xr[i] + float32(e)
				d := float64(xe[i] - xr[i])
				en += d * d
			}
			var fn float64
			for j, v := range m.apply(xe) {
				d := float64(v) - float64(base[j])
				fn += d * d
			}
			if en > 0 {
				row += math.Sqrt(fn / en)
			}
		}
		row /= float64(draws)
		sum += row
		sq += row * row
	}
	mean = sum / float64(n)
	if n > 1 {
		stderr = math.Sqrt(math.Max(sq-float64(n)*mean*mean, 0) / float64(n-1) / float64(n))
	}
	return mean, stderr, nil
}

// measured maps inputs to what Sensitivity measures, reusing its buffers.
type measured struct {
	net       *infer.Network
	of        Of
	ws        infer.Workspace
	code, out []float32
}

func newMap(net *infer.Network, of Of) *measured {
	return &measured{net: net, of: of, code: make([]float32, net.Encoder.Out()), out: make([]float32, net.Input)}
}

func (m *measured) apply(x []float32) []float32 {
	m.code = m.net.EncodeInto(&m.ws, m.code, x)
	if m.of == Code {
		return m.code[:m.net.Latent]
	}
	m.out = m.net.DecodeInto(&m.ws, m.out, m.code[:m.net.Latent])
	return m.out
}
