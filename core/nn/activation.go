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

// Apply replaces every v[i] by φ(v[i]). σ is kernel.SigmoidAll (float32,
// SIMD in SIMD builds), tanh is evaluated in float64 with kernel's portable
// math and rounded once; results are the same on every platform and build.
func Apply(act Activation, v []float32) {
	switch act {
	case Sigmoid:
		kernel.SigmoidAll(v)
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
