package run

import (
	"slices"
	"testing"

	"latentlab/web/widget"
	"latentlab/web/widget/apps"
)

// The inpainting experiment reads every parameter of the widget's table,
// and the widget's two models are a VAE and an AE of the same size.
func TestInpaintingMappingCoversTheWidgetTable(t *testing.T) {
	s, ok := widget.Lookup("inpainting")
	if !ok {
		t.Fatal("inpainting is not registered")
	}
	names, uses := s.Params.Names(), slices.Clone(inpaintingUses)
	slices.Sort(names)
	slices.Sort(uses)
	if !slices.Equal(names, uses) {
		t.Fatalf("inpainting parameters %v; the claims mapping reads %v", names, uses)
	}
	d := s.Params.Defaults()
	cs, data := apps.InpaintConfigs(d)
	if len(cs) != 2 || cs[0].Kind != "vae" || cs[1].Kind != "ae" || cs[0].Latent != d["latent"] || cs[1].Latent != d["latent"] ||
		int(cs[0].Seed) != d["seed"] || data.Source != "mnist" || data.Test != apps.InpaintDigits {
		t.Errorf("defaults %v map to %+v, %+v", d, cs, data)
	}
	if m, ok := apps.InpaintMask(d, 3); !ok || m.Hidden() != 392 {
		t.Errorf("the default mask hides %d pixels", m.Hidden())
	}
	d["mask"] = "drawn"
	if _, ok := apps.InpaintMask(d, 3); ok {
		t.Error("a drawn mask reported as a preset")
	}
	if _, _, err := inpainting(&Runner{}, d, 1, nil); err == nil {
		t.Error("a claim on a drawn mask ran")
	}
}
