package run

import (
	"slices"
	"testing"

	"latentlab/web/engine"
	"latentlab/web/widget"
	"latentlab/web/widget/apps"
)

// The code-classifier experiment reads every parameter of the widget's
// table, measures one accuracy list per representation the widget shows,
// and loads only models the site serves.
func TestCodeClassifierMappingCoversTheWidgetTable(t *testing.T) {
	s, ok := widget.Lookup("code-classifier")
	if !ok {
		t.Fatal("code-classifier is not registered")
	}
	names, uses := s.Params.Names(), slices.Clone(codeClassifierUses)
	slices.Sort(names)
	slices.Sort(uses)
	if !slices.Equal(names, uses) {
		t.Fatalf("code-classifier parameters %v; the claims mapping reads %v", names, uses)
	}
	if len(classifierMetrics) != len(apps.Representations) {
		t.Fatalf("%d metrics for %d representations", len(classifierMetrics), len(apps.Representations))
	}
	served := engine.PretrainedNames()
	for _, name := range apps.ServedEncoders {
		if !slices.Contains(served, name) {
			t.Errorf("the widget loads %s, which the site does not serve", name)
		}
	}
	d := s.Params.Defaults()
	c, data := apps.ClassifierVAE(d)
	fits := apps.ClassifierFits(d)
	if c.Kind != "vae" || c.Latent != d["latent"] || int(c.Seed) != d["seed"] || data.Source != "mnist" {
		t.Errorf("defaults %v map to %+v, %+v", d, c, data)
	}
	if len(fits) != len(apps.Representations) || fits[len(fits)-1].Features != "pixels" || fits[0].Features != "code" ||
		!slices.Equal(fits[0].Labelled, apps.LabelledSizes) || fits[0].Decay != d["decay"] {
		t.Errorf("defaults %v map to the fits %+v", d, fits)
	}
	if _, _, err := codeClassifier(&Runner{}, d, 1, &Live{Train: 1}); err == nil {
		t.Error("a claim with a then: phase ran")
	}
}
