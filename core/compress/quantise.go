package compress

import (
	"fmt"
	"math"
)

// MaxBits is the most bits per latent dimension Quantise accepts.
const MaxBits = 16

// Rate is the size in bits of one image's code: latent dimensions × bits
// per dimension.
func Rate(latent, bits int) int { return latent * bits }

// Quantiser maps code values to one of 2^Bits levels that are equally
// probable under the VAE's prior N(0, 1): level k holds the z with
// Φ(z) ∈ [k/2^b, (k+1)/2^b), and decodes to the level's median
// Φ⁻¹((k + ½)/2^b). Fine where the prior puts mass, coarse in its tails.
type Quantiser struct{ Bits int }

// NewQuantiser returns the quantiser with bits bits per dimension (1 to
// MaxBits).
func NewQuantiser(bits int) (Quantiser, error) {
	if bits < 1 || bits > MaxBits {
		return Quantiser{}, fmt.Errorf("quantiser: %d bits per dimension; want 1 to %d", bits, MaxBits)
	}
	return Quantiser{Bits: bits}, nil
}

// Levels is 2^Bits.
func (q Quantiser) Levels() int { return 1 << q.Bits }

// Level is the level of code value z.
func (q Quantiser) Level(z float32) int {
	n := q.Levels()
	u := 0.5 * math.Erfc(-float64(z)/math.Sqrt2) // Φ(z), accurate in both tails
	k := int(u * float64(n))
	if math.IsNaN(u) {
		k = n / 2
	}
	return min(max(k, 0), n-1)
}

// Value is the code value level k decodes to.
func (q Quantiser) Value(k int) float32 {
	p := (float64(k) + 0.5) / float64(q.Levels())
	return float32(math.Sqrt2 * math.Erfinv(2*p-1))
}

// Round quantises every value of z and writes the decoded values to dst
// (allocated when nil), returning dst.
func (q Quantiser) Round(dst, z []float32) []float32 {
	if dst == nil {
		dst = make([]float32, len(z))
	}
	for i, v := range z {
		dst[i] = q.Value(q.Level(v))
	}
	return dst
}
