package worker

import (
	"runtime"
	"slices"
	"testing"

	"latentlab/core/spec"
	"latentlab/wasm/protocol"
)

// The lesson page asks for a snapshot every second while training runs. It
// refreshes the slot's cached network in place, so the worker's Go heap
// gains only the payload (R1: 1.6 MB), not a second copy of the network;
// and each reply's payload is its own, untouched by later training.
func TestSnapshotAllocatesOnlyItsPayload(t *testing.T) {
	w := New(Engine{}, syntheticFetch(t, 200, 50))
	mustCall(t, w, protocol.Create, "v", &protocol.CreateBody{Model: spec.Default(spec.VAE), Data: protocol.DataConfig{Source: "mnist"}}, nil, nil)
	mustCall(t, w, protocol.Train, "v", &protocol.TrainBody{Steps: 1}, nil, nil)
	first := slices.Clone(mustCall(t, w, protocol.Snapshot, "v", nil, nil, nil))
	kept := mustCall(t, w, protocol.Snapshot, "v", nil, nil, nil)
	mustCall(t, w, protocol.Train, "v", &protocol.TrainBody{Steps: 1}, nil, nil)
	s := w.slots["v"]
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	body, f := protocol.SnapshotOf(s.net())
	runtime.ReadMemStats(&m1)
	payload := uint64(4 * len(f))
	if got := m1.TotalAlloc - m0.TotalAlloc; got > payload+payload/4 {
		t.Errorf("a snapshot allocated %d bytes for a %d-byte payload (%s)", got, payload, body.Kind)
	}
	if !slices.Equal(kept, first) {
		t.Error("a snapshot's payload changed after the model trained on")
	}
	if slices.Equal(f, first) {
		t.Error("the snapshot after a step shows the weights before it")
	}
}
