package e2e

import (
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"latentlab/core/modelfile"
	"latentlab/core/viewfile"
	"latentlab/web/engine"
)

// TestServedModelsAreTheKnownOnes: the built site serves exactly the models
// of engine.PretrainedModels, each of its kind: the list that names from
// the address are checked against is the truth.
func TestServedModelsAreTheKnownOnes(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(Dist(), "web", "models", "*.llm"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no models in dist/web/models (make models): %v", err)
	}
	var served []string
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".llm")
		served = append(served, name)
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sum, err := modelfile.ReadSummary(b)
		i := slices.IndexFunc(engine.PretrainedModels, func(m engine.Pretrained) bool { return m.Name == name })
		switch {
		case err != nil:
			t.Errorf("%s: %v", name, err)
		case i < 0:
			t.Errorf("the site serves %s, which engine.PretrainedModels does not list", name)
		case engine.PretrainedModels[i].Kind != sum.Kind:
			t.Errorf("%s is a %s model; engine.PretrainedModels says %s", name, sum.Kind, engine.PretrainedModels[i].Kind)
		}
	}
	for _, m := range engine.PretrainedModels {
		if !slices.Contains(served, m.Name) {
			t.Errorf("engine.PretrainedModels lists %s, which the site does not serve", m.Name)
		}
	}
}

// TestBadNamesInTheAddress: a model name from the address that is not a
// served model is refused before any fetch, in a note that names the
// parameter and what it expects without echoing the value, and the widget
// shows the default model.
func TestBadNamesInTheAddress(t *testing.T) {
	for _, c := range []struct{ path, param, bad string }{
		{"/embed/reparameterization/epsz", "model", "../../web/lessons/index.json#"},
		{"/embed/cae/features", "cae", "../models/vae-mnist-2d"},
		{"/embed/cae/features", "ae", "<b>nope</b>"},
	} {
		p := Open(t, c.path+"?"+url.Values{c.param: {c.bad}}.Encode())
		want := c.param + ": "
		p.WaitText(".param-notes", want)
		notes := p.Text(".param-notes")
		if !strings.Contains(notes, "expected one of") && !strings.Contains(notes, "refused") || strings.Contains(notes, c.bad) {
			t.Errorf("%s?%s=%s: note %q", c.path, c.param, c.bad, notes)
		}
		if p.Exists(".param-notes b") {
			t.Errorf("%s: the value became markup", c.path)
		}
		p.Settle(20 * time.Second)
		// The page's own fetches (the worker's are refused by the same check).
		for _, u := range Eval[[]string](p, `performance.getEntriesByType("resource").map((e) => e.name)`) {
			path := u
			if pu, err := url.Parse(u); err == nil {
				path = pu.Path
			}
			if strings.HasPrefix(path, "/web/models/") && !slices.Contains(engine.PretrainedNames(), servedModel(path)) {
				t.Errorf("%s: fetched a model the site does not serve: %s", c.path, u)
			}
		}
		p.NoConsoleErrors()
	}
}

// servedModel returns the model name a /web/models/ address is a file of
// (NAME.llm, or its view NAME-view.bin).
func servedModel(path string) string {
	name := strings.TrimPrefix(path, "/web/models/")
	return strings.TrimSuffix(strings.TrimSuffix(name, ".llm"), viewfile.Suffix)
}
