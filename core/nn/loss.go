package nn

import (
	"fmt"

	"latentlab/core/kernel"
)

// BCEWithLogits returns the Bernoulli negative log-likelihood of targets x
// (in [0,1]) under logits a, summed over the dim features of each row and
// averaged over the rows:
//
//	L = (1/B) Σ_b Σ_d softplus(a_bd) − x_bd·a_bd
//
// It writes ∂L/∂a = (σ(a) − x)·scale/B into grad (scale lets a caller weight
// the term) and the per-row losses into perRow if it is non-nil. The sums
// are in float64.
func BCEWithLogits(grad, perRow, a, x []float32, dim int, scale float64) float64 {
	checkLoss("BCEWithLogits", grad, a, x, dim)
	rows := len(a) / dim
	g := float32(scale / float64(rows))
	var total float64
	for r := 0; r < rows; r++ {
		ar := a[r*dim : (r+1)*dim]
		xr := x[r*dim : (r+1)*dim]
		gr := grad[r*dim : (r+1)*dim]
		s := kernel.BernoulliNLL(gr, ar, xr, g)
		if perRow != nil {
			perRow[r] = float32(s)
		}
		total += s
	}
	return total / float64(rows)
}

// HalfSquaredError returns the mean over rows of ½‖y − x‖² (the Gaussian
// negative log-likelihood with unit variance, without its constant
// ½·dim·log 2π) and writes ∂L/∂y = (y − x)·scale/B into grad. perRow, if
// non-nil, receives the per-row losses. The sums are in float64.
func HalfSquaredError(grad, perRow, y, x []float32, dim int, scale float64) float64 {
	checkLoss("HalfSquaredError", grad, y, x, dim)
	rows := len(y) / dim
	g := float32(scale / float64(rows))
	var total float64
	for r := 0; r < rows; r++ {
		yr := y[r*dim : (r+1)*dim]
		xr := x[r*dim : (r+1)*dim]
		gr := grad[r*dim : (r+1)*dim]
		xr, gr = xr[:len(yr)], gr[:len(yr)]
		var s float64
		for d, v := range yr {
			e := v - xr[d]
			s += 0.5 * float64(e) * float64(e)
			gr[d] = e * g
		}
		if perRow != nil {
			perRow[r] = float32(s)
		}
		total += s
	}
	return total / float64(rows)
}

func checkLoss(name string, grad, a, x []float32, dim int) {
	if dim <= 0 || len(a)%dim != 0 || len(a) == 0 || len(x) != len(a) || len(grad) != len(a) {
		panic(fmt.Sprintf("nn: %s: lengths grad=%d input=%d target=%d dim=%d", name, len(grad), len(a), len(x), dim))
	}
}
