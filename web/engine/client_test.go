package engine

import (
	"bytes"
	"errors"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"latentlab/wasm/protocol"
)

// queued is a transport that holds requests until the test answers them.
type queued struct {
	sent   []protocol.Message
	closed int
}

func (q *queued) send(m protocol.Message, _ []float32) error { q.sent = append(q.sent, m); return nil }
func (q *queued) close()                                     { q.closed++ }
func (q *queued) ping() error                                { return nil } // a worker that never answers

func newQueued() (*Client, *[]*queued) {
	var ts []*queued
	c := newClient(func(*Client) (transport, error) {
		q := &queued{}
		ts = append(ts, q)
		return q, nil
	})
	return c, &ts
}

func TestSharedNativeFails(t *testing.T) {
	var got protocol.Message
	Shared().Do("", 0, protocol.Hello, nil, nil, func(r protocol.Message, _ []float32) { got = r })
	// Natively: ErrNoWorker; under Node (js/wasm without Web Workers): no Worker.
	if !strings.Contains(got.Error, "only in a browser") && !strings.Contains(got.Error, "no Web Workers") || got.Type != protocol.Ready {
		t.Errorf("native reply %+v", got)
	}
}

func TestLocalRoundTrip(t *testing.T) {
	c := NewLocal(func(m protocol.Message, f []float32) (protocol.Message, []float32) {
		r, _ := m.Reply(&protocol.ReadyBody{Protocol: protocol.Version, Engine: "local"})
		return r, append(f, 9)
	})
	var seqs []uint64
	for range 3 {
		c.Do("s", 7, protocol.Hello, &protocol.HelloBody{Client: "t"}, []float32{1}, func(r protocol.Message, f []float32) {
			var rb protocol.ReadyBody
			if err := r.DecodeBody(&rb); err != nil || rb.Engine != "local" || r.Slot != "s" || r.Run != 7 {
				t.Errorf("reply %+v %v", r, err)
			}
			if len(f) != 2 || f[1] != 9 {
				t.Errorf("floats %v", f)
			}
			seqs = append(seqs, r.Seq)
		})
	}
	if len(seqs) != 3 || seqs[0] != 1 || seqs[2] != 3 {
		t.Errorf("seqs %v", seqs)
	}
	if c.Generation() != 1 {
		t.Errorf("generation %d", c.Generation())
	}
}

func TestStaleRepliesDropped(t *testing.T) {
	c, ts := newQueued()
	calls := 0
	cb := func(protocol.Message, []float32) { calls++ }
	c.Do("a", 1, protocol.Train, nil, nil, cb)
	c.Do("b", 1, protocol.Train, nil, nil, cb)
	c.Do("a", 2, protocol.Train, nil, nil, cb)
	c.Drop("a", 2)
	q := (*ts)[0]
	for _, m := range q.sent {
		r, _ := m.Reply(nil)
		c.receive(r, nil)
	}
	if calls != 2 { // a/1 is stale; b/1 and a/2 arrive
		t.Errorf("%d callbacks, want 2", calls)
	}
	// A reply to an unknown seq is ignored.
	c.receive(protocol.Message{Type: protocol.Trained, Seq: 99}, nil)
	if calls != 2 {
		t.Errorf("a reply to an unknown request reached a callback (%d calls)", calls)
	}
}

func TestCrashAndReset(t *testing.T) {
	c, ts := newQueued()
	var crashes []error
	cancel := c.OnCrash(func(err error) { crashes = append(crashes, err) })
	var pendingErr string
	c.Do("", 0, protocol.Train, nil, nil, func(r protocol.Message, _ []float32) { pendingErr = r.Error })
	c.receive(protocol.Message{Type: protocol.ErrorType, Error: "cannot start the engine: HTTP 404"}, nil)
	if len(crashes) != 1 || !strings.Contains(crashes[0].Error(), "HTTP 404") || c.Crashed() == nil {
		t.Fatalf("crashes %v", crashes)
	}
	if !strings.Contains(pendingErr, "engine crashed") {
		t.Errorf("pending callback got %q", pendingErr)
	}
	if (*ts)[0].closed != 1 {
		t.Error("crashed transport not closed")
	}
	// While crashed, calls fail at once without starting a worker.
	var later string
	c.Do("", 0, protocol.Hello, nil, nil, func(r protocol.Message, _ []float32) { later = r.Error })
	if !strings.Contains(later, "HTTP 404") || len(*ts) != 1 {
		t.Errorf("call while crashed: %q, %d workers", later, len(*ts))
	}
	// Reset recovers: a new worker starts on the next call.
	c.Reset()
	if c.Crashed() != nil {
		t.Error("still crashed after Reset")
	}
	if len(*ts) != 2 {
		t.Errorf("Reset started %d workers in all, want a fresh second one", len(*ts))
	}
	var reset string
	c.Do("", 0, protocol.Hello, nil, nil, func(r protocol.Message, _ []float32) { reset = r.Error })
	if len(*ts) != 2 || c.Generation() != 2 {
		t.Fatalf("%d workers, generation %d", len(*ts), c.Generation())
	}
	// Reset while busy fails the pending call and closes the worker.
	c.Reset()
	if reset != ErrReset.Error() || (*ts)[1].closed != 1 {
		t.Errorf("pending after reset: %q", reset)
	}
	cancel()
	c.Do("", 0, protocol.Hello, nil, nil, nil)
	c.receive(protocol.Message{Type: protocol.ErrorType, Error: "again"}, nil)
	if len(crashes) != 1 {
		t.Errorf("hook called after cancel: %v", crashes)
	}
}

func TestStartFailure(t *testing.T) {
	c := newClient(func(*Client) (transport, error) { return nil, errors.New("no Worker") })
	var crashed error
	c.OnCrash(func(err error) { crashed = err })
	var got string
	c.Do("", 0, protocol.Hello, nil, nil, func(r protocol.Message, _ []float32) { got = r.Error })
	if got == "" || crashed == nil {
		t.Errorf("reply %q, crash %v", got, crashed)
	}
}

func TestNewRunIncreases(t *testing.T) {
	a, b := NewRun(), NewRun()
	if b <= a || a == 0 {
		t.Errorf("runs %d, %d", a, b)
	}
}

func TestDescribe(t *testing.T) {
	for _, engine := range []string{"latentlab-engine/1 (core/model float32) wasm SIMD128 kernels", "latentlab-engine/1 (core/model float32) scalar kernels"} {
		c := NewLocal(func(m protocol.Message, _ []float32) (protocol.Message, []float32) {
			r, _ := m.Reply(&protocol.ReadyBody{Protocol: protocol.Version, Engine: engine, GoVersion: "go1.27.3"})
			return r, nil
		})
		var got Build
		var err error
		c.Describe(func(b Build, e error) { got, err = b, e })
		if err != nil || got.Engine != engine || got.Go != "go1.27.3" {
			t.Fatalf("Describe = %+v, %v", got, err)
		}
		if simd := strings.Contains(engine, "SIMD"); got.SIMD() != simd || strings.Contains(got.Kernels(), "engine.wasm") != simd {
			t.Errorf("%q: SIMD %v, kernels %q", engine, got.SIMD(), got.Kernels())
		}
	}
	c := NewLocal(func(m protocol.Message, _ []float32) (protocol.Message, []float32) {
		return m.Fail(errors.New("no engine")), nil
	})
	var err error
	c.Describe(func(_ Build, e error) { err = e })
	if err == nil || !strings.Contains(err.Error(), "no engine") {
		t.Errorf("failed hello: %v", err)
	}
}

// TestSIMDProbeMatchesTheWorker: the page's SIMD test validates the same
// module bytes as engine-worker.js, which picks the build.
func TestSIMDProbeMatchesTheWorker(t *testing.T) {
	src, err := os.ReadFile("../../wasm/js/engine-worker.js")
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(src), "new Uint8Array([")
	j := strings.Index(string(src[i:]), "])")
	if i < 0 || j < 0 {
		t.Fatal("engine-worker.js has no SIMD probe")
	}
	var got []byte
	for _, m := range regexp.MustCompile(`0x[0-9a-f]{2}`).FindAllString(string(src[i:i+j]), -1) {
		v, _ := strconv.ParseUint(m[2:], 16, 8)
		got = append(got, byte(v))
	}
	if !bytes.Equal(got, simdProbe) {
		t.Errorf("engine-worker.js validates % x, the page % x", got, simdProbe)
	}
}

// TestHeldClientWaitsForWant: a held client starts no worker and sends
// nothing until Want; then its requests go out in the order they were made,
// the replies reach their callbacks, and OnWant hooks run once.
func TestHeldClientWaitsForWant(t *testing.T) {
	c, ts := newQueued()
	c.Hold()
	var hooked int
	c.OnWant(func() { hooked++ })
	var got []string
	for _, slot := range []string{"a", "b"} {
		c.Do(slot, 1, protocol.Hello, &protocol.HelloBody{Client: "t"}, nil, func(r protocol.Message, _ []float32) { got = append(got, r.Slot) })
	}
	if len(*ts) != 0 || c.Generation() != 0 || c.Wanted() || hooked != 0 || c.Loaded() {
		t.Fatalf("held: %d workers, generation %d, wanted %v, hooks %d, loaded %v", len(*ts), c.Generation(), c.Wanted(), hooked, c.Loaded())
	}
	c.Want()
	c.Want()
	if len(*ts) != 1 || hooked != 1 || !c.Wanted() || c.Loaded() {
		t.Fatalf("after Want: %d workers, hooks %d, loaded %v before any reply", len(*ts), hooked, c.Loaded())
	}
	sent := (*ts)[0].sent
	if len(sent) != 2 || sent[0].Slot != "a" || sent[1].Slot != "b" || sent[0].Seq >= sent[1].Seq {
		t.Fatalf("sent %+v", sent)
	}
	for _, m := range sent {
		r, _ := m.Reply(&protocol.ReadyBody{Protocol: protocol.Version})
		c.receive(r, nil)
	}
	if strings.Join(got, ",") != "a,b" {
		t.Errorf("replies reached %v", got)
	}
	if !c.Loaded() || !c.Model("a").EngineLoaded() {
		t.Errorf("the worker answered but the client is not loaded")
	}
	c.OnWant(func() { hooked++ })
	if hooked != 2 {
		t.Errorf("OnWant after Want ran %d hooks, want at once", hooked)
	}
}

// TestUnheldClientStartsOnFirstCall: a client never held starts its worker
// on the first request, as before.
func TestUnheldClientStartsOnFirstCall(t *testing.T) {
	c, ts := newQueued()
	c.Do("a", 1, protocol.Hello, &protocol.HelloBody{Client: "t"}, nil, nil)
	if len(*ts) != 1 || !c.Wanted() {
		t.Errorf("%d workers, wanted %v", len(*ts), c.Wanted())
	}
}
