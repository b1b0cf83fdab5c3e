package model

import (
	"math"
	"testing"

	"latentlab/core/spec"
)

// corruptOnce builds a DAE on inputs that are all 0.5, draws one batch and
// corrupts it, so every corrupted input can be told apart from a kept one.
func corruptOnce(t *testing.T, edit func(*Config)) (kept, zero, one, other int) {
	t.Helper()
	c := smallConfig(spec.DAE)
	c.NoiseStd, c.MaskProb, c.Batch = 0, 0, 200
	edit(&c)
	x := make([]float32, 200*c.Input)
	for i := range x {
		x[i] = 0.5
	}
	tr, err := New(c, x)
	if err != nil {
		t.Fatal(err)
	}
	rows := tr.nextBatch()
	for _, v := range tr.corrupt(rows) {
		switch v {
		case 0.5:
			kept++
		case 0:
			zero++
		case 1:
			one++
		default:
			other++
		}
	}
	return
}

// within reports whether count is within 5 standard deviations of n·p.
func within(count, n int, p float64) bool {
	sd := math.Sqrt(float64(n) * p * (1 - p))
	return math.Abs(float64(count)-float64(n)*p) <= 5*sd
}

// Salt and pepper sets a fraction ν of the inputs to 0 or 1, half each, and
// keeps the rest exactly.
func TestSaltAndPepperCorruption(t *testing.T) {
	const nu = 0.3
	kept, zero, one, other := corruptOnce(t, func(c *Config) { c.SaltProb = nu })
	n := kept + zero + one + other
	if other != 0 || !within(zero+one, n, nu) || !within(zero, n, nu/2) || !within(one, n, nu/2) {
		t.Fatalf("ν = %g over %d inputs: kept %d, set to 0 %d, set to 1 %d, other %d", nu, n, kept, zero, one, other)
	}
}

// Masking zeroes a fraction p and nothing else; masking first, then salt
// and pepper on the unmasked inputs: P(0) = p + (1−p)ν/2, P(1) = (1−p)ν/2.
func TestMaskingThenSaltAndPepper(t *testing.T) {
	kept, zero, one, other := corruptOnce(t, func(c *Config) { c.MaskProb = 0.25 })
	n := kept + zero + one + other
	if one != 0 || other != 0 || !within(zero, n, 0.25) {
		t.Fatalf("masking p = 0.25 over %d inputs: kept %d, zero %d, one %d, other %d", n, kept, zero, one, other)
	}
	kept, zero, one, other = corruptOnce(t, func(c *Config) { c.MaskProb, c.SaltProb = 0.2, 0.5 })
	n = kept + zero + one + other
	if other != 0 || !within(zero, n, 0.2+0.8*0.25) || !within(one, n, 0.8*0.25) {
		t.Fatalf("p = 0.2, ν = 0.5 over %d inputs: kept %d, zero %d, one %d, other %d", n, kept, zero, one, other)
	}
}

// Only a DAE corrupts: the same settings on a plain AE leave its inputs as they are.
func TestOnlyTheDAECorrupts(t *testing.T) {
	kept, _, _, _ := corruptOnce(t, func(c *Config) { c.Kind, c.SaltProb = spec.AE, 0.5 })
	if kept != 200*64 {
		t.Fatalf("an AE with salt_prob 0.5 changed %d of %d inputs", 200*64-kept, 200*64)
	}
}
