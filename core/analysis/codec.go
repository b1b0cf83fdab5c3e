package analysis

import (
	"fmt"

	"latentlab/core/infer"
	"latentlab/core/kernel"
)

// checkNet validates net once per call.
func checkNet(net *infer.Network) error {
	if net == nil {
		return fmt.Errorf("analysis: nil network")
	}
	if err := net.Check(); err != nil {
		return fmt.Errorf("analysis: %w", err)
	}
	return nil
}

// rowsOf returns the number of rows of width dim in v.
func rowsOf(what string, v []float32, dim int) (int, error) {
	if len(v) == 0 || len(v)%dim != 0 {
		return 0, fmt.Errorf("analysis: %s has %d values, not a positive multiple of %d", what, len(v), dim)
	}
	return len(v) / dim, nil
}

// Encode maps the rows of x (n×Input) to their codes mu (n×Latent) and, for
// a VAE, the posterior standard deviations sigma = exp(½ log σ²) (n×Latent;
// nil otherwise).
func Encode(net *infer.Network, x []float32) (mu, sigma []float32, err error) {
	if err := checkNet(net); err != nil {
		return nil, nil, err
	}
	n, err := rowsOf("input", x, net.Input)
	if err != nil {
		return nil, nil, err
	}
	L := net.Latent
	mu = make([]float32, n*L)
	if net.IsVAE() {
		sigma = make([]float32, n*L)
	}
	var ws infer.Workspace
	out := make([]float32, net.Encoder.Out())
	for r := 0; r < n; r++ {
		out = net.EncodeInto(&ws, out, x[r*net.Input:(r+1)*net.Input])
		copy(mu[r*L:(r+1)*L], out[:L])
		if sigma != nil {
			for j, lv := range out[L:] {
				sigma[r*L+j] = float32(kernel.Exp(0.5 * float64(lv)))
			}
		}
	}
	return mu, sigma, nil
}

// Decode maps the latent rows of z (n×Latent) to decoder outputs
// (n×Input): pixel probabilities for a Bernoulli decoder, means for a
// Gaussian one.
func Decode(net *infer.Network, z []float32) ([]float32, error) {
	if err := checkNet(net); err != nil {
		return nil, err
	}
	n, err := rowsOf("latent points", z, net.Latent)
	if err != nil {
		return nil, err
	}
	return decodeRows(net, z, n), nil
}

func decodeRows(net *infer.Network, z []float32, n int) []float32 {
	out := make([]float32, n*net.Input)
	var ws infer.Workspace
	for r := 0; r < n; r++ {
		net.DecodeInto(&ws, out[r*net.Input:(r+1)*net.Input], z[r*net.Latent:(r+1)*net.Latent])
	}
	return out
}

// Reconstruct encodes the rows of x (using μ for a VAE) and decodes them.
func Reconstruct(net *infer.Network, x []float32) ([]float32, error) {
	mu, _, err := Encode(net, x)
	if err != nil {
		return nil, err
	}
	return decodeRows(net, mu, len(mu)/net.Latent), nil
}

// Interpolate decodes steps ≥ 2 evenly spaced points on the segment from
// z0 to z1 (endpoints included), returning the codes (steps×Latent) and
// the decoded outputs (steps×Input).
func Interpolate(net *infer.Network, z0, z1 []float32, steps int) (codes, out []float32, err error) {
	if err := checkNet(net); err != nil {
		return nil, nil, err
	}
	if len(z0) != net.Latent || len(z1) != net.Latent {
		return nil, nil, fmt.Errorf("analysis: interpolate: codes have %d and %d values, want %d", len(z0), len(z1), net.Latent)
	}
	if steps < 2 || steps > 1024 {
		return nil, nil, fmt.Errorf("analysis: interpolate: %d steps, want 2…1024", steps)
	}
	L := net.Latent
	codes = make([]float32, steps*L)
	for s := 0; s < steps; s++ {
		t := float32(s) / float32(steps-1)
		for j := 0; j < L; j++ {
			codes[s*L+j] = (1-t)*z0[j] + t*z1[j]
		}
	}
	return codes, decodeRows(net, codes, steps), nil
}

// FirstLayerFilters returns the weights of the encoder's first layer, one
// row of Input values per unit (units×Input), e.g. to draw 28×28 images.
func FirstLayerFilters(net *infer.Network) (filters []float32, units int, err error) {
	if err := checkNet(net); err != nil {
		return nil, 0, err
	}
	l := net.Encoder[0]
	return append([]float32(nil), l.W...), l.Out, nil
}
