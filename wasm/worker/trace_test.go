package worker

import (
	"math"
	"slices"
	"strings"
	"testing"

	"latentlab/core/spec"
	"latentlab/wasm/protocol"
)

// TestTraceMessage: "trace" follows one held-out digit through the live
// VAE (the same seed gives the same ε and the same numbers), lays out its
// payload as documented, leaves training as it was, and traces a model
// loaded without data from its weights alone with the same result.
func TestTraceMessage(t *testing.T) {
	files := map[string][]byte{MNISTTrainPath: mnistFile(t, 60), MNISTTestPath: mnistFile(t, 20)}
	var saved []byte
	fetch := func(path string) ([]byte, error) {
		if path == "/web/models/mine.llm" {
			return saved, nil
		}
		if b, ok := files[path]; ok {
			return b, nil
		}
		return nil, &protocol.RemoteError{Type: "fetch", Msg: "404 " + path}
	}
	w := New(Engine{}, fetch)
	create := &protocol.CreateBody{Model: spec.Config{Kind: "vae", Hidden: []int{32}, Batch: 20}, Data: protocol.DataConfig{Source: "mnist"}}
	for _, slot := range []string{"a", "b"} {
		mustCall(t, w, protocol.Create, slot, create, nil, nil)
		mustCall(t, w, protocol.Train, slot, &protocol.TrainBody{Steps: 5}, nil, nil)
	}
	var r, again protocol.TraceReply
	f := mustCall(t, w, protocol.Trace, "a", &protocol.TraceBody{Index: 3, Seed: 9}, nil, &r)
	mustCall(t, w, protocol.Trace, "a", &protocol.TraceBody{Index: 3, Seed: 9}, nil, &again)
	if r.Kind != "vae" || r.Step != 5 || r.Width != 28 || r.Label < 0 || len(r.Hidden) != 1 || r.Hidden[0] != 32 ||
		len(f) != r.TraceLen() || len(f) != 3*784+32+32 || len(r.Mu) != 2 || len(r.Layers) != 4 {
		t.Fatalf("trace %+v with %d floats", r, len(f))
	}
	if again.Loss != r.Loss || again.Eps[0] != r.Eps[0] || !(r.LossAfter < r.Loss) {
		t.Errorf("seed 9 twice: loss %v, %v; ε₀ %v, %v; after the step %v", r.Loss, again.Loss, r.Eps[0], again.Eps[0], r.LossAfter)
	}
	test, _ := w.slots["a"].split("test")
	if !slices.Equal(f[:784], test.Row(3)) {
		t.Error("the traced x is not held-out digit 3")
	}
	var pix float64
	for _, v := range f[2*784 : 3*784] {
		pix += float64(v)
	}
	if math.Abs(pix-r.ReconTerm) > 1e-3*r.ReconTerm {
		t.Errorf("per-pixel terms sum to %g, reconstruction term %g", pix, r.ReconTerm)
	}
	// Training goes on exactly as in the slot that never traced.
	var ta, tb protocol.TrainedBody
	mustCall(t, w, protocol.Train, "a", &protocol.TrainBody{Steps: 2}, nil, &ta)
	mustCall(t, w, protocol.Train, "b", &protocol.TrainBody{Steps: 2}, nil, &tb)
	if ta.Metrics[1].Loss != tb.Metrics[1].Loss {
		t.Errorf("after a trace the loss is %v, without %v", ta.Metrics[1].Loss, tb.Metrics[1].Loss)
	}
	// A model loaded without data traces the inputs it is given.
	var br protocol.BytesReply
	sf := mustCall(t, w, protocol.Save, "a", &protocol.SaveBody{Name: "mine"}, nil, &br)
	saved, _ = protocol.UnpackBytes(sf, br.Bytes)
	mustCall(t, w, protocol.Load, "m", &protocol.LoadBody{Name: "mine"}, nil, nil)
	var live, frozen protocol.TraceReply
	mustCall(t, w, protocol.Trace, "a", &protocol.TraceBody{Eps: []float32{0.5, -1}}, test.Row(0), &live)
	mustCall(t, w, protocol.Trace, "m", &protocol.TraceBody{Eps: []float32{0.5, -1}}, test.Row(0), &frozen)
	if live.Label != -1 || math.Abs(live.Loss-frozen.Loss) > 1e-4*live.Loss || live.Z[1] != frozen.Z[1] {
		t.Errorf("live model: loss %v z %v; loaded without data: loss %v z %v", live.Loss, live.Z, frozen.Loss, frozen.Z)
	}
	bad := []struct {
		body any
		f    []float32
		want string
	}{
		{&protocol.TraceBody{Index: 99}, nil, "index"},
		{&protocol.TraceBody{Eps: []float32{1}}, nil, "ε"},
		{&protocol.TraceBody{}, []float32{1, 2}, "values"},
		{&protocol.TraceBody{LR: -1}, nil, "step size"},
	}
	for _, c := range bad {
		if rep, _ := call(t, w, protocol.Trace, "a", c.body, c.f, nil); !strings.Contains(rep.Error, c.want) {
			t.Errorf("%+v: error %q, want it to mention %q", c.body, rep.Error, c.want)
		}
	}
}

// TestTraceCAEMessage: a CAE's trace carries its Jacobian, whose squared
// entries sum to the closed-form penalty.
func TestTraceCAEMessage(t *testing.T) {
	w := New(Engine{}, nil)
	mustCall(t, w, protocol.Create, "c", &protocol.CreateBody{Model: spec.Default(spec.CAE),
		Data: protocol.DataConfig{Source: "toy", Name: "moons", N: 100, Test: 20}}, nil, nil)
	mustCall(t, w, protocol.Train, "c", &protocol.TrainBody{Steps: 20}, nil, nil)
	var r protocol.TraceReply
	f := mustCall(t, w, protocol.Trace, "c", &protocol.TraceBody{Index: 1}, nil, &r)
	if !r.Jacobian || len(f) != r.TraceLen() || len(r.Code) != r.Latent {
		t.Fatalf("trace %+v with %d floats", r, len(f))
	}
	var sum float64
	for _, v := range f[len(f)-r.Latent*r.Input:] {
		sum += float64(v) * float64(v)
	}
	if math.Abs(sum-r.Penalty) > 1e-4*r.Penalty || math.Abs(r.PenaltySum-r.Penalty) > 1e-6*r.Penalty {
		t.Errorf("‖J‖²_F: closed form %g, explicit sum %g, sum of the payload's %g", r.Penalty, r.PenaltySum, sum)
	}
}
