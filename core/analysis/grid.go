package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"

	"latentlab/core/formula"
	"latentlab/core/infer"
	"latentlab/core/nn"
)

// GridSpec describes a square lattice of latent points over two latent
// dimensions DimX and DimY; the others are held at Base (0 when nil).
type GridSpec struct {
	N          int       // points per side, 1…64
	DimX, DimY int       // the latent dimensions spanned
	Quantile   bool      // space points at Φ⁻¹((i+½)/N) instead of uniformly
	Lo, Hi     float64   // uniform range (ignored for Quantile)
	Base       []float32 // the code the other dimensions are held at (len Latent), or nil
}

// Grid is a decoded lattice: point (row r, column c) has code
// Z[(r·N+c)·Latent:…] and image Out[(r·N+c)·Input:…]. Row 0 is the top
// (largest DimY value), column 0 the left (smallest DimX value).
type Grid struct {
	N      int
	Axis   []float64 // the N coordinates used along each axis, increasing
	Z, Out []float32
}

// LatentGrid decodes the lattice described by spec.
func LatentGrid(net *infer.Network, spec GridSpec) (*Grid, error) {
	g, err := GridCodes(net, spec)
	if err != nil {
		return nil, err
	}
	g.Out = decodeRows(net, g.Z, g.N*g.N)
	return g, nil
}

// GridCodes is LatentGrid without the decoding: the lattice's axis and
// codes, Out nil (for a caller that decodes with a decoder it keeps).
func GridCodes(net *infer.Network, spec GridSpec) (*Grid, error) {
	if err := checkNet(net); err != nil {
		return nil, err
	}
	if spec.N < 1 || spec.N > 64 {
		return nil, fmt.Errorf("analysis: grid of %d points per side, want 1…64", spec.N)
	}
	L := net.Latent
	if spec.DimX < 0 || spec.DimX >= L || spec.DimY < 0 || spec.DimY >= L {
		return nil, fmt.Errorf("analysis: grid dimensions %d, %d for a %d-dimensional latent space", spec.DimX, spec.DimY, L)
	}
	if spec.Base != nil && len(spec.Base) != L {
		return nil, fmt.Errorf("analysis: grid base code has %d values, want %d", len(spec.Base), L)
	}
	if !spec.Quantile && !(spec.Lo < spec.Hi) {
		return nil, fmt.Errorf("analysis: grid range [%g, %g] is empty", spec.Lo, spec.Hi)
	}
	n := spec.N
	axis := make([]float64, n)
	for i := range axis {
		switch {
		case spec.Quantile:
			axis[i] = formula.NormalQuantile((float64(i) + 0.5) / float64(n))
		case n == 1:
			axis[i] = (spec.Lo + spec.Hi) / 2
		default:
			axis[i] = spec.Lo + (spec.Hi-spec.Lo)*float64(i)/float64(n-1)
		}
	}
	z := make([]float32, n*n*L)
	for r := 0; r < n; r++ {
		for c := 0; c < n; c++ {
			p := z[(r*n+c)*L : (r*n+c+1)*L]
			copy(p, spec.Base)
			p[spec.DimX] = float32(axis[c])
			if spec.DimY != spec.DimX { // one dimension: every row the same
				p[spec.DimY] = float32(axis[n-1-r])
			}
		}
	}
	return &Grid{N: n, Axis: axis, Z: z}, nil
}

// SamplePrior draws n codes z ~ N(0, I) from rng and decodes them,
// returning the codes (n×Latent) and outputs (n×Input).
func SamplePrior(net *infer.Network, n int, rng *rand.Rand) (z, out []float32, err error) {
	return Sample(net, n, nil, nil, rng)
}

// CodeStats returns the mean and standard deviation of each code
// dimension over the rows of x: the diagonal Gaussian that Sample can draw
// from for an autoencoder without a prior.
func CodeStats(net *infer.Network, x []float32) (mean, std []float64, err error) {
	mu, _, err := Encode(net, x)
	if err != nil {
		return nil, nil, err
	}
	L := net.Latent
	n := len(mu) / L
	mean, std = make([]float64, L), make([]float64, L)
	for r := 0; r < n; r++ {
		for j, v := range mu[r*L : (r+1)*L] {
			mean[j] += float64(v)
			std[j] += float64(v) * float64(v)
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
		std[j] = math.Sqrt(math.Max(std[j]/float64(n)-mean[j]*mean[j], 0))
	}
	return mean, std, nil
}

// Sample draws n codes z_j ~ N(mean_j, std_j²) (mean and std nil: the prior
// N(0, I)) from rng and decodes them, returning the codes (n×Latent) and the
// outputs (n×Input).
func Sample(net *infer.Network, n int, mean, std []float64, rng *rand.Rand) (z, out []float32, err error) {
	if z, err = SampleCodes(net, n, mean, std, rng); err != nil {
		return nil, nil, err
	}
	return z, decodeRows(net, z, n), nil
}

// SampleCodes is Sample without the decoding: the same n codes from the
// same draws of rng.
func SampleCodes(net *infer.Network, n int, mean, std []float64, rng *rand.Rand) ([]float32, error) {
	if err := checkNet(net); err != nil {
		return nil, err
	}
	if n < 1 || n > 4096 {
		return nil, fmt.Errorf("analysis: %d prior samples, want 1…4096", n)
	}
	if rng == nil {
		return nil, fmt.Errorf("analysis: SamplePrior needs a random generator")
	}
	if mean != nil && (len(mean) != net.Latent || len(std) != net.Latent) {
		return nil, fmt.Errorf("analysis: sample: %d means and %d deviations for %d dimensions", len(mean), len(std), net.Latent)
	}
	z := make([]float32, n*net.Latent)
	for i := range z {
		e := nn.NormFloat64(rng)
		if mean != nil {
			j := i % net.Latent
			e = mean[j] + std[j]*e
		}
		z[i] = float32(e)
	}
	return z, nil
}
