package run

import (
	"fmt"
	"slices"
	"testing"

	"latentlab/web/widget"
	"latentlab/web/widget/apps"
)

// The compression experiment reads every parameter of the widget's table,
// and CompressConfigs builds one VAE per latent size with the table's
// width and seed.
func TestCompressionMappingCoversTheWidgetTable(t *testing.T) {
	s, ok := widget.Lookup("compression")
	if !ok {
		t.Fatal("compression is not registered")
	}
	names, uses := s.Params.Names(), slices.Clone(compressionUses)
	slices.Sort(names)
	slices.Sort(uses)
	if !slices.Equal(names, uses) {
		t.Fatalf("compression parameters %v; the claims mapping reads %v", names, uses)
	}
	d := s.Params.Defaults()
	cfgs, data := apps.CompressConfigs(d)
	if len(cfgs) != len(apps.CompressLatents) || data.Source != "mnist" || data.Test != apps.CompressDigits {
		t.Fatalf("defaults %v map to %d configs, %+v", d, len(cfgs), data)
	}
	for i, c := range cfgs {
		if c.Kind != "vae" || c.Latent != apps.CompressLatents[i] || c.Hidden[0] != d["hidden"] || int(c.Seed) != d["seed"] {
			t.Errorf("model %d: %+v", i, c)
		}
	}
}

// On the synthetic subset the experiment measures every model at the
// chosen depth, rates are latent × bits, and a live change of the depth
// measures the same models again.
func TestCompressionMeasures(t *testing.T) {
	x := &Runner{Dist: tinyDist(t)}
	s, _ := widget.Lookup("compression")
	v := s.Params.Defaults()
	v["hidden"] = 16
	live := &Live{Set: map[string]any{"bits": 8}, Train: 1}
	m, after, err := compression(x, v, 3, live)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range apps.CompressLatents {
		if m[rateKey(l)] != float64(4*l) || after[rateKey(l)] != float64(8*l) {
			t.Errorf("latent %d: rates %v then %v", l, m[rateKey(l)], after[rateKey(l)])
		}
		if e := m["mse"].([]float64)[i]; !(e > 0 && e < 1) {
			t.Errorf("latent %d: MSE %v", l, e)
		}
	}
	if p := m["png_bytes"].(float64); !(p > 50 && p < 784) || m["raw_bytes"] != 784.0 {
		t.Errorf("png %v bytes, raw %v", p, m["raw_bytes"])
	}
	if _, _, err := compression(x, v, 1, &Live{Set: map[string]any{"hidden": 32}}); err == nil {
		t.Error("a live change of the width accepted")
	}
}

func rateKey(l int) string { return fmt.Sprintf("rate_%d", l) }
