package worker

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"latentlab/core/data"
	"latentlab/core/spec"
	"latentlab/wasm/protocol"
)

// mnistFile encodes n synthetic 28×28 digits in the real subset format.
func mnistFile(t *testing.T, n int) []byte {
	t.Helper()
	d := SyntheticMNIST(n, uint64(n))
	pix := make([]uint8, len(d.X))
	for i, v := range d.X {
		pix[i] = uint8(v * 255)
	}
	lab := make([]uint8, n)
	for i := range lab {
		lab[i] = uint8(d.Labels[i])
	}
	var b bytes.Buffer
	if err := data.EncodeMNIST(&b, n, 28, 28, lab, pix); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestEngineMNISTSaveLoad(t *testing.T) {
	files := map[string][]byte{MNISTTrainPath: mnistFile(t, 120), MNISTTestPath: mnistFile(t, 30)}
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
	var c protocol.CreatedBody
	mustCall(t, w, protocol.Create, "", &protocol.CreateBody{Model: spec.Config{Kind: "vae", Hidden: []int{32}, Batch: 20},
		Data: protocol.DataConfig{Source: "mnist"}}, nil, &c)
	if c.Train != 120 || c.Test != 30 || c.Width != 28 || c.Latent != 2 || c.Params != 784*32+32+32*4+4+2*32+32+32*784+784 {
		t.Errorf("created %+v", c)
	}
	var tr protocol.TrainedBody
	mustCall(t, w, protocol.Train, "", &protocol.TrainBody{Steps: 12, EvalEnd: true}, nil, &tr)
	if len(tr.Eval) != 1 || tr.Eval[0].N != 30 || !(tr.Metrics[11].Loss < tr.Metrics[0].Loss) {
		t.Errorf("trained: first loss %g, last %g, eval %+v", tr.Metrics[0].Loss, tr.Metrics[11].Loss, tr.Eval)
	}
	var g protocol.GridReply
	f := mustCall(t, w, protocol.Grid, "", &protocol.GridBody{N: 3}, nil, &g)
	if g.Width != 28 || len(f) != 9*784 {
		t.Errorf("grid %+v, %d floats", g, len(f))
	}
	var br protocol.BytesReply
	f = mustCall(t, w, protocol.Save, "", &protocol.SaveBody{Name: "mine"}, nil, &br)
	if saved, _ = protocol.UnpackBytes(f, br.Bytes); !bytes.HasPrefix(saved, []byte("LLAB")) {
		t.Fatalf("saved file starts %q", saved[:8])
	}
	// Load by name, without data: inspect only.
	var lc protocol.CreatedBody
	mustCall(t, w, protocol.Load, "m", &protocol.LoadBody{Name: "mine"}, nil, &lc)
	if lc.Step != 12 || lc.Kind != "vae" || lc.Train != 0 || lc.Config.Model.Batch != 20 || lc.Config.Data.Source != "mnist" {
		t.Errorf("loaded %+v %+v", lc, lc.Config)
	}
	f = mustCall(t, w, protocol.Decode, "m", nil, []float32{1, 1}, nil)
	if len(f) != 784 {
		t.Errorf("decode %d", len(f))
	}
	if r, _ := call(t, w, protocol.Train, "m", &protocol.TrainBody{Steps: 1}, nil, nil); !strings.Contains(r.Error, "without a dataset") {
		t.Errorf("train frozen: %q", r.Error)
	}
	// Load with data: trains on from step 12.
	mustCall(t, w, protocol.Load, "m", &protocol.LoadBody{Name: "mine", Data: &protocol.DataConfig{Source: "mnist", N: 60}}, nil, &lc)
	mustCall(t, w, protocol.Train, "m", &protocol.TrainBody{Steps: 2}, nil, &tr)
	if tr.Step != 14 || tr.Metrics[0].Step != 13 {
		t.Errorf("trained loaded model to %d (first metric step %d)", tr.Step, tr.Metrics[0].Step)
	}
	// Corrupt files are refused with a reason.
	bad := append([]byte(nil), saved...)
	bad[len(bad)/2] ^= 0xff
	if r, _ := call(t, w, protocol.Load, "m", &protocol.LoadBody{Bytes: len(bad)}, protocol.PackBytes(bad), nil); !strings.Contains(r.Error, "bad model file") {
		t.Errorf("corrupt file: %q", r.Error)
	}
}

func TestEngineDivergence(t *testing.T) {
	w := New(Engine{}, nil)
	mustCall(t, w, protocol.Create, "", &protocol.CreateBody{Model: spec.Config{Kind: "ae", Hidden: []int{16}, Optimizer: "sgd", LR: 1e-2},
		Data: protocol.DataConfig{Source: "toy", Name: "blobs", N: 100}}, nil, nil)
	mustCall(t, w, protocol.Train, "", &protocol.TrainBody{Steps: 3}, nil, nil)
	var before protocol.SnapshotReply
	fb := mustCall(t, w, protocol.Snapshot, "", nil, nil, &before)
	lr := 10.0
	mustCall(t, w, protocol.Set, "", &protocol.SetBody{LR: &lr}, nil, nil)
	var tr protocol.TrainedBody
	mustCall(t, w, protocol.Train, "", &protocol.TrainBody{Steps: 200}, nil, &tr)
	if !strings.Contains(tr.Diverged, "diverged") || !strings.Contains(tr.Diverged, "weights restored to step") {
		t.Fatalf("diverged %q", tr.Diverged)
	}
	var after protocol.SnapshotReply
	fa := mustCall(t, w, protocol.Snapshot, "", nil, nil, &after)
	if after.Step != tr.Restored || tr.Step != tr.Restored {
		t.Errorf("snapshot step %d, restored %d, step %d", after.Step, tr.Restored, tr.Step)
	}
	finite32(t, "weights after divergence", fa)
	if len(fa) != len(fb) {
		t.Fatal("architecture changed")
	}
	lr = 1e-3
	mustCall(t, w, protocol.Set, "", &protocol.SetBody{LR: &lr}, nil, nil)
	tr = protocol.TrainedBody{}
	mustCall(t, w, protocol.Train, "", &protocol.TrainBody{Steps: 3}, nil, &tr)
	if tr.Diverged != "" {
		t.Errorf("still diverging: %s", tr.Diverged)
	}
}

func TestBenchMessage(t *testing.T) {
	if testing.Short() {
		t.Skip("bench workloads take a few seconds")
	}
	w := New(Engine{}, nil)
	for _, wl := range []string{"R2", "D1", "D1r"} {
		var br protocol.BenchReply
		mustCall(t, w, protocol.Bench, "b", &protocol.BenchBody{Workload: wl, Steps: 2, Warmup: 1, Keep: true}, nil, &br)
		if br.Workload != wl || len(br.Millis) != 2 || !(br.MedianMs > 0) || br.Data != "synthetic" || br.Float != "float32" {
			t.Errorf("bench %+v", br)
		}
	}
	// The kept D1 model (R1's architecture) decodes through the worker.
	if f := mustCall(t, w, protocol.Decode, "b", nil, []float32{0, 1}, nil); len(f) != 784 {
		t.Errorf("decode with the kept bench model: %d values", len(f))
	}
}

// A model without hidden layers (and a pretrain-style file, whose config is a
// bare core/model Config) loads with its own architecture.
func TestEngineLoadNoHidden(t *testing.T) {
	w := New(Engine{}, nil)
	mustCall(t, w, protocol.Create, "", &protocol.CreateBody{Model: spec.Config{Kind: "ae", Hidden: []int{}, Latent: 3, CodeAct: "tanh"},
		Data: protocol.DataConfig{Source: "toy", Name: "swissroll", N: 100}}, nil, nil)
	var br protocol.BytesReply
	f := mustCall(t, w, protocol.Save, "", nil, nil, &br)
	var c protocol.CreatedBody
	mustCall(t, w, protocol.Load, "x", &protocol.LoadBody{Bytes: br.Bytes, Data: &protocol.DataConfig{Source: "toy", Name: "swissroll", N: 50}}, f, &c)
	if c.Input != 3 || c.Latent != 3 || len(c.Config.Model.Hidden) != 0 || c.Config.Model.CodeAct != "tanh" {
		t.Errorf("loaded %+v, config %+v", c, c.Config.Model)
	}
	mustCall(t, w, protocol.Train, "x", &protocol.TrainBody{Steps: 2}, nil, nil)
}

// TestHeldOutOnlyFetchesNoTrainingData: a model loaded to be inspected with
// the held-out digits (the pretrained explorer) fetches the held-out file
// alone, encodes and reconstructs them, refuses to train; a create that asks
// for held-out data only is refused with a reason; a later create fetches
// the training file then, and the held-out file is not fetched again.
func TestHeldOutOnlyFetchesNoTrainingData(t *testing.T) {
	files := map[string][]byte{MNISTTrainPath: mnistFile(t, 120), MNISTTestPath: mnistFile(t, 30)}
	fetched := map[string]int{}
	var saved []byte
	fetch := func(path string) ([]byte, error) {
		fetched[path]++
		if path == "/web/models/mine.llm" {
			return saved, nil
		}
		return files[path], nil
	}
	// A model file to load, saved by a worker of its own.
	src := New(Engine{}, func(p string) ([]byte, error) { return files[p], nil })
	mustCall(t, src, protocol.Create, "", &protocol.CreateBody{Model: spec.Config{Kind: "vae", Hidden: []int{16}, Batch: 20},
		Data: protocol.DataConfig{Source: "mnist"}}, nil, nil)
	var br protocol.BytesReply
	f := mustCall(t, src, protocol.Save, "", &protocol.SaveBody{Name: "mine"}, nil, &br)
	saved, _ = protocol.UnpackBytes(f, br.Bytes)

	w := New(Engine{}, fetch)
	var lc protocol.CreatedBody
	mustCall(t, w, protocol.Load, "m", &protocol.LoadBody{Name: "mine", Data: &protocol.DataConfig{Source: "mnist", Test: 20, HeldOutOnly: true}}, nil, &lc)
	if fetched[MNISTTrainPath] != 0 || fetched[MNISTTestPath] != 1 {
		t.Errorf("fetched %v: want the held-out file only", fetched)
	}
	if lc.Train != 0 || lc.Test != 20 || lc.Width != 28 || lc.Height != 28 {
		t.Errorf("loaded %+v", lc)
	}
	var codes protocol.EncodeReply
	if f := mustCall(t, w, protocol.Encode, "m", &protocol.EncodeBody{Split: "test", Count: 20}, nil, &codes); codes.N != 20 || len(f) != 2*20*codes.Latent {
		t.Errorf("encoded %+v, %d floats: want the 20 held-out digits", codes, len(f))
	}
	if r, _ := call(t, w, protocol.Train, "m", &protocol.TrainBody{Steps: 1}, nil, nil); !strings.Contains(r.Error, "without a dataset") {
		t.Errorf("train a held-out-only model: %q", r.Error)
	}
	if r, _ := call(t, w, protocol.Encode, "m", &protocol.EncodeBody{Split: "train", Count: 5}, nil, nil); !strings.Contains(r.Error, "no data for that split") {
		t.Errorf("encode the training split of a held-out-only model: %q", r.Error)
	}
	if r, _ := call(t, w, protocol.Create, "c", &protocol.CreateBody{Model: spec.Config{Kind: "vae", Hidden: []int{16}},
		Data: protocol.DataConfig{Source: "mnist", HeldOutOnly: true}}, nil, nil); !strings.Contains(r.Error, "needs its training data") {
		t.Errorf("create with held-out data only: %q", r.Error)
	}
	mustCall(t, w, protocol.Create, "c", &protocol.CreateBody{Model: spec.Config{Kind: "vae", Hidden: []int{16}, Batch: 20},
		Data: protocol.DataConfig{Source: "mnist"}}, nil, nil)
	if fetched[MNISTTrainPath] != 1 || fetched[MNISTTestPath] != 1 {
		t.Errorf("fetched %v after a create: want each file once", fetched)
	}
}

// TestDeferTrainSameBits: a model created with DeferTrain fetches the
// held-out digits alone, shows its initial weights, fetches the training
// digits at the first train request, and then trains to exactly the bits
// of a model created with them (with a learning rate set in between).
func TestDeferTrainSameBits(t *testing.T) {
	files := map[string][]byte{MNISTTrainPath: mnistFile(t, 120), MNISTTestPath: mnistFile(t, 30)}
	run := func(deferTrain bool) (created protocol.CreatedBody, fetchedAtCreate map[string]int, metrics []protocol.StepMetrics, weights []float32) {
		fetched := map[string]int{}
		w := New(Engine{}, func(p string) ([]byte, error) { fetched[p]++; return files[p], nil })
		mustCall(t, w, protocol.Create, "", &protocol.CreateBody{Model: spec.Config{Kind: "vae", Hidden: []int{16}, Batch: 20, Seed: 3},
			Data: protocol.DataConfig{Source: "mnist", DeferTrain: deferTrain}}, nil, &created)
		fetchedAtCreate = map[string]int{}
		for k, v := range fetched {
			fetchedAtCreate[k] = v
		}
		lr := 0.002
		mustCall(t, w, protocol.Set, "", &protocol.SetBody{LR: &lr}, nil, nil)
		var tr protocol.TrainedBody
		mustCall(t, w, protocol.Train, "", &protocol.TrainBody{Steps: 5}, nil, &tr)
		var snap protocol.SnapshotReply
		weights = mustCall(t, w, protocol.Snapshot, "", nil, nil, &snap)
		return created, fetchedAtCreate, tr.Metrics, weights
	}
	c0, f0, m0, w0 := run(false)
	c1, f1, m1, w1 := run(true)
	if f0[MNISTTrainPath] != 1 || f1[MNISTTrainPath] != 0 || f1[MNISTTestPath] != 1 {
		t.Errorf("fetched at create: %v without DeferTrain, %v with it", f0, f1)
	}
	if c1.Train != 0 || c1.Test != 30 || c1.Params != c0.Params || c1.Width != 28 {
		t.Errorf("deferred create %+v (normal %+v)", c1, c0)
	}
	if len(m0) != 5 || len(m1) != 5 {
		t.Fatalf("metrics %d and %d steps", len(m0), len(m1))
	}
	for i := range m0 {
		if m0[i].Loss != m1[i].Loss || m0[i].Step != m1[i].Step {
			t.Errorf("step %d: loss %v deferred, %v not", i, m1[i], m0[i])
		}
	}
	if !slices.Equal(w0, w1) {
		t.Error("weights after 5 steps differ between a deferred and a normal create")
	}
}
