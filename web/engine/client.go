// Package engine is the page's typed client of the engine worker
// (engine.wasm in a Web Worker): a Model is a handle on one model in the
// worker, with one method per request (Create, Load, Train, SetLR,
// Snapshot, Encode, Reconstruct, Weights, Contraction, Save, Dispose…)
// whose callback receives a typed result. Message envelopes, sequence
// numbers, run ids and stale replies stay inside this package; the
// divergence policy is the engine's (a Trained reply says when it stopped
// a chunk and why). Widgets import this package, never wasm/protocol.
//
// It is imported by the go-app UI, which is built both natively (the
// server) and for js/wasm (app.wasm); natively the shared client answers
// every request with an error, and NewLocal serves requests in-process (for
// tests).
//
// Usage (callbacks run on the JS event loop unless Model.Deliver says
// otherwise; kit.Session wires a training widget's models to go-app):
//
//	m := engine.NewModel("vae:" + id)
//	m.Create(cfg, engine.MNIST(0), func(info engine.Info, err error) { … })
//	m.Train(engine.Chunk{Steps: 20}, func(r engine.Trained, err error) {
//		if r.Diverged != "" { … } // the engine stopped and restored the weights
//	})
//
// Lockstep: ask for the next chunk of steps only after the previous reply;
// Pause means "don't ask" (kit.Driver).
package engine

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"latentlab/wasm/protocol"
)

// WorkerURL is where the worker script is served (wasm/js/engine-worker.js,
// copied to dist/web/). It loads /web/wasm_exec.js and /web/engine.wasm
// relative to itself.
const WorkerURL = "/web/engine-worker.js"

// callback receives a reply and its float payload. It runs on the JS event
// loop: it must not block, and UI state changes go through ctx.Dispatch. An
// engine failure arrives as a reply whose Error is set (reply.Err() != nil).
type callback func(reply protocol.Message, f []float32)

// transport carries envelopes to the engine.
type transport interface {
	send(m protocol.Message, f []float32) error
	// ping asks the worker for a sign of life: it calls Client.heard
	// when the worker answers (the watchdog).
	ping() error
	close()
}

// Client talks to one engine worker. Its methods are safe for concurrent use.
type Client struct {
	start func(c *Client) (transport, error) // nil: requests fail

	mu       sync.Mutex
	t        transport
	seq      uint64
	pending  map[uint64]callback
	stale    map[string]uint64 // replies of runs below this are dropped, per slot
	crashErr error
	hooks    map[int]func(error)
	nextHook int
	// downloads are the OnDownload hooks (download.go).
	downloads map[int]func(Download)
	gen       int

	// The watchdog (watchdog.go).
	beat, patience time.Duration
	watching       bool
	pingAt         time.Time // an unanswered ping was sent then (zero: none)
	replied        bool      // the current worker has replied to a request

	// The gate (gate.go): a held client keeps its requests until Want.
	held, wanted bool
	queued       []queuedCall
	wantHooks    []func()
}

var (
	shared     *Client
	sharedOnce sync.Once
	runs       atomic.Uint64
)

// Shared returns the page's one engine client. In a browser it is held
// (gate.go): the worker starts on the first request after Want, when a
// widget needs the engine; requests made before wait for it.
func Shared() *Client {
	sharedOnce.Do(func() {
		shared = newClient(startWorker)
		shared.SetWatchdog(DefaultBeat, DefaultPatience)
		if workersExist() {
			shared.Hold() // until a widget wants the engine (gate.go)
		}
	})
	return shared
}

// NewLocal returns a client whose requests are answered in-process by handle
// (e.g. worker.New(worker.Engine{}, nil).Handle in a test). Replies are
// delivered synchronously, inside Call.
func NewLocal(handle func(protocol.Message, []float32) (protocol.Message, []float32)) *Client {
	return newClient(func(c *Client) (transport, error) { return &local{c: c, handle: handle}, nil })
}

func newClient(start func(*Client) (transport, error)) *Client {
	return &Client{start: start, pending: map[uint64]callback{}, stale: map[string]uint64{}, hooks: map[int]func(error){}}
}

// NewRun returns a new run id, unique in this page and increasing: a
// Model takes one when it (re)creates its model and tags its requests
// with it.
func NewRun() uint64 { return runs.Add(1) }

// ErrNoWorker is the error of every reply when the engine cannot run here
// (a native build of the UI).
var ErrNoWorker = errors.New("engine: the engine worker runs only in a browser (js/wasm)")

// call sends m (its Seq is assigned here) with the float payload f and calls
// cb with the reply. cb may be nil (fire and forget). If the worker has
// crashed, cb gets an error reply until Reset.
func (c *Client) call(m protocol.Message, f []float32, cb callback) {
	c.mu.Lock()
	if c.crashErr != nil {
		err := c.crashErr
		c.mu.Unlock()
		if cb != nil {
			cb(m.Fail(err), nil)
		}
		return
	}
	if c.holdLocked(m, f, cb) {
		c.mu.Unlock()
		return
	}
	if c.t == nil {
		if c.start == nil {
			c.mu.Unlock()
			if cb != nil {
				cb(m.Fail(ErrNoWorker), nil)
			}
			return
		}
		if err := c.startLocked(); err != nil {
			c.mu.Unlock()
			c.crash(err)
			if cb != nil {
				cb(m.Fail(err), nil)
			}
			return
		}
	}
	c.seq++
	m.Seq = c.seq
	if cb != nil {
		c.pending[m.Seq] = cb
		c.watchLocked()
	}
	t := c.t
	c.mu.Unlock()
	if err := t.send(m, f); err != nil {
		c.mu.Lock()
		delete(c.pending, m.Seq)
		c.mu.Unlock()
		if cb != nil {
			cb(m.Fail(fmt.Errorf("engine: send %s: %w", m.Type, err)), nil)
		}
	}
}

// startLocked starts a worker; c.mu is held.
func (c *Client) startLocked() error {
	c.replied = false
	t, err := c.start(c)
	if err != nil {
		return fmt.Errorf("engine: start worker: %w", err)
	}
	c.t = t
	c.gen++
	c.pingAt, c.replied = time.Time{}, false
	return nil
}

// Do builds a request of type typ with body for slot and run and sends it.
// Widgets use Model; Do is for tools that speak the protocol itself.
func (c *Client) Do(slot string, run uint64, typ string, body any, f []float32, cb func(protocol.Message, []float32)) {
	m, err := protocol.New(typ, body)
	m.Type, m.Slot, m.Run = typ, slot, run
	if err != nil {
		if cb != nil {
			cb(m.Fail(err), nil)
		}
		return
	}
	c.call(m, f, cb)
}

// Drop makes replies to requests of slot with a Run below run stale: their
// callbacks are never called. The worker also skips such requests still
// queued once it sees a request of the newer run.
func (c *Client) Drop(slot string, run uint64) {
	c.mu.Lock()
	if run > c.stale[slot] {
		c.stale[slot] = run
	}
	c.mu.Unlock()
}

// OnCrash registers fn to be called (on the JS event loop) when the worker
// crashes, cannot start or stops answering (err wraps ErrStopped); call the
// returned function to unregister.
func (c *Client) OnCrash(fn func(err error)) (cancel func()) {
	c.mu.Lock()
	id := c.nextHook
	c.nextHook++
	c.hooks[id] = fn
	c.mu.Unlock()
	return func() {
		c.mu.Lock()
		delete(c.hooks, id)
		c.mu.Unlock()
	}
}

// Crashed returns the crash error, or nil while the worker is healthy.
func (c *Client) Crashed() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.crashErr
}

// Generation counts the workers started so far (0 before the first Call). It
// changes after Reset and a new Call: every model slot was lost, so widgets
// that see it change create their models again.
func (c *Client) Generation() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// ErrReset is the error of the replies still pending when Reset is called.
var ErrReset = errors.New("engine: the engine was reset")

// Reset terminates the worker (crashed or busy), forgets the crash and
// starts a fresh worker right away, so that it is loading while the UI
// recreates its models. Pending callbacks get an ErrReset reply. All models
// of all slots are lost: a widget resetting only its own model should send
// "create" again with a new run instead.
func (c *Client) Reset() {
	c.mu.Lock()
	t := c.t
	c.t = nil
	hadWorker := t != nil || c.crashErr != nil
	c.crashErr = nil
	pend := c.pending
	c.pending = map[uint64]callback{}
	var startErr error
	if hadWorker && c.start != nil {
		startErr = c.startLocked()
	}
	c.mu.Unlock()
	if t != nil {
		t.close()
	}
	failAll(pend, ErrReset)
	if startErr != nil {
		c.crash(startErr)
	}
}

func failAll(pend map[uint64]callback, err error) {
	for seq, cb := range pend {
		cb(protocol.Message{Type: protocol.ErrorType, Seq: seq, Error: err.Error()}, nil)
	}
}

// receive delivers a reply from the transport.
func (c *Client) receive(m protocol.Message, f []float32) {
	if m.Seq == 0 && m.Type == protocol.Progress {
		c.progress(m)
		return
	}
	if m.Seq == 0 && m.Type == protocol.ErrorType {
		// Only the worker shim sends these: the engine failed to start or stopped.
		c.crash(fmt.Errorf("engine crashed: %s", m.Error))
		return
	}
	c.mu.Lock()
	c.heardLocked()
	c.replied = true
	cb, ok := c.pending[m.Seq]
	delete(c.pending, m.Seq)
	drop := m.Run != 0 && m.Run < c.stale[m.Slot]
	c.mu.Unlock()
	if ok && !drop && cb != nil {
		cb(m, f)
	}
}

// crash marks the worker as failed, fails every pending request and calls
// the crash hooks. The error wraps ErrStopped.
func (c *Client) crash(err error) {
	c.mu.Lock()
	switch {
	case !c.replied && !errors.Is(err, ErrNotLoaded):
		err = fmt.Errorf("%w (%w)", ErrNotLoaded, err)
	case !errors.Is(err, ErrStopped):
		err = fmt.Errorf("%w: %w", ErrStopped, err)
	}
	if c.crashErr != nil {
		c.mu.Unlock()
		return
	}
	c.crashErr = err
	c.pingAt = time.Time{}
	t := c.t
	c.t = nil
	pend := c.pending
	c.pending = map[uint64]callback{}
	hooks := make([]func(error), 0, len(c.hooks))
	for _, h := range c.hooks {
		hooks = append(hooks, h)
	}
	c.mu.Unlock()
	if t != nil {
		t.close()
	}
	failAll(pend, err)
	for _, h := range hooks {
		h(err)
	}
}

// local answers requests in-process.
type local struct {
	c      *Client
	handle func(protocol.Message, []float32) (protocol.Message, []float32)
}

func (l *local) send(m protocol.Message, f []float32) error {
	// Round-trip through JSON like postMessage, so that tests see what the
	// browser would.
	b, err := protocol.Marshal(m)
	if err != nil {
		return err
	}
	if m, err = protocol.Unmarshal(b); err != nil {
		return err
	}
	r, rf := l.handle(m, append([]float32(nil), f...))
	if b, err = protocol.Marshal(r); err != nil {
		r = m.Fail(err)
	} else if r, err = protocol.Unmarshal(b); err != nil {
		r = m.Fail(err)
	}
	l.c.receive(r, rf)
	return nil
}

// ping: an in-process engine always answers.
func (l *local) ping() error {
	l.c.heard()
	return nil
}

func (l *local) close() {}
