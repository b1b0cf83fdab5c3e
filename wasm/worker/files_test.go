package worker

import (
	"slices"
	"strings"
	"testing"

	"latentlab/core/spec"
	"latentlab/wasm/protocol"
)

// TestFailedLoadKeepsSlot loads bad files (corrupt, truncated, the wrong
// kind, the wrong input size) into a slot that holds a trained VAE: each
// load must fail with a reason, and the slot must keep its model, its step
// and its ability to train.
func TestFailedLoadKeepsSlot(t *testing.T) {
	w := New(Engine{}, func(path string) ([]byte, error) { return mnistFile(t, 20), nil })
	toy := protocol.DataConfig{Source: "toy", Name: "moons", N: 100, Test: 50, Noise: 0.05, Seed: 3}
	create := func(slot, kind string, hidden []int) {
		mustCall(t, w, protocol.Create, slot, &protocol.CreateBody{
			Model: spec.Config{Kind: kind, Hidden: hidden, Latent: 2, LR: 0.01, Batch: 50}, Data: toy}, nil, nil)
	}
	create("s", "vae", []int{8})
	var tr protocol.TrainedBody
	mustCall(t, w, protocol.Train, "s", &protocol.TrainBody{Steps: 5}, nil, &tr)
	var saved protocol.BytesReply
	good := mustCall(t, w, protocol.Save, "s", nil, nil, &saved)
	file, err := protocol.UnpackBytes(good, saved.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	create("c", "cae", []int{})
	var caeSaved protocol.BytesReply
	caeFile := mustCall(t, w, protocol.Save, "c", nil, nil, &caeSaved)
	before := decodeIn(t, w, "s")

	corrupt := slices.Clone(file)
	corrupt[len(corrupt)/2] ^= 0xff
	cases := []struct {
		name string
		body protocol.LoadBody
		f    []float32
		want string
	}{
		{"corrupt", protocol.LoadBody{Bytes: len(corrupt), Kind: "vae", Data: &toy}, protocol.PackBytes(corrupt), "checksum mismatch"},
		{"truncated", protocol.LoadBody{Bytes: len(file) - 9, Kind: "vae", Data: &toy}, protocol.PackBytes(file[:len(file)-9]), "truncated"},
		{"not a VAE", protocol.LoadBody{Bytes: caeSaved.Bytes, Kind: "vae", Data: &toy}, caeFile, "holds a CAE model, not a VAE"},
		{"wrong input size", protocol.LoadBody{Bytes: saved.Bytes, Kind: "vae", Data: &protocol.DataConfig{Source: "mnist"}}, good, "model takes 2 inputs but dataset \"mnist\" has 784"},
	}
	for _, c := range cases {
		r, _ := call(t, w, protocol.Load, "s", &c.body, c.f, nil)
		if !strings.Contains(r.Error, c.want) || !strings.Contains(r.Error, "load model file: ") {
			t.Errorf("%s: error %q, want it to contain %q", c.name, r.Error, c.want)
		}
		if after := decodeIn(t, w, "s"); !slices.Equal(after, before) {
			t.Errorf("%s: the slot's model changed after a failed load: decodes %v, was %v", c.name, after, before)
		}
	}
	mustCall(t, w, protocol.Train, "s", &protocol.TrainBody{Steps: 2}, nil, &tr)
	if tr.Step != 7 {
		t.Errorf("after the failed loads the slot trained to step %d, want 7", tr.Step)
	}
	// The good file with the right kind still loads, at its own step.
	var loaded protocol.CreatedBody
	mustCall(t, w, protocol.Load, "s", &protocol.LoadBody{Bytes: saved.Bytes, Kind: "vae", Data: &toy}, good, &loaded)
	if loaded.Kind != "vae" || loaded.Step != 5 || loaded.Latent != 2 || loaded.Train != 100 {
		t.Errorf("loaded %+v", loaded)
	}
}

// decodeIn decodes one fixed latent point with slot's model.
func decodeIn(t *testing.T, w *Worker, slot string) []float32 {
	t.Helper()
	return slices.Clone(mustCall(t, w, protocol.Decode, slot, nil, []float32{0.3, -0.7}, nil))
}
