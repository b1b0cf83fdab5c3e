package worker

import (
	"errors"
	"math"
	"strings"
	"testing"

	"latentlab/core/infer"
	"latentlab/core/spec"
	"latentlab/wasm/protocol"
)

// call sends one request through Handle after a JSON round trip (as
// postMessage would) and decodes the reply body into out (may be nil).
func call(t testing.TB, w *Worker, typ, slot string, body any, f []float32, out any) (protocol.Message, []float32) {
	t.Helper()
	m := protocol.MustNew(typ, body)
	m.Slot, m.Seq, m.Run = slot, 42, 1
	wire, err := protocol.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	w.Note(m)
	r, rf := w.HandleJSON(wire, f)
	wire, err = protocol.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if r, err = protocol.Unmarshal(wire); err != nil {
		t.Fatal(err)
	}
	if r.Seq != 42 || r.Slot != slot || r.Run != 1 || r.Type != protocol.ReplyType(typ) {
		t.Fatalf("%s: reply envelope %+v", typ, r)
	}
	if out != nil {
		if err := r.DecodeBody(out); err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
	}
	return r, rf
}

// mustCall is call that fails the test on an error reply.
func mustCall(t testing.TB, w *Worker, typ, slot string, body any, f []float32, out any) []float32 {
	t.Helper()
	r, rf := call(t, w, typ, slot, body, f, out)
	if r.Error != "" {
		t.Fatalf("%s: error reply: %s", typ, r.Error)
	}
	return rf
}

func finite32(t *testing.T, what string, f []float32) {
	t.Helper()
	for i, v := range f {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			t.Fatalf("%s[%d] = %v", what, i, v)
		}
	}
}

// testFlow drives every message type on a toy set: create → train → set →
// encode → decode → reconstruct → grid → sample → jacobian → contraction →
// weights → snapshot → save → load → dispose.
func testFlow(t *testing.T, b Backend, kind string) {
	w := New(b, nil)
	var ready protocol.ReadyBody
	mustCall(t, w, protocol.Hello, "", &protocol.HelloBody{Client: "test"}, nil, &ready)
	if ready.Protocol != protocol.Version || ready.Engine == "" {
		t.Errorf("ready %+v", ready)
	}
	var created protocol.CreatedBody
	hidden := []int{16}
	if kind == "cae" {
		hidden = []int{} // core/model's CAE has a one-layer encoder
	}
	mustCall(t, w, protocol.Create, "s", &protocol.CreateBody{
		Model: spec.Config{Kind: kind, Hidden: hidden, Latent: 2, LR: 0.01, Batch: 50},
		Data:  protocol.DataConfig{Source: "toy", Name: "moons", N: 200, Test: 100, Noise: 0.05, Seed: 3},
	}, nil, &created)
	if created.Input != 2 || created.Latent != 2 || created.Train != 200 || created.Test != 100 || created.Params <= 0 {
		t.Errorf("created %+v", created)
	}
	if created.Config == nil || created.Config.Model.Optimizer == "" || created.Config.Model.Output != "gaussian" {
		t.Errorf("created config %+v", created.Config)
	}

	var tr protocol.TrainedBody
	mustCall(t, w, protocol.Train, "s", &protocol.TrainBody{Steps: 30, EvalEvery: 10, EvalN: 50}, nil, &tr)
	if tr.Step != 30 || len(tr.Metrics) != 30 || tr.Metrics[29].Step != 30 || len(tr.Eval) != 3 || tr.Diverged != "" {
		t.Fatalf("trained step %d, %d metrics, %d evals, diverged %q", tr.Step, len(tr.Metrics), len(tr.Eval), tr.Diverged)
	}
	if tr.Eval[0].N != 50 {
		t.Errorf("eval %+v", tr.Eval[0])
	}
	if !(tr.EvalMs > 0 && tr.EvalMs <= tr.Millis) {
		t.Errorf("evaluations took %v ms of the chunk's %v ms", tr.EvalMs, tr.Millis)
	}
	if kind == "vae" && len(tr.Metrics[0].KLPerDim) != 2 {
		t.Errorf("vae metrics without KL per dim: %+v", tr.Metrics[0])
	}

	var set protocol.SetReply
	lr := 0.005
	mustCall(t, w, protocol.Set, "s", &protocol.SetBody{LR: &lr}, nil, &set)
	if set.LR != 0.005 {
		t.Errorf("set %+v", set)
	}

	var enc protocol.EncodeReply
	f := mustCall(t, w, protocol.Encode, "s", &protocol.EncodeBody{Count: 40}, nil, &enc)
	wantLen := 40 * 2
	if kind == "vae" {
		wantLen *= 2
	}
	if enc.N != 40 || enc.Latent != 2 || enc.Sigma != (kind == "vae") || len(enc.Labels) != 40 || len(f) != wantLen {
		t.Errorf("encode %+v with %d floats", enc, len(f))
	}
	finite32(t, "codes", f)
	// Given inputs.
	enc = protocol.EncodeReply{}
	f = mustCall(t, w, protocol.Encode, "s", &protocol.EncodeBody{Inputs: true}, []float32{0, 1, 1, 0, 0.5, 0.5}, &enc)
	if enc.N != 3 || enc.Labels != nil || len(f) != wantLen/40*3 {
		t.Errorf("encode given inputs: %+v, %d floats", enc, len(f))
	}

	var imgs protocol.ImagesReply
	f = mustCall(t, w, protocol.Decode, "s", &protocol.DecodeBody{}, []float32{0, 0, 1, -1}, &imgs)
	if imgs.N != 2 || imgs.Dim != 2 || len(f) != 4 {
		t.Errorf("decode %+v, %d floats", imgs, len(f))
	}
	finite32(t, "decoded", f)

	var rec protocol.ReconstructReply
	f = mustCall(t, w, protocol.Reconstruct, "s", &protocol.EncodeBody{Split: "train", Count: 5}, nil, &rec)
	if rec.N != 5 || rec.Dim != 2 || len(f) != 20 || len(rec.Labels) != 5 {
		t.Errorf("reconstruct %+v, %d floats", rec, len(f))
	}

	var grid protocol.GridReply
	f = mustCall(t, w, protocol.Grid, "s", &protocol.GridBody{DimX: 0, DimY: 1, N: 5, Quantile: true}, nil, &grid)
	if grid.N != 5 || len(f) != 25*2 || len(grid.Xs) != 5 || grid.Ys[0] <= grid.Ys[4] || math.Abs(grid.Xs[2]) > 1e-9 {
		t.Errorf("grid %+v, %d floats", grid, len(f))
	}

	f = mustCall(t, w, protocol.Sample, "s", &protocol.SampleBody{N: 7, Seed: 2}, nil, &imgs)
	if imgs.N != 7 || imgs.Latent != 2 || len(f) != 7*2+7*2 {
		t.Errorf("sample %+v, %d floats", imgs, len(f))
	}

	var jac protocol.JacobianReply
	f = mustCall(t, w, protocol.Jacobian, "s", &protocol.JacobianBody{Index: 3}, nil, &jac)
	if jac.Rows != 2 || jac.Cols != 2 || len(f) != 4 || len(jac.Singular) != 2 || jac.Singular[0] < jac.Singular[1] {
		t.Errorf("jacobian %+v, %d floats", jac, len(f))
	}
	var s2 float64
	for _, s := range jac.Singular {
		s2 += s * s
	}
	if math.Abs(s2-jac.Frobenius) > 1e-6*(1+jac.Frobenius) {
		t.Errorf("Σσ² = %g, ‖J‖²_F = %g", s2, jac.Frobenius)
	}

	var con protocol.ContractionReply
	mustCall(t, w, protocol.Contraction, "s", &protocol.ContractionBody{Sigma: 0.05, Count: 20, Draws: 3}, nil, &con)
	if con.N != 20 || !(con.Ratio > 0) || math.IsInf(con.Ratio, 0) {
		t.Errorf("contraction %+v", con)
	}

	var wts protocol.WeightsReply
	f = mustCall(t, w, protocol.Weights, "s", &protocol.WeightsBody{Max: 2}, nil, &wts)
	if wts.N != 2 || wts.In != 2 || len(f) != 4 {
		t.Errorf("weights %+v, %d floats", wts, len(f))
	}

	var snap protocol.SnapshotReply
	f = mustCall(t, w, protocol.Snapshot, "s", nil, nil, &snap)
	net, err := protocol.NetworkFromSnapshot(snap, f)
	if err != nil {
		t.Fatal(err)
	}
	if snap.Step != 30 || net.Latent != 2 || net.Kind != kind {
		t.Errorf("snapshot %+v", snap)
	}
	// The UI's local decode with the compiled decoder (infer.Compile: the
	// trainer's batched pass, bit for bit) agrees with the worker's decode.
	var dec protocol.ImagesReply
	wf := mustCall(t, w, protocol.Decode, "s", nil, []float32{0.5, -0.25}, &dec)
	local := infer.Compile(net.Decoder).Forward(nil, []float32{0.5, -0.25})
	for i := range local {
		if local[i] != wf[i] {
			t.Fatalf("local decode %v, worker %v", local, wf)
		}
	}

	var saved protocol.BytesReply
	f = mustCall(t, w, protocol.Save, "s", &protocol.SaveBody{Name: "mine"}, nil, &saved)
	if saved.Bytes <= 0 {
		t.Fatalf("save %+v", saved)
	}
	// Load into another slot, with data, and keep training.
	var loaded protocol.CreatedBody
	mustCall(t, w, protocol.Load, "t", &protocol.LoadBody{Bytes: saved.Bytes, Data: &protocol.DataConfig{Source: "toy", Name: "moons", N: 100}}, f, &loaded)
	if loaded.Step != 30 || loaded.Kind != kind || loaded.Train != 100 || loaded.Params != created.Params {
		t.Errorf("loaded %+v (created %+v)", loaded, created)
	}
	var snap2 protocol.SnapshotReply
	f2 := mustCall(t, w, protocol.Snapshot, "t", nil, nil, &snap2)
	if len(f2) != len(f) && false {
		t.Error("unreachable")
	}
	net2, err := protocol.NetworkFromSnapshot(snap2, f2)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := infer.Compile(net2.Decoder).Forward(nil, []float32{0.5, -0.25}), local; got[0] != want[0] || got[1] != want[1] {
		t.Errorf("loaded model decodes %v, saved one %v", got, want)
	}
	mustCall(t, w, protocol.Train, "t", &protocol.TrainBody{Steps: 2}, nil, &tr)
	if tr.Step != 32 {
		t.Errorf("loaded model trained to step %d", tr.Step)
	}

	mustCall(t, w, protocol.Dispose, "s", nil, nil, nil)
	if r, _ := call(t, w, protocol.Encode, "s", nil, nil, nil); !strings.Contains(r.Error, "no model") {
		t.Errorf("encode after dispose: %q", r.Error)
	}
}

func TestFlowFake(t *testing.T) {
	for _, kind := range []string{"ae", "dae", "cae", "vae"} {
		t.Run(kind, func(t *testing.T) { testFlow(t, fakeBackend{}, kind) })
	}
}

func TestFlowEngine(t *testing.T) {
	for _, kind := range []string{"ae", "dae", "cae", "vae"} {
		t.Run(kind, func(t *testing.T) { testFlow(t, Engine{}, kind) })
	}
}

func TestBadMessages(t *testing.T) {
	w := New(fakeBackend{}, nil)
	r, _ := w.HandleJSON([]byte(`{not json`), nil)
	if r.Type != protocol.ErrorType || r.Error == "" {
		t.Errorf("bad JSON: %+v", r)
	}
	r, _ = w.HandleJSON([]byte(`{"type":"fly","seq":5}`), nil)
	if r.Seq != 5 || !strings.Contains(r.Error, `unknown message type "fly"`) {
		t.Errorf("unknown type: %+v", r)
	}
	r, _ = w.HandleJSON([]byte(`{"type":"train","seq":6,"body":{"steps":"many"}}`), nil)
	if r.Seq != 6 || r.Type != protocol.Trained || r.Error == "" {
		t.Errorf("bad body: %+v", r)
	}
	cases := []struct {
		typ  string
		body any
		f    []float32
		want string
	}{
		{protocol.Train, &protocol.TrainBody{Steps: 1}, nil, "no model"},
		{protocol.Create, &protocol.CreateBody{Model: spec.Config{Kind: "gan"}, Data: protocol.DataConfig{Source: "toy", Name: "moons"}}, nil, `kind "gan"`},
		{protocol.Create, &protocol.CreateBody{Model: spec.Config{Kind: "ae"}, Data: protocol.DataConfig{Source: "toy", Name: "nope"}}, nil, "nope"},
		{protocol.Create, &protocol.CreateBody{Model: spec.Config{Kind: "ae"}, Data: protocol.DataConfig{Source: "cifar"}}, nil, "unknown dataset source"},
		{protocol.Create, &protocol.CreateBody{Model: spec.Config{Kind: "ae", LR: -1}, Data: protocol.DataConfig{Source: "toy", Name: "moons"}}, nil, "learning rate"},
		{protocol.Create, &protocol.CreateBody{Model: spec.Config{Kind: "ae", Hidden: []int{1 << 20}}, Data: protocol.DataConfig{Source: "toy", Name: "moons"}}, nil, "hidden width"},
		{protocol.Create, &protocol.CreateBody{Model: spec.Config{Kind: "ae"}, Data: protocol.DataConfig{Source: "mnist"}}, nil, "MNIST"},
		{protocol.Load, &protocol.LoadBody{Name: "../../etc/passwd"}, nil, "bad model name"},
		{protocol.Load, &protocol.LoadBody{Bytes: 100}, []float32{1}, "do not fit"},
		{protocol.Load, &protocol.LoadBody{Bytes: 3}, []float32{1}, "bad model file"},
		{protocol.Load, &protocol.LoadBody{}, nil, "bytes or a model name"},
		{protocol.Bench, &protocol.BenchBody{Workload: "R9"}, nil, "unknown preset"},
	}
	for _, c := range cases {
		r, _ := call(t, w, c.typ, "", c.body, c.f, nil)
		if !strings.Contains(r.Error, c.want) {
			t.Errorf("%s %+v: error %q, want it to mention %q", c.typ, c.body, r.Error, c.want)
		}
	}
	// Per-model checks.
	mustCall(t, w, protocol.Create, "", &protocol.CreateBody{Model: spec.Config{Kind: "vae", Latent: 2},
		Data: protocol.DataConfig{Source: "toy", Name: "circle", N: 50, Test: 10}}, nil, nil)
	bad := []struct {
		typ  string
		body any
		f    []float32
		want string
	}{
		{protocol.Train, &protocol.TrainBody{Steps: 0}, nil, "steps"},
		{protocol.Train, &protocol.TrainBody{Steps: 1 << 20}, nil, "steps"},
		{protocol.Decode, nil, nil, "latent size"},
		{protocol.Decode, nil, []float32{1, 2, 3}, "latent size"},
		{protocol.Encode, &protocol.EncodeBody{Inputs: true}, []float32{1, 2, 3}, "input size"},
		{protocol.Encode, &protocol.EncodeBody{Split: "val"}, nil, "unknown split"},
		{protocol.Encode, &protocol.EncodeBody{Offset: 10}, nil, "offset"},
		{protocol.Grid, &protocol.GridBody{DimX: 3}, nil, "grid dimensions"},
		{protocol.Grid, &protocol.GridBody{N: 1000}, nil, "grid size"},
		{protocol.Sample, &protocol.SampleBody{N: -1}, nil, "samples"},
		{protocol.Jacobian, &protocol.JacobianBody{}, []float32{1, 2, 3}, "want 2"},
		{protocol.Jacobian, &protocol.JacobianBody{Index: 99}, nil, "index"},
		{protocol.Contraction, &protocol.ContractionBody{Sigma: -1}, nil, "σ > 0"},
		{protocol.Set, &protocol.SetBody{LR: ptr(20)}, nil, "learning rate"},
		{protocol.Set, &protocol.SetBody{Beta: ptr(-1)}, nil, "≥ 0"},
	}
	for _, c := range bad {
		r, _ := call(t, w, c.typ, "", c.body, c.f, nil)
		if !strings.Contains(r.Error, c.want) {
			t.Errorf("%s %+v: error %q, want it to mention %q", c.typ, c.body, r.Error, c.want)
		}
	}
	// The model survives bad requests.
	mustCall(t, w, protocol.Train, "", &protocol.TrainBody{Steps: 2}, nil, nil)
}

func ptr(v float64) *float64 { return &v }

func TestDivergenceRestoresWeights(t *testing.T) {
	w := New(fakeBackend{}, nil)
	mustCall(t, w, protocol.Create, "", &protocol.CreateBody{Model: spec.Config{Kind: "ae", Hidden: []int{8}, LR: 0.01},
		Data: protocol.DataConfig{Source: "toy", Name: "moons", N: 50}}, nil, nil)
	mustCall(t, w, protocol.Train, "", &protocol.TrainBody{Steps: 5}, nil, nil)
	var before protocol.SnapshotReply
	fb := mustCall(t, w, protocol.Snapshot, "", nil, nil, &before)

	lr := 5.0
	mustCall(t, w, protocol.Set, "", &protocol.SetBody{LR: &lr}, nil, nil)
	var tr protocol.TrainedBody
	// A diverged chunk is not an error reply: its body says why (and keeps
	// the metrics of the steps before), as TrainedBody documents.
	mustCall(t, w, protocol.Train, "", &protocol.TrainBody{Steps: 100}, nil, &tr)
	if !strings.Contains(tr.Diverged, "diverged") || !strings.Contains(tr.Diverged, "learning rate 5 ") ||
		!strings.Contains(tr.Diverged, "weights restored to step 5") {
		t.Errorf("diverged %q", tr.Diverged)
	}
	if tr.Diverged == "" || tr.Restored != 5 || tr.Step != 5 || len(tr.Metrics) == 0 || len(tr.Metrics) >= 100 {
		t.Errorf("trained body: step %d restored %d, %d metrics, %q", tr.Step, tr.Restored, len(tr.Metrics), tr.Diverged)
	}
	var after protocol.SnapshotReply
	fa := mustCall(t, w, protocol.Snapshot, "", nil, nil, &after)
	if after.Step != 5 || len(fa) != len(fb) {
		t.Fatalf("after: step %d", after.Step)
	}
	for i := range fa {
		if fa[i] != fb[i] {
			t.Fatalf("weight %d is %v after restore, was %v", i, fa[i], fb[i])
		}
	}
	// A sane learning rate trains on from there.
	lr = 0.01
	mustCall(t, w, protocol.Set, "", &protocol.SetBody{LR: &lr}, nil, nil)
	mustCall(t, w, protocol.Train, "", &protocol.TrainBody{Steps: 3}, nil, &tr)
	if tr.Step != 8 {
		t.Errorf("step %d", tr.Step)
	}
}

func TestPanicRecovered(t *testing.T) {
	w := New(fakeBackend{}, nil)
	mustCall(t, w, protocol.Create, "p", &protocol.CreateBody{Model: spec.Config{Kind: "ae", Seed: 666},
		Data: protocol.DataConfig{Source: "toy", Name: "moons", N: 50}}, nil, nil)
	r, _ := call(t, w, protocol.Train, "p", &protocol.TrainBody{Steps: 1}, nil, nil)
	if !strings.Contains(r.Error, "engine panic in train") || !strings.Contains(r.Error, "index out of range") {
		t.Errorf("error %q", r.Error)
	}
	// The slot is gone; the worker still works.
	if r, _ := call(t, w, protocol.Snapshot, "p", nil, nil, nil); !strings.Contains(r.Error, "no model") {
		t.Errorf("snapshot after panic: %q", r.Error)
	}
	mustCall(t, w, protocol.Hello, "", nil, nil, nil)
}

func TestStaleRunsDropped(t *testing.T) {
	w := New(fakeBackend{}, nil)
	old := protocol.MustNew(protocol.Hello, nil)
	old.Run, old.Slot = 1, "a"
	w.Note(old)
	newer := old
	newer.Run = 2
	w.Note(newer) // arrives while old is still queued
	r, _ := w.Handle(old, nil)
	if !strings.Contains(r.Error, "stale") || r.Type != protocol.Ready {
		t.Errorf("old run: %+v", r)
	}
	if r, _ := w.Handle(newer, nil); r.Error != "" {
		t.Errorf("new run: %+v", r)
	}
	// Other slots and run 0 are unaffected.
	other := old
	other.Slot = "b"
	if r, _ := w.Handle(other, nil); r.Error != "" {
		t.Errorf("other slot: %+v", r)
	}
}

func TestMNISTFetchedOnce(t *testing.T) {
	fetches := map[string]int{}
	w := New(fakeBackend{}, func(path string) ([]byte, error) {
		fetches[path]++
		switch path {
		case MNISTTrainPath:
			return fakeMNISTFile(30), nil
		case MNISTTestPath:
			return fakeMNISTFile(10), nil
		}
		return nil, errors.New("404 " + path)
	})
	for i := range 2 {
		var c protocol.CreatedBody
		mustCall(t, w, protocol.Create, "", &protocol.CreateBody{Model: spec.Config{Kind: "vae"},
			Data: protocol.DataConfig{Source: "mnist", N: 20 + i}}, nil, &c)
		if c.Input != 784 || c.Width != 28 || c.Train != 20+i || c.Test != 10 || c.Config.Model.Output != "bernoulli" {
			t.Errorf("created %+v", c)
		}
	}
	if fetches[MNISTTrainPath] != 1 || fetches[MNISTTestPath] != 1 {
		t.Errorf("fetches %v", fetches)
	}
	var wr protocol.WeightsReply
	mustCall(t, w, protocol.Weights, "", nil, nil, &wr)
	if wr.Width != 28 || wr.N != 256 {
		t.Errorf("weights %+v", wr)
	}
	if r, _ := call(t, w, protocol.Load, "", &protocol.LoadBody{Name: "vae-mnist-2d"}, nil, nil); !strings.Contains(r.Error, "404 /web/models/vae-mnist-2d.llm") {
		t.Errorf("load by name: %q", r.Error)
	}
}

func TestTrainTimeBudget(t *testing.T) {
	w := New(Engine{}, nil)
	mustCall(t, w, protocol.Create, "", &protocol.CreateBody{Model: spec.Config{Kind: "vae", Hidden: []int{64}},
		Data: protocol.DataConfig{Source: "toy", Name: "spiral", N: 500, Test: 100}}, nil, nil)
	var tr protocol.TrainedBody
	mustCall(t, w, protocol.Train, "", &protocol.TrainBody{Steps: 5000, MaxMs: 1e-6, EvalEnd: true}, nil, &tr)
	if len(tr.Metrics) != 1 || tr.Step != 1 || len(tr.Eval) != 1 {
		t.Errorf("a tiny budget took %d steps (step %d, %d evals)", len(tr.Metrics), tr.Step, len(tr.Eval))
	}
}

// A chunk asked for ahead (From) runs only from the step it names: after
// a chunk that ended where the page expected it trains on, after one that
// stopped elsewhere (a divergence put the weights back) it takes no steps.
func TestTrainFrom(t *testing.T) {
	w := New(Engine{}, nil)
	mustCall(t, w, protocol.Create, "", &protocol.CreateBody{Model: spec.Config{Kind: "vae", Hidden: []int{16}},
		Data: protocol.DataConfig{Source: "toy", Name: "spiral", N: 200, Test: 50}}, nil, nil)
	var tr protocol.TrainedBody
	mustCall(t, w, protocol.Train, "", &protocol.TrainBody{Steps: 3}, nil, &tr)
	mustCall(t, w, protocol.Train, "", &protocol.TrainBody{Steps: 4, From: 3}, nil, &tr)
	if len(tr.Metrics) != 4 || tr.Step != 7 {
		t.Fatalf("from the expected step: %d steps, at step %d; want 4, 7", len(tr.Metrics), tr.Step)
	}
	tr = protocol.TrainedBody{}
	mustCall(t, w, protocol.Train, "", &protocol.TrainBody{Steps: 4, From: 9}, nil, &tr)
	if len(tr.Metrics) != 0 || tr.Step != 7 || tr.Diverged != "" {
		t.Errorf("from another step: %d steps, at step %d (%q); want none, 7", len(tr.Metrics), tr.Step, tr.Diverged)
	}
}

// The divergence policy: a loss over explodeFloor and explodeFactor × the
// first is an explosion, a non-finite loss too; a VAE's watched loss is
// −ELBO, whatever β.
func TestExplosionPolicy(t *testing.T) {
	var s slot
	if r := s.explosion(protocol.StepMetrics{Step: 1, Loss: 500}); r != "" || s.first != 500 {
		t.Fatalf("first step: %q, first %g", r, s.first)
	}
	for _, c := range []struct {
		m    protocol.StepMetrics
		want string
	}{
		{protocol.StepMetrics{Step: 2, Loss: 5e5}, ""}, // too soon after the first
		{protocol.StepMetrics{Step: 3, Loss: 1e4}, ""}, // at the floor, 20× the first
		{protocol.StepMetrics{Step: 3, Loss: 9e3}, ""}, // under the floor
		{protocol.StepMetrics{Step: 3, Loss: 2e5}, "exploded to 2e+05 at step 3, 400×"},
		{protocol.StepMetrics{Step: 3, Loss: math.NaN()}, "NaN"},
		{protocol.StepMetrics{Step: 3, Loss: 2e5, Recon: 400, KL: 100, KLPerDim: []float64{100}}, ""}, // β·KL, not an explosion
	} {
		if got := s.explosion(c.m); c.want == "" && got != "" || !strings.Contains(got, c.want) {
			t.Errorf("%+v: %q, want %q", c.m, got, c.want)
		}
	}
}

// A sensitivity curve: one ratio per σ, for the code or the reconstruction,
// on either split.
func TestContractionCurve(t *testing.T) {
	w := New(Engine{}, nil)
	c := spec.Default(spec.CAE)
	c.Latent, c.Output, c.Tied, c.LR, c.Batch = 8, "gaussian", true, 0.01, 32
	mustCall(t, w, protocol.Create, "", &protocol.CreateBody{Model: c,
		Data: protocol.DataConfig{Source: "toy", Name: "circle", N: 200, Test: 50, Noise: 0.05, Seed: 1}}, nil, nil)
	sigmas := []float64{0.01, 0.1, 1}
	for _, of := range []string{"code", "reconstruction"} {
		for _, split := range []string{"test", "train"} {
			var r protocol.ContractionReply
			mustCall(t, w, protocol.Contraction, "", &protocol.ContractionBody{Sigmas: sigmas, Count: 40, Draws: 2, Split: split, Of: of}, nil, &r)
			if len(r.Ratios) != 3 || len(r.StdErrs) != 3 || r.N != 40 || r.Ratio != r.Ratios[0] {
				t.Fatalf("%s on %s: %+v", of, split, r)
			}
			for k, v := range r.Ratios {
				if !(v > 0) || math.IsInf(v, 0) {
					t.Errorf("%s on %s: ratio at σ=%g is %g", of, split, sigmas[k], v)
				}
			}
		}
	}
	if r, _ := call(t, w, protocol.Contraction, "", &protocol.ContractionBody{Sigma: 0.1, Count: 10, Draws: 1, Of: "weights"}, nil, nil); !strings.Contains(r.Error, "code or reconstruction") {
		t.Errorf("unknown measure: %q", r.Error)
	}
}
