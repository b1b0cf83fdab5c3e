// Package impute fills in the hidden pixels of a partly observed image
// with a trained autoencoder, and measures the fill by its error on the
// hidden pixels only: mean imputation (each hidden pixel gets the training
// mean), the autoencoder's one-shot fill (reconstruct the mean-filled image
// once and keep its hidden pixels), and the iterated fill of a VAE (encode
// → decode → put the observed pixels back, again and again: each pass
// moves the image towards one the model finds likely and that agrees with
// what is observed).
//
// It is pure Go on core/infer, so the page runs it on a snapshot of the
// trained network and the native tests and lesson claims run the same code.
package impute

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"latentlab/core/infer"
)

// Mask says which pixels are observed (true) and which are hidden.
type Mask []bool

// The preset masks.
const (
	LeftHalf   = "left"   // the left half is hidden
	TopHalf    = "top"    // the top half is hidden
	Random50   = "random" // each pixel hidden with probability ½
	NoneHidden = "none"   // nothing hidden (to start a drawn mask)
)

// Presets lists the preset mask names.
var Presets = []string{LeftHalf, TopHalf, Random50}

// Preset returns the mask name for a w×h image; Random50 draws from seed.
func Preset(name string, w, h int, seed uint64) (Mask, error) {
	m := make(Mask, w*h)
	rng := rand.New(rand.NewPCG(seed, 0x1a9))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			switch name {
			case LeftHalf:
				m[y*w+x] = x >= w/2
			case TopHalf:
				m[y*w+x] = y >= h/2
			case Random50:
				m[y*w+x] = rng.IntN(2) == 0
			case NoneHidden:
				m[y*w+x] = true
			default:
				return nil, fmt.Errorf("unknown mask %q (left, top, random or none)", name)
			}
		}
	}
	return m, nil
}

// Hidden counts the hidden pixels.
func (m Mask) Hidden() int {
	n := 0
	for _, o := range m {
		if !o {
			n++
		}
	}
	return n
}

// MeanFill returns x with its hidden pixels replaced by mean.
func MeanFill(x []float32, m Mask, mean []float32) []float32 {
	out := make([]float32, len(x))
	for i := range x {
		out[i] = x[i]
		if !m[i] {
			out[i] = mean[i]
		}
	}
	return out
}

// Iterate starts from start (usually MeanFill) and n times reconstructs
// the image with net (the posterior mean for a VAE) and puts the observed
// pixels of x back. It returns the n iterates; the first is the one-shot
// fill.
func Iterate(net *infer.Network, x []float32, m Mask, start []float32, n int) ([][]float32, error) {
	if len(x) != net.Input || len(m) != len(x) || len(start) != len(x) {
		return nil, fmt.Errorf("impute: image of %d pixels, mask of %d, start of %d for a %d-input network", len(x), len(m), len(start), net.Input)
	}
	if n < 1 {
		return nil, errors.New("impute: at least one iteration")
	}
	out := make([][]float32, n)
	cur := start
	for k := range out {
		r := net.Reconstruct(cur)
		for i := range r {
			if m[i] {
				r[i] = x[i]
			}
		}
		out[k], cur = r, r
	}
	return out, nil
}

// HiddenError is the mean squared error of y against x over the hidden
// pixels of m (0 when nothing is hidden).
func HiddenError(x, y []float32, m Mask) float64 {
	s, n := 0.0, 0
	for i := range x {
		if !m[i] {
			d := float64(x[i]) - float64(y[i])
			s += d * d
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return s / float64(n)
}

// Mean is the per-pixel mean of n rows of dim values.
func Mean(x []float32, dim int) []float32 {
	mean := make([]float32, dim)
	n := len(x) / dim
	acc := make([]float64, dim)
	for i := 0; i < n; i++ {
		for j := 0; j < dim; j++ {
			acc[j] += float64(x[i*dim+j])
		}
	}
	for j := range mean {
		mean[j] = float32(acc[j] / float64(max(n, 1)))
	}
	return mean
}
