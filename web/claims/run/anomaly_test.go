package run

import (
	"slices"
	"testing"

	"latentlab/web/widget"
	"latentlab/web/widget/apps"
)

// The anomaly detector's experiment reads every parameter of its table,
// and DetectorConfig leaves the anomaly class out of the training data.
func TestAnomalyDetectorMappingCoversTheWidgetTable(t *testing.T) {
	s, ok := widget.Lookup("anomaly-detector")
	if !ok {
		t.Fatal("anomaly-detector is not registered")
	}
	names, uses := s.Params.Names(), slices.Clone(anomalyDetectorUses)
	slices.Sort(names)
	slices.Sort(uses)
	if !slices.Equal(names, uses) {
		t.Fatalf("anomaly-detector parameters %v; the claims mapping reads %v", names, uses)
	}
	d := s.Params.Defaults()
	m, data := apps.DetectorConfig(d)
	if m.Kind != "vae" || m.Latent != d["latent"] || m.Hidden[0] != d["hidden"] || int(m.Seed) != d["seed"] ||
		data.Source != "mnist" || !slices.Equal(data.Exclude, []int{d["anomaly"].(int)}) || data.Test != apps.ScoredN {
		t.Errorf("defaults %v map to %+v, %+v", d, m, data)
	}
	d["kind"], d["anomaly"] = "ae", 3
	if m, data := apps.DetectorConfig(d); m.Kind != "ae" || !slices.Equal(data.Exclude, []int{3}) {
		t.Errorf("ae without 3 maps to %+v, %+v", m, data)
	}
}

// On the synthetic subset the detector's runs score every held-out digit
// with each scoring, and the anomaly class is never trained on.
func TestAnomalyDetectorScores(t *testing.T) {
	x := &Runner{Dist: tinyDist(t)}
	s, _ := widget.Lookup("anomaly-detector")
	for _, c := range []struct{ model, score string }{{"vae", "loss"}, {"ae", "loss"}, {"vae", "relative"}, {"vae", "iwae"}, {"ae", "iwae"}} {
		v := s.Params.Defaults()
		v["kind"], v["score"], v["hidden"], v["latent"] = c.model, c.score, 16, 2
		m, _, err := anomalyDetector(x, v, 3, nil)
		if err != nil {
			t.Fatalf("%v: %v", c, err)
		}
		if a := m["auc"].(float64); !(a >= 0 && a <= 1) || m["steps"] != 3.0 {
			t.Errorf("%v: measured %v", c, m)
		}
	}
}
