package worker

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"latentlab/core/safetensors"
	"latentlab/core/spec"
	"latentlab/wasm/protocol"
)

// exportOf asks slot for its weights file and sidecar.
func exportOf(t *testing.T, w *Worker, slot string) (weights, sidecar []byte) {
	t.Helper()
	var r protocol.WeightsFileReply
	f := mustCall(t, w, protocol.ExportWeights, slot, nil, nil, &r)
	weights, sidecar, err := protocol.UnpackTwo(f, r.Weights, r.Sidecar)
	if err != nil {
		t.Fatal(err)
	}
	return weights, sidecar
}

// trainedToy creates a small VAE on a toy set in slot "a" of a worker with
// the real engine and trains it a few steps.
func trainedToy(t *testing.T) *Worker {
	t.Helper()
	w := New(Engine{}, nil)
	mustCall(t, w, protocol.Create, "a", &protocol.CreateBody{
		Model: spec.Config{Kind: "vae", Hidden: []int{8}, Latent: 2, Batch: 16, Seed: 3},
		Data:  protocol.DataConfig{Source: "toy", Name: "moons", N: 64, Test: 16, Seed: 1}}, nil, nil)
	mustCall(t, w, protocol.Train, "a", &protocol.TrainBody{Steps: 5}, nil, nil)
	return w
}

// TestWeightsRoundTrip: a model exported as safetensors and imported into
// another slot has the same weights (its own export is byte-identical), the
// same step count and config, and reconstructs held-out points the same.
func TestWeightsRoundTrip(t *testing.T) {
	w := trainedToy(t)
	weights, sidecar := exportOf(t, w, "a")
	f, err := safetensors.Unmarshal(weights)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tn := range f.Tensors {
		names = append(names, tn.Name)
	}
	want := []string{"enc1.weight", "enc1.bias", "mu.weight", "mu.bias", "logvar.weight", "logvar.bias", "dec1.weight", "dec1.bias", "out.weight", "out.bias"}
	if !slices.Equal(names, want) {
		t.Errorf("tensors %v, want %v", names, want)
	}
	var cfg spec.Config
	if err := json.Unmarshal(sidecar, &cfg); err != nil || cfg.Kind != "vae" || cfg.Input != 2 || cfg.Latent != 2 {
		t.Errorf("sidecar %s (%v)", sidecar, err)
	}
	data := &protocol.DataConfig{Source: "toy", Name: "moons", N: 64, Test: 16, Seed: 1}
	for _, side := range [][]byte{sidecar, nil} { // the config from the sidecar, then from the file's metadata
		var c protocol.CreatedBody
		mustCall(t, w, protocol.ImportWeights, "b", &protocol.ImportWeightsBody{Weights: len(weights), Sidecar: len(side), Data: data, Kind: "vae"},
			protocol.PackTwo(weights, side), &c)
		if c.Step != 5 || c.Kind != "vae" || c.Train != 64 || c.Config == nil || c.Config.Model.Seed != 3 {
			t.Errorf("created %+v", c)
		}
		again, _ := exportOf(t, w, "b")
		if !bytes.Equal(again, weights) {
			t.Error("the imported model's export differs from the file it came from")
		}
		ra := mustCall(t, w, protocol.Reconstruct, "a", &protocol.EncodeBody{Count: 16}, nil, nil)
		rb := mustCall(t, w, protocol.Reconstruct, "b", &protocol.EncodeBody{Count: 16}, nil, nil)
		if len(ra) == 0 || !slices.Equal(ra, rb) {
			t.Errorf("held-out reconstructions differ: exported %v, imported %v", ra, rb)
		}
	}
}

// TestWeightsImportRefusals: a file of the wrong shape, dtype or length, or
// of another kind, is refused with a message naming the tensor (or what is
// wrong), and the slot keeps its model.
func TestWeightsImportRefusals(t *testing.T) {
	w := trainedToy(t)
	weights, sidecar := exportOf(t, w, "a")
	edit := func(fn func(f *safetensors.File)) []byte {
		f, err := safetensors.Unmarshal(bytes.Clone(weights)) // tensors alias the bytes
		if err != nil {
			t.Fatal(err)
		}
		fn(f)
		b, err := safetensors.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	tensor := func(f *safetensors.File, name string) *safetensors.Tensor {
		for i := range f.Tensors {
			if f.Tensors[i].Name == name {
				return &f.Tensors[i]
			}
		}
		t.Fatalf("no tensor %q", name)
		return nil
	}
	cases := []struct {
		name    string
		weights []byte
		sidecar []byte
		kind    string
		want    []string
	}{
		{"wrong shape", edit(func(f *safetensors.File) { tensor(f, "mu.weight").Shape = []int{8, 2} }), sidecar, "", []string{`"mu.weight"`, "shape [8 2]", "[2 8]"}},
		{"wrong dtype", edit(func(f *safetensors.File) { tensor(f, "dec1.bias").DType = safetensors.I32 }), sidecar, "", []string{`"dec1.bias"`, "dtype I32"}},
		{"truncated", weights[:len(weights)-10], sidecar, "", []string{`"out.weight"`, "truncated"}},
		{"missing tensor", edit(func(f *safetensors.File) { f.Tensors = f.Tensors[:len(f.Tensors)-1] }), sidecar, "", []string{`"out.bias" is missing`}},
		{"not finite", edit(func(f *safetensors.File) { copy(tensor(f, "enc1.bias").Data, []byte{0, 0, 0xc0, 0x7f}) }), sidecar, "", []string{`"enc1.bias"`, "NaN"}},
		{"bad sidecar", weights, []byte(`{"kind": "vae", "latent": "two"}`), "", []string{"config sidecar"}},
		{"another kind", weights, sidecar, "cae", []string{"VAE", "not a CAE"}},
		{"not safetensors", []byte("LLM1 definitely not a safetensors file"), nil, "", []string{"safetensors"}},
	}
	for _, c := range cases {
		data := &protocol.DataConfig{Source: "toy", Name: "moons", N: 64, Test: 16, Seed: 1}
		r, _ := call(t, w, protocol.ImportWeights, "a", &protocol.ImportWeightsBody{Weights: len(c.weights), Sidecar: len(c.sidecar), Data: data, Kind: c.kind},
			protocol.PackTwo(c.weights, c.sidecar), nil)
		if r.Error == "" {
			t.Errorf("%s: imported", c.name)
			continue
		}
		for _, s := range c.want {
			if !strings.Contains(r.Error, s) {
				t.Errorf("%s: error %q does not say %q", c.name, r.Error, s)
			}
		}
		if again, _ := exportOf(t, w, "a"); !bytes.Equal(again, weights) {
			t.Errorf("%s: the refused import changed the slot's model", c.name)
		}
	}
}
