package viewfile

import (
	"math"

	"latentlab/core/infer"
)

// Suffix is what a view file's name adds to its model's name: the view of
// models/NAME.llm is models/NAME-view.bin.
const Suffix = "-view.bin"

// MaxPixelError bounds how far (in pixel intensity, 0–1) a view's decodes
// may be from the model's: viewgen refuses to write a view beyond it. For
// vae-mnist-2d (over the grid and 1,000 held-out codes) the largest difference is 0.025 (6.4/255, one pixel of one
// latent point) and the mean 0.0004 (0.1/255); float16 weights would be
// exact to 1e-3 at twice the download.
const MaxPixelError = 0.03

// MaxPixelDiff returns the largest difference between the pixels net
// decodes and those v's decoder decodes, over a 21×21 grid of the first
// two latent dimensions in [−4, 4] (the others 0) and v's held-out codes.
func MaxPixelDiff(net *infer.Network, v *View) float64 {
	worst := 0.0
	q := v.Network()
	cmp := func(z []float32) {
		a, b := net.Decode(z), q.Decode(z)
		for i := range a {
			worst = max(worst, math.Abs(float64(a[i]-b[i])))
		}
	}
	z := make([]float32, v.Latent)
	for i := range 21 {
		for j := range 21 {
			clear(z)
			z[0] = float32(-4 + 0.4*float64(i))
			if len(z) > 1 {
				z[1] = float32(-4 + 0.4*float64(j))
			}
			cmp(z)
		}
	}
	for i := range v.N {
		cmp(v.Mu[i*v.Latent : (i+1)*v.Latent])
	}
	return worst
}
