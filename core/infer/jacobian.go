package infer

import "math"

// Jacobian returns the encoder's Jacobian ∂f/∂x at x — of the code, or of
// μ for a VAE — as a Latent×Input row-major matrix in float64, by the chain
// rule through the layers: J = D_L W_L ⋯ D_1 W_1 with D_l = diag(φ′(z_l)).
// core/analysis checks it against finite differences.
func (n *Network) Jacobian(x []float32) []float64 {
	in := len(x)
	a := make([]float64, in)
	for i, v := range x {
		a[i] = float64(v)
	}
	var j []float64 // rows×in: the layer outputs' derivatives by the inputs (nil: the identity)
	for li, d := range n.Encoder {
		out := d.Out
		if li == len(n.Encoder)-1 {
			out = n.Latent // a VAE's last layer also outputs log σ²: μ only
		}
		next := make([]float64, out*in)
		act := make([]float64, out)
		for o := range out {
			w := d.W[o*d.In : (o+1)*d.In]
			z := float64(d.B[o])
			for i, wi := range w {
				z += float64(wi) * a[i]
			}
			y, slope := derivative(d.Act, z)
			act[o] = y
			dst := next[o*in : (o+1)*in]
			for k, wk := range w {
				if wk == 0 || slope == 0 {
					continue
				}
				if j == nil {
					dst[k] = slope * float64(wk)
					continue
				}
				c := slope * float64(wk)
				for i, v := range j[k*in : (k+1)*in] {
					dst[i] += c * v
				}
			}
		}
		j, a = next, act
	}
	return j
}

// derivative returns φ(z) and φ′(z) in float64.
func derivative(act Activation, z float64) (y, slope float64) {
	switch act {
	case Sigmoid:
		y = 1 / (1 + math.Exp(-z))
		return y, y * (1 - y)
	case Tanh:
		y = math.Tanh(z)
		return y, 1 - y*y
	case ReLU:
		if z > 0 {
			return z, 1
		}
		return 0, 0
	}
	return z, 1
}
