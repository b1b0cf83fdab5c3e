package nn

import (
	"latentlab/core/infer"
	"latentlab/core/kernel"
)

// Activation is an element-wise nonlinearity; it is infer's type so that a
// trained layer converts to an inference layer without translation.
type Activation = infer.Activation

// The supported activations.
const (
	Identity = infer.Identity
	Sigmoid  = infer.Sigmoid
	Tanh     = infer.Tanh
	ReLU     = infer.ReLU
)

// Apply replaces every v[i] by φ(v[i]). The nonlinear functions are
// evaluated in float64 with package kernel's portable math and rounded once,
// so results are the same on every platform.
func Apply(act Activation, v []float32) {
	switch act {
	case Sigmoid:
		for i, z := range v {
			v[i] = float32(kernel.Sigmoid(float64(z)))
		}
	case Tanh:
		for i, z := range v {
			v[i] = float32(kernel.Tanh(float64(z)))
		}
	case ReLU:
		kernel.ReLU(v)
	}
}

// MulDeriv multiplies g[i] by φ′ evaluated at the point whose output is
// y[i]: it turns ∂L/∂Y into ∂L/∂Z in place.
func MulDeriv(act Activation, g, y []float32) {
	switch act {
	case Sigmoid:
		kernel.MulSigmoidDeriv(g, y)
	case Tanh:
		kernel.MulTanhDeriv(g, y)
	case ReLU:
		kernel.MaskReLU(g, y)
	}
}
