package analysis

import (
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"latentlab/core/infer"
	"latentlab/core/nn"
)

// GridSpec describes a square lattice of latent points over two latent
// dimensions DimX and DimY (the others stay 0).
type GridSpec struct {
	N          int     // points per side, 1…64
	DimX, DimY int     // the latent dimensions spanned
	Quantile   bool    // space points at Φ⁻¹((i+½)/N) instead of uniformly
	Lo, Hi     float64 // uniform range (ignored for Quantile)
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
	if err := checkNet(net); err != nil {
		return nil, err
	}
	if spec.N < 1 || spec.N > 64 {
		return nil, fmt.Errorf("analysis: grid of %d points per side, want 1…64", spec.N)
	}
	L := net.Latent
	if spec.DimX < 0 || spec.DimX >= L || spec.DimY < 0 || spec.DimY >= L || (L > 1 && spec.DimX == spec.DimY) {
		return nil, fmt.Errorf("analysis: grid dimensions %d, %d for a %d-dimensional latent space", spec.DimX, spec.DimY, L)
	}
	if !spec.Quantile && !(spec.Lo < spec.Hi) {
		return nil, fmt.Errorf("analysis: grid range [%g, %g] is empty", spec.Lo, spec.Hi)
	}
	n := spec.N
	axis := make([]float64, n)
	for i := range axis {
		switch {
		case spec.Quantile:
			axis[i] = distuv.UnitNormal.Quantile((float64(i) + 0.5) / float64(n))
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
			p[spec.DimX] = float32(axis[c])
			if L > 1 {
				p[spec.DimY] = float32(axis[n-1-r])
			}
		}
	}
	return &Grid{N: n, Axis: axis, Z: z, Out: decodeRows(net, z, n*n)}, nil
}

// SamplePrior draws n codes z ~ N(0, I) from rng and decodes them,
// returning the codes (n×Latent) and outputs (n×Input).
func SamplePrior(net *infer.Network, n int, rng *rand.Rand) (z, out []float32, err error) {
	if err := checkNet(net); err != nil {
		return nil, nil, err
	}
	if n < 1 || n > 4096 {
		return nil, nil, fmt.Errorf("analysis: %d prior samples, want 1…4096", n)
	}
	if rng == nil {
		return nil, nil, fmt.Errorf("analysis: SamplePrior needs a random generator")
	}
	z = make([]float32, n*net.Latent)
	for i := range z {
		z[i] = float32(nn.NormFloat64(rng))
	}
	return z, decodeRows(net, z, n), nil
}
