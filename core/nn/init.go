package nn

import (
	"math"
	"math/rand/v2"

	"latentlab/core/kernel"
)

// GlorotUniform fills W with draws from U(−a, a), a = √(6/(In+Out)), and
// zeroes the biases (Glorot and Bengio, 2010).
func GlorotUniform(d *Dense, rng *rand.Rand) {
	a := math.Sqrt(6 / float64(d.In+d.Out))
	for i := range d.W {
		d.W[i] = float32((2*rng.Float64() - 1) * a)
	}
	clear(d.B)
}

// HeNormal fills W with draws from N(0, 2/In) and zeroes the biases (He et
// al., 2015), suited to ReLU layers.
func HeNormal(d *Dense, rng *rand.Rand) {
	s := math.Sqrt(2 / float64(d.In))
	for i := range d.W {
		d.W[i] = float32(s * NormFloat64(rng))
	}
	clear(d.B)
}

// NormFloat64 returns a standard normal draw from rng by Marsaglia's polar
// method. Unlike rand.NormFloat64 it uses only portable arithmetic
// (kernel.Log and the exactly rounded square root), so a seed gives the same
// draws natively and under js/wasm.
func NormFloat64(rng *rand.Rand) float64 {
	for {
		u := 2*rng.Float64() - 1
		v := 2*rng.Float64() - 1
		s := u*u + v*v
		if s > 0 && s < 1 {
			return u * math.Sqrt(-2*kernel.Log(s)/s)
		}
	}
}
