package cae

import (
	"fmt"
	"math/rand/v2"
)

// The corruptions of mnist-features: one kind and one level, used both by
// the DAE's training (core/model's corruption, set through the engine) and
// for the corrupted test digits the three models reconstruct.
const (
	CorruptGaussian = "gaussian" // x̃ = x + σξ, ξ ~ N(0, I); level σ
	CorruptMask     = "mask"     // each pixel set to 0 with probability p; level p
	CorruptSalt     = "salt"     // each pixel set to 0 or 1 (equal chance) with probability ν; level ν
)

// Corruptions lists the kinds, in the order the control shows them.
var Corruptions = []string{CorruptGaussian, CorruptMask, CorruptSalt}

// corruptionLabels are the kinds' names in the control.
var corruptionLabels = map[string]string{
	CorruptGaussian: "Gaussian noise", CorruptMask: "masking", CorruptSalt: "salt and pepper",
}

// maxProb keeps a masking or salt-and-pepper level below 1 (core refuses 1:
// nothing of the input would be left).
const maxProb = 0.95

// Corruption is a corruption kind with its level.
type Corruption struct {
	Kind  string
	Level float64
}

// Symbol is the level's name in the lesson's notation: σ, p or ν.
func (c Corruption) Symbol() string {
	switch c.Kind {
	case CorruptMask:
		return "p"
	case CorruptSalt:
		return "ν"
	}
	return "σ"
}

// String describes the corruption as the widget's captions do:
// "salt and pepper, ν = 0.2".
func (c Corruption) String() string {
	return fmt.Sprintf("%s, %s = %.2g", corruptionLabels[c.Kind], c.Symbol(), c.level())
}

func (c Corruption) level() float64 {
	if c.Kind != CorruptGaussian {
		return min(max(c.Level, 0), maxProb)
	}
	return max(c.Level, 0)
}

// Engine returns the DAE's settings for the corruption: Gaussian σ, masking
// p and salt-and-pepper ν (spec.Config's NoiseStd, MaskProb, SaltProb).
func (c Corruption) Engine() (noise, mask, salt float64) {
	switch c.Kind {
	case CorruptMask:
		return 0, c.level(), 0
	case CorruptSalt:
		return 0, 0, c.level()
	}
	return c.level(), 0, 0
}

// Apply returns corrupted copies of the images (pixels in [0, 1]), drawn
// from a generator seeded with seed: the same process the DAE trains with,
// with Gaussian noise clipped to [0, 1] so that the corrupted digit is an
// image like the others.
func (c Corruption) Apply(images [][]float32, seed uint64) [][]float32 {
	rng := rand.New(rand.NewPCG(seed, 5))
	noise, mask, salt := c.Engine()
	out := make([][]float32, len(images))
	for k, img := range images {
		n := make([]float32, len(img))
		for i, v := range img {
			switch {
			case mask > 0 && rng.Float64() < mask:
				v = 0
			case salt > 0 && rng.Float64() < salt:
				v = float32(rng.IntN(2))
			case noise > 0:
				v = min(max(v+float32(noise*rng.NormFloat64()), 0), 1)
			}
			n[i] = v
		}
		out[k] = n
	}
	return out
}
