package apps

import (
	"slices"
	"testing"
)

func TestScoringOf(t *testing.T) {
	v := detectorParams.Defaults()
	if s := ScoringOf(v); !s.Relative || !s.VAE || s.Unit() != "" {
		t.Errorf("defaults: %+v", s)
	}
	v["score"], v["kind"] = "loss", "ae"
	if s := ScoringOf(v); s.Relative || s.VAE || s.Unit() != "nats" {
		t.Errorf("AE loss: %+v", s)
	}
	if o := ScoringOf(v).Options(10); o.Relative || o.Top != 10 || o.Corrupt != "" || o.Samples != 0 {
		t.Errorf("AE loss options: %+v", o)
	}
	v["score"] = "iwae"
	if s := ScoringOf(v); s.Samples != 0 || s.Relative {
		t.Errorf("AE with the IWAE score: %+v, want its loss", s)
	}
	v["kind"], v["k"], v["seed"] = "vae", 50, 3
	if o := ScoringOf(v).Options(0); o.Relative || o.Samples != 50 || o.Seed != 3 || ScoringOf(v).Unit() != "nats" {
		t.Errorf("VAE IWAE options: %+v", o)
	}
}

func TestLabelled(t *testing.T) {
	l := Labelled([]float64{1, 2, 3}, []int{7, 1, 7}, 7)
	if !slices.Equal(l.Anomaly, []bool{true, false, true}) {
		t.Errorf("anomalies %v", l.Anomaly)
	}
}

// The strip shows every pass when there are few, otherwise stripN passes
// from the first to the last, increasing.
func TestStripPasses(t *testing.T) {
	if got := stripPasses(5); !slices.Equal(got, []int{1, 2, 3, 4, 5}) {
		t.Errorf("stripPasses(5) = %v", got)
	}
	for _, n := range []int{9, 20, 100} {
		got := stripPasses(n)
		if len(got) != stripN || got[0] != 1 || got[len(got)-1] != n || !slices.IsSorted(got) {
			t.Errorf("stripPasses(%d) = %v", n, got)
		}
	}
}

func TestInpaintMaskDependsOnDigitAndSeed(t *testing.T) {
	v := inpaintParams.Defaults()
	v["mask"] = "random"
	a, _ := InpaintMask(v, 1)
	b, _ := InpaintMask(v, 2)
	v["seed"] = 2
	c, _ := InpaintMask(v, 1)
	if slices.Equal(a, b) || slices.Equal(a, c) {
		t.Error("random masks repeat across digits or seeds")
	}
}
