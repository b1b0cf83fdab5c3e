package engine

import (
	"strings"
	"testing"
	"time"

	"latentlab/core/infer"
	"latentlab/core/spec"
	"latentlab/wasm/protocol"
	"latentlab/wasm/worker"
)

// deferredWorker is the real worker (core's engine) behind a transport that
// queues requests until flush, the way a Web Worker answers later: so a
// test can send, change its mind, and then see which replies arrive.
type deferredWorker struct {
	c *Client
	w *worker.Worker
	q []queuedMsg
}

type queuedMsg struct {
	m protocol.Message
	f []float32
}

func (d *deferredWorker) send(m protocol.Message, f []float32) error {
	b, err := protocol.Marshal(m) // through JSON, as postMessage
	if err != nil {
		return err
	}
	if m, err = protocol.Unmarshal(b); err != nil {
		return err
	}
	d.w.Note(m) // the worker notes a request on arrival, before it is handled
	d.q = append(d.q, queuedMsg{m, append([]float32(nil), f...)})
	return nil
}

func (d *deferredWorker) close() {}

func (d *deferredWorker) ping() error { d.c.heard(); return nil }

// flush answers every queued request, in order.
func (d *deferredWorker) flush() {
	for len(d.q) > 0 {
		q := d.q[0]
		d.q = d.q[1:]
		r, rf := d.w.Handle(q.m, q.f)
		b, _ := protocol.Marshal(r)
		r, _ = protocol.Unmarshal(b)
		d.c.receive(r, rf)
	}
}

func newDeferred() *deferredWorker {
	d := &deferredWorker{w: worker.New(worker.Engine{}, nil)}
	d.c = newClient(func(*Client) (transport, error) { return d, nil })
	return d
}

// toyVAE is a small VAE on the toy moons.
func toyVAE() (spec.Config, Data) {
	c := spec.Default(spec.VAE)
	c.Hidden, c.LR, c.Batch, c.Output = []int{16}, 0.01, 50, "" // the data choose the output: Gaussian
	return c, Toy("moons", 200, 50, 0.05, 3)
}

func TestModelLifecycle(t *testing.T) {
	d := newDeferred()
	m := d.c.Model("vae:t")
	cfg, data := toyVAE()
	var info Info
	m.Create(cfg, data, func(i Info, err error) {
		if err != nil {
			t.Fatal(err)
		}
		info = i
	})
	d.flush()
	if info.Kind != "vae" || info.Input != 2 || info.Train != 200 || info.Test != 50 || info.Params != cfg.WithDefaults(spec.Data{Dim: 2}).NumParams() ||
		info.Config.Output != "gaussian" || info.Data.Name != "moons" {
		t.Fatalf("info %+v", info)
	}
	var trained Trained
	m.Train(Chunk{Steps: 12, EvalEnd: true}, func(r Trained, err error) {
		if err != nil {
			t.Fatal(err)
		}
		trained = r
	})
	var snap Snapshot
	m.Snapshot(func(s Snapshot, err error) { snap = s })
	var codes Codes
	m.Encode(Points{Count: 10}, func(c Codes, err error) { codes = c })
	var pairs Pairs
	m.Reconstruct(Points{Split: "train", Count: 4}, func(p Pairs, err error) { pairs = p })
	var filters Filters
	m.Weights(5, func(f Filters, err error) { filters = f })
	var file []byte
	m.Save(map[string]string{"widget": "test"}, func(b []byte, err error) { file = b })
	d.flush()
	if trained.Step != 12 || len(trained.Metrics) != 12 || len(trained.Eval) != 1 || trained.Diverged != "" {
		t.Errorf("trained %+v", trained)
	}
	if snap.Net == nil || snap.Step != 12 || snap.Net.Latent != 2 {
		t.Fatalf("snapshot %+v", snap)
	}
	if codes.N != 10 || codes.Latent != 2 || len(codes.Mu) != 20 || len(codes.Sigma) != 20 {
		t.Errorf("codes %+v", codes)
	}
	if pairs.N != 4 || pairs.Dim != 2 || len(pairs.Input(3)) != 2 {
		t.Errorf("pairs %+v", pairs)
	}
	mu, _ := snap.Net.Encode(pairs.Input(1))
	if want := snap.Net.Decode(mu); want[0] != pairs.Output(1)[0] {
		t.Errorf("reconstruction %v, local %v", pairs.Output(1), want)
	}
	if filters.N != 5 || filters.In != 2 || len(filters.Row(4)) != 2 {
		t.Errorf("filters %+v", filters)
	}
	var images Images
	m.Decode([]float32{0.5, -0.25}, func(im Images, err error) { images = im })
	d.flush()
	// The worker decodes with the compiled decoder (the trainer's batched pass, bit for bit).
	if local := infer.Compile(snap.Net.Decoder).Forward(nil, []float32{0.5, -0.25}); images.N != 1 || images.Image(0)[1] != local[1] {
		t.Errorf("worker decode %+v, local %v", images, local)
	}

	// The saved file loads into another slot, step count and all.
	other := d.c.Model("vae:copy")
	var loaded Info
	other.Load(Source{File: file, Data: &data, Kind: "vae"}, func(i Info, err error) {
		if err != nil {
			t.Fatal(err)
		}
		loaded = i
	})
	d.flush()
	if loaded.Step != 12 || loaded.Latent != 2 || loaded.Config.Hidden[0] != 16 {
		t.Errorf("loaded %+v", loaded)
	}
	var refused error
	other.Load(Source{File: file, Kind: "cae"}, func(_ Info, err error) { refused = err })
	d.flush()
	if refused == nil || !strings.Contains(refused.Error(), "not a CAE") {
		t.Errorf("kind check: %v", refused)
	}
	other.Load(Source{Name: "../secret"}, func(_ Info, err error) { refused = err })
	d.flush()
	if refused == nil || !strings.Contains(refused.Error(), "bad model name") {
		t.Errorf("bad name: %v", refused)
	}
}

// Create starts a new life: replies to requests of the old one never reach
// their callbacks, and the worker skips the old requests still queued.
func TestModelStaleRepliesStayInside(t *testing.T) {
	d := newDeferred()
	m := d.c.Model("vae:t")
	cfg, data := toyVAE()
	m.Create(cfg, data, func(Info, error) {})
	d.flush()
	oldCalled := false
	m.Train(Chunk{Steps: 5}, func(Trained, error) { oldCalled = true })
	var info Info
	m.Create(cfg, data, func(i Info, err error) { info = i })
	d.flush()
	if oldCalled {
		t.Error("the train reply of the previous life reached its callback")
	}
	if info.Step != 0 {
		t.Errorf("new life starts at step %d", info.Step)
	}
	m.Dispose()
	var err error
	m.Snapshot(func(_ Snapshot, e error) { err = e })
	d.flush()
	if err == nil || !strings.Contains(err.Error(), "no model") {
		t.Errorf("snapshot after Dispose: %v", err)
	}
}

// Divergence is the engine's policy, reported in the reply; the weights
// it keeps are finite.
func TestModelReportsDivergence(t *testing.T) {
	d := newDeferred()
	m := d.c.Model("ae:t")
	cfg := spec.Default(spec.AE)
	cfg.Hidden, cfg.Optimizer, cfg.Momentum, cfg.LR = []int{16}, "sgd", 0, 0.01
	m.Create(cfg, Toy("blobs", 100, 20, 0, 1), func(_ Info, err error) {
		if err != nil {
			t.Fatal(err)
		}
	})
	m.SetLR(10, nil)
	var r Trained
	m.Train(Chunk{Steps: 300}, func(tr Trained, err error) { r = tr })
	d.flush()
	if !strings.Contains(r.Diverged, "diverged") || r.Step != r.Restored || len(r.Metrics) >= 300 {
		t.Fatalf("trained %+v", r)
	}
	var snap Snapshot
	m.Snapshot(func(s Snapshot, _ error) { snap = s })
	d.flush()
	if snap.Net == nil || snap.Step != r.Restored {
		t.Errorf("snapshot after divergence %+v", snap)
	}
}

// Deliver decides where callbacks run.
func TestModelDeliver(t *testing.T) {
	d := newDeferred()
	m := d.c.Model("vae:t")
	var queued []func()
	m.Deliver = func(fn func()) { queued = append(queued, fn) }
	cfg, data := toyVAE()
	called := false
	m.Create(cfg, data, func(Info, error) { called = true })
	d.flush()
	if called || len(queued) != 1 {
		t.Fatalf("callback ran outside Deliver (%v, %d queued)", called, len(queued))
	}
	queued[0]()
	if !called {
		t.Error("delivered callback did not run")
	}
}

// TestModelTrace: a trace of a toy VAE arrives split into its parts, the
// same seed gives the same ε, and a malformed payload is an error.
func TestModelTrace(t *testing.T) {
	d := newDeferred()
	m := d.c.Model("vae:trace")
	cfg, data := toyVAE()
	m.Create(cfg, data, func(Info, error) {})
	var a, b Trace
	var errA error
	m.Trace(TraceOf{Index: 4, Seed: 3}, func(tr Trace, err error) { a, errA = tr, err })
	m.Trace(TraceOf{Input: []float32{0.5, -0.2}, Eps: []float32{1, 0}}, func(tr Trace, _ error) { b = tr })
	d.flush()
	if errA != nil {
		t.Fatal(errA)
	}
	if len(a.X) != 2 || len(a.Recon) != 2 || len(a.Hidden) != 1 || len(a.Hidden[0]) != 16 || len(a.Mu) != 2 || a.Output != "gaussian" {
		t.Errorf("trace %+v", a)
	}
	if b.X[0] != 0.5 || b.Eps[0] != 1 || b.Z[1] != b.Mu[1] {
		t.Errorf("trace of given x and ε: x %v ε %v μ %v z %v", b.X, b.Eps, b.Mu, b.Z)
	}
	if _, err := traceOf(a.TraceReply, make([]float32, 3)); err == nil {
		t.Error("a short payload was accepted")
	}
}

// TestModelCost: a callback reads the engine's own time for its request
// (the real worker's, through JSON), each callback its own when several
// replies wait for delivery.
func TestModelCost(t *testing.T) {
	d := newDeferred()
	m := d.c.Model("vae:t")
	var queued []func()
	m.Deliver = func(fn func()) { queued = append(queued, fn) }
	cfg, data := toyVAE()
	m.Create(cfg, data, func(Info, error) {})
	var costs []float64
	m.Train(Chunk{Steps: 200, EvalEnd: true}, func(r Trained, err error) {
		if err != nil || m.Cost() < time.Duration(r.Millis*float64(time.Millisecond)) {
			t.Errorf("train: cost %v < the chunk's %v ms (%v)", m.Cost(), r.Millis, err)
		}
		costs = append(costs, float64(m.Cost()))
	})
	m.Snapshot(func(Snapshot, error) { costs = append(costs, float64(m.Cost())) })
	d.flush()
	for _, fn := range queued {
		fn()
	}
	if len(costs) != 2 || costs[0] <= 0 || costs[1] <= 0 || costs[1] >= costs[0] {
		t.Errorf("costs %v: want a 200-step chunk's dearer than a snapshot, both > 0", costs)
	}
}
