package cae

import (
	"math"
	"strings"
	"testing"

	"latentlab/web/engine"
	"latentlab/web/widget/kit"
)

func TestFeatureModelConfig(t *testing.T) {
	ae, cae := FeatureModelConfig(0, 0.1), FeatureModelConfig(1, 0.1)
	if ae.Kind != "ae" || ae.Lambda != 0 {
		t.Errorf("AE config %+v: want kind ae, λ 0", ae)
	}
	if cae.Kind != "cae" || cae.Lambda != 0.1 {
		t.Errorf("CAE config %+v: want kind cae, λ 0.1", cae)
	}
	// Everything else is R2 and identical: same architecture, seed and batches.
	ae.Kind, ae.Lambda = cae.Kind, cae.Lambda
	if ae.Seed != cae.Seed || ae.Batch != cae.Batch || ae.LR != cae.LR || ae.Latent != 128 || cae.Latent != 128 ||
		len(ae.Hidden) != 0 || ae.Hidden == nil || ae.CodeAct != "sigmoid" || ae.Output != "bernoulli" {
		t.Errorf("configs differ beyond kind and λ or are not R2: %+v vs %+v", ae, cae)
	}
}

func TestFeatureStatus(t *testing.T) {
	s := kit.Status{Step: 1200, Rate: 35.5, State: "paused",
		Terms: FeatureTerms(engine.Metrics{Recon: 80.25}, engine.Metrics{Recon: 90.5, Penalty: 12}, 0.1)}.String()
	for _, want := range []string{"step 1200", "AE recon 80.2", "CAE recon 90.5", "CAE ‖J‖² 12", "paused"} {
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
