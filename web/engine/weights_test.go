package engine

import (
	"bytes"
	"strings"
	"testing"
)

// TestModelWeightsRoundTrip: weights exported from one model and imported
// into another (through JSON and the f32 payload, as in the browser) give
// the same file back, with the step count; a damaged file is refused with
// the tensor named and the model keeps its weights.
func TestModelWeightsRoundTrip(t *testing.T) {
	d := newDeferred()
	m := d.c.Model("vae:a")
	cfg, data := toyVAE()
	m.Create(cfg, data, func(_ Info, err error) {
		if err != nil {
			t.Fatal(err)
		}
	})
	m.Train(Chunk{Steps: 7}, func(_ Trained, err error) {})
	var file WeightsFile
	m.ExportWeights(func(f WeightsFile, err error) {
		if err != nil {
			t.Fatal(err)
		}
		file = f
	})
	d.flush()
	if len(file.Weights) == 0 || !bytes.Contains(file.Sidecar, []byte(`"kind": "vae"`)) {
		t.Fatalf("export: %d bytes of weights, sidecar %s", len(file.Weights), file.Sidecar)
	}
	other := d.c.Model("vae:b")
	var info Info
	other.ImportWeights(file, &data, "vae", func(i Info, err error) {
		if err != nil {
			t.Fatal(err)
		}
		info = i
	})
	var again WeightsFile
	other.ExportWeights(func(f WeightsFile, err error) { again = f })
	d.flush()
	if info.Step != 7 || info.Kind != "vae" || info.Train != 200 || info.Config.Hidden[0] != 16 {
		t.Errorf("imported %+v", info)
	}
	if !bytes.Equal(again.Weights, file.Weights) || !bytes.Equal(again.Sidecar, file.Sidecar) {
		t.Error("the imported model exports another file")
	}

	bad := WeightsFile{Weights: file.Weights[:len(file.Weights)-3]}
	var refused error
	other.ImportWeights(bad, &data, "vae", func(_ Info, err error) { refused = err })
	other.ExportWeights(func(f WeightsFile, err error) { again = f })
	d.flush()
	if refused == nil || !strings.Contains(refused.Error(), `"out.bias"`) {
		t.Errorf("truncated file: %v", refused)
	}
	if !bytes.Equal(again.Weights, file.Weights) {
		t.Error("a refused import changed the model")
	}
}
