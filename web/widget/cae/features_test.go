package cae

import (
	"math"
	"strings"
	"testing"

	"latentlab/web/engine"
	"latentlab/web/widget/kit"
)

func TestFeatureModelConfig(t *testing.T) {
	salt := Corruption{Kind: CorruptSalt, Level: 0.2}
	ae, dae, cae := FeatureModelConfig(modelAE, 0.1, salt, 7), FeatureModelConfig(modelDAE, 0.1, salt, 7), FeatureModelConfig(modelCAE, 0.1, salt, 7)
	if ae.Kind != "ae" || ae.Lambda != 0 || ae.SaltProb != 0 {
		t.Errorf("AE config %+v: want kind ae, λ 0, no corruption", ae)
	}
	if dae.Kind != "dae" || dae.Lambda != 0 || dae.SaltProb != 0.2 || dae.NoiseStd != 0 || dae.MaskProb != 0 {
		t.Errorf("DAE config %+v: want kind dae, λ 0, salt and pepper 0.2 only", dae)
	}
	if cae.Kind != "cae" || cae.Lambda != 0.1 || cae.SaltProb != 0 {
		t.Errorf("CAE config %+v: want kind cae, λ 0.1", cae)
	}
	// Everything else is R2 and identical: same architecture, seed and batches.
	dae.Kind, dae.SaltProb, ae.Kind, ae.Lambda = cae.Kind, 0, cae.Kind, cae.Lambda
	dae.Lambda = cae.Lambda
	if ae.Seed != 7 || ae.Seed != cae.Seed || dae.Seed != cae.Seed || ae.Batch != cae.Batch || ae.LR != cae.LR || ae.Latent != 128 || cae.Latent != 128 ||
		len(ae.Hidden) != 0 || ae.Hidden == nil || ae.CodeAct != "sigmoid" || ae.Output != "bernoulli" || dae.Latent != 128 || dae.CodeAct != "sigmoid" {
		t.Errorf("configs differ beyond kind, λ and corruption or are not R2: %+v vs %+v vs %+v", ae, dae, cae)
	}
	if err := dae.Validate(); err != nil {
		t.Error(err)
	}
}

// Each corruption kind sets one engine setting; a probability stays below 1.
func TestCorruptionEngine(t *testing.T) {
	for _, tc := range []struct {
		c                 Corruption
		noise, mask, salt float64
	}{
		{Corruption{CorruptGaussian, 0.5}, 0.5, 0, 0},
		{Corruption{CorruptMask, 0.25}, 0, 0.25, 0},
		{Corruption{CorruptSalt, 0.2}, 0, 0, 0.2},
		{Corruption{CorruptMask, 1}, 0, maxProb, 0},
	} {
		if n, m, s := tc.c.Engine(); n != tc.noise || m != tc.mask || s != tc.salt {
			t.Errorf("%+v: engine (%g, %g, %g), want (%g, %g, %g)", tc.c, n, m, s, tc.noise, tc.mask, tc.salt)
		}
	}
}

// The test digits are corrupted as the DAE's inputs are: masking zeroes a
// fraction p, salt and pepper sets a fraction ν to 0 or 1, Gaussian noise
// moves every pixel (clipped to [0, 1]); the same seed draws the same digits.
func TestCorruptionApply(t *testing.T) {
	img := make([]float32, 784*50)
	for i := range img {
		img[i] = 0.5
	}
	imgs := [][]float32{img}
	count := func(c Corruption, seed uint64) (kept, zero, one, other int) {
		for _, v := range c.Apply(imgs, seed)[0] {
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
	n := float64(len(img))
	near := func(k int, p float64) bool { return math.Abs(float64(k)/n-p) < 0.01 }
	if kept, zero, one, other := count(Corruption{CorruptMask, 0.25}, 1); !near(zero, 0.25) || one != 0 || other != 0 || kept+zero != len(img) {
		t.Errorf("masking 0.25: kept %d, zero %d, one %d, other %d", kept, zero, one, other)
	}
	if _, zero, one, other := count(Corruption{CorruptSalt, 0.2}, 1); !near(zero, 0.1) || !near(one, 0.1) || other != 0 {
		t.Errorf("salt and pepper 0.2: zero %d, one %d, other %d", zero, one, other)
	}
	if kept, _, _, _ := count(Corruption{CorruptGaussian, 0.3}, 1); kept > len(img)/100 {
		t.Errorf("Gaussian noise left %d of %d pixels unchanged", kept, len(img))
	}
	a, b := Corruption{CorruptSalt, 0.2}.Apply(imgs, 3)[0], Corruption{CorruptSalt, 0.2}.Apply(imgs, 3)[0]
	c := Corruption{CorruptSalt, 0.2}.Apply(imgs, 4)[0]
	if mse(a, b) != 0 || mse(a, c) == 0 {
		t.Error("the same seed must draw the same corruption, another seed another")
	}
}

func TestFeatureStatus(t *testing.T) {
	s := kit.Status{Step: 1200, Rate: 35.5, State: "paused",
		Terms: FeatureTerms(engine.Metrics{Recon: 80.25}, engine.Metrics{Recon: 85.5}, engine.Metrics{Recon: 90.5, Penalty: 12})}.String()
	for _, want := range []string{"step 1200", "AE recon 80.2", "DAE recon 85.5", "CAE recon 90.5", "CAE ‖J‖² 12", "paused"} {
		if !strings.Contains(s, want) {
			t.Errorf("status %q lacks %q", s, want)
		}
	}
}

func TestByHandFormatsNegativeZeroAsZero(t *testing.T) {
	negZero := math.Copysign(0, -1)
	if f3(negZero) != "0.0000" || g(negZero) != "0" || f3(-0.5) != "-0.5000" || g(-0.25) != "-0.25" {
		t.Fatalf("f3(−0) = %q, g(−0) = %q, f3(−0.5) = %q, g(−0.25) = %q", f3(negZero), g(negZero), f3(-0.5), g(-0.25))
	}
}

// A click anywhere on a tile, or in the gap after it, picks that tile.
func TestTileAt(t *testing.T) {
	g := kit.GridFor(24, filterCols, 28, 28, 2) // 6 × 4 tiles of 28 px, 2 px gaps
	for _, tc := range []struct {
		x, y float64
		want int
	}{{0, 0, 0}, {27.9, 27.9, 0}, {29, 29, 0}, {30, 0, 1}, {89, 59, 8}, {177, 117, 23}, {-1, 0, -1}, {180, 0, -1}, {0, 120, -1}} {
		if got := tileAt(g, tc.x, tc.y); got != tc.want {
			t.Errorf("tileAt(%g, %g) = %d, want %d", tc.x, tc.y, got, tc.want)
		}
	}
}
