package worker

import (
	"strings"
	"testing"

	"latentlab/core/spec"
	"latentlab/wasm/protocol"
)

// A DAE's corruption changes between steps with "set" (Gaussian σ, masking
// p, salt-and-pepper ν); the reply and the slot's configuration (what a
// saved file records) carry the new values; other kinds and out-of-range
// values are refused with the old values kept.
func TestSetCorruption(t *testing.T) {
	w := New(Engine{}, nil)
	data := protocol.DataConfig{Source: "toy", Name: "moons", N: 100, Test: 20, Noise: 0.05, Seed: 3}
	for _, kind := range []string{spec.DAE, spec.AE} {
		mustCall(t, w, protocol.Create, kind, &protocol.CreateBody{
			Model: spec.Config{Kind: kind, Hidden: []int{8}, Latent: 2, LR: 0.01, Batch: 20, NoiseStd: 0, MaskProb: 0.1}, Data: data}, nil, nil)
	}
	var r protocol.SetReply
	mustCall(t, w, protocol.Set, spec.DAE, &protocol.SetBody{Salt: ptr(0.3)}, nil, &r)
	if r.Salt != 0.3 || r.Mask != 0.1 || r.Noise != 0 {
		t.Fatalf("after salt 0.3: %+v; want the masking kept", r)
	}
	mustCall(t, w, protocol.Set, spec.DAE, &protocol.SetBody{Noise: ptr(0.4), Mask: ptr(0), Salt: ptr(0)}, nil, &r)
	if r.Noise != 0.4 || r.Mask != 0 || r.Salt != 0 {
		t.Fatalf("after Gaussian 0.4 alone: %+v", r)
	}
	mustCall(t, w, protocol.Train, spec.DAE, &protocol.TrainBody{Steps: 5}, nil, nil)
	if c := w.slots[spec.DAE].cfg.Model; c.NoiseStd != 0.4 || c.MaskProb != 0 || c.SaltProb != 0 {
		t.Errorf("slot config %+v after set", c)
	}
	for _, bad := range []struct {
		slot string
		body protocol.SetBody
		want string
	}{
		{spec.DAE, protocol.SetBody{Salt: ptr(1)}, "salt-and-pepper"},
		{spec.DAE, protocol.SetBody{Mask: ptr(-0.5)}, "mask"},
		{spec.AE, protocol.SetBody{Salt: ptr(0.2)}, "only a dae"},
	} {
		reply, _ := call(t, w, protocol.Set, bad.slot, &bad.body, nil, nil)
		if err := reply.Err(); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("set %+v on %s: %v; want an error about %q", bad.body, bad.slot, err, bad.want)
		}
	}
	if c := w.slots[spec.DAE].cfg.Model; c.NoiseStd != 0.4 || c.SaltProb != 0 {
		t.Errorf("a refused set changed the config: %+v", c)
	}
}
