// Package worker is the engine worker's dispatcher: it turns protocol requests
// into engine calls and replies. It is pure Go (no syscall/js) so that every
// message type is tested natively and under js/wasm; wasm/engine wraps it in
// the Web Worker's message loop.
//
// A Worker holds named model slots, each with its trainer and datasets. It
// handles one message at a time (the caller serialises), recovers panics into
// error replies, and drops requests from stale runs.
package worker

import (
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"time"

	"latentlab/core/spec"
	"latentlab/wasm/protocol"
)

// Fetcher reads a file served under /web/ (e.g. "/web/data/mnist-train.bin").
// In the browser it is fetch(); natively, tests read from disk or fail.
type Fetcher func(path string) ([]byte, error)

// Paths of the files the worker fetches on first need.
const (
	MNISTTrainPath = "/web/data/mnist-train.bin"
	MNISTTestPath  = "/web/data/mnist-test.bin"
	ModelPathFmt   = "/web/models/%s.llm"
)

// Worker dispatches protocol messages. Handle must not be called concurrently;
// Note may be called from another goroutine.
type Worker struct {
	backend Backend
	fetch   Fetcher

	slots map[string]*slot
	mnist [2]*Dataset // train, test: fetched and decoded once

	mu     sync.Mutex
	latest map[string]uint64 // highest Run seen per slot
}

// New returns a worker that builds models with b and reads files with fetch
// (nil: no files can be fetched).
func New(b Backend, fetch Fetcher) *Worker {
	if fetch == nil {
		fetch = func(path string) ([]byte, error) { return nil, fmt.Errorf("fetch %s: no fetcher", path) }
	}
	return &Worker{backend: b, fetch: fetch, slots: map[string]*slot{}, latest: map[string]uint64{}}
}

// Note records a message on arrival, before it is queued: a request with a
// newer Run for a slot makes the queued requests of older runs stale, so
// Handle skips them without doing their work.
func (w *Worker) Note(m protocol.Message) {
	if m.Run == 0 {
		return
	}
	w.mu.Lock()
	if m.Run > w.latest[m.Slot] {
		w.latest[m.Slot] = m.Run
	}
	w.mu.Unlock()
}

// stale reports whether m belongs to an older run than one already noted.
func (w *Worker) stale(m protocol.Message) bool {
	if m.Run == 0 {
		return false
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return m.Run < w.latest[m.Slot]
}

// ErrStale is the error of a reply to a request from a superseded run.
var ErrStale = errors.New("stale run: superseded by a newer run of this slot")

// handler handles one request type.
type handler func(w *Worker, m protocol.Message, f []float32) (body any, out []float32, err error)

var handlers map[string]handler

func init() {
	handlers = map[string]handler{
		protocol.Hello:       (*Worker).hello,
		protocol.Create:      (*Worker).create,
		protocol.Train:       (*Worker).train,
		protocol.Set:         (*Worker).set,
		protocol.Encode:      (*Worker).encode,
		protocol.Decode:      (*Worker).decode,
		protocol.Reconstruct: (*Worker).reconstruct,
		protocol.Score:       (*Worker).score,
		protocol.Grid:        (*Worker).grid,
		protocol.Sample:      (*Worker).sample,
		protocol.Jacobian:    (*Worker).jacobian,
		protocol.Contraction: (*Worker).contraction,
		protocol.Classify:    (*Worker).classify,
		protocol.Weights:     (*Worker).weights,
		protocol.Snapshot:    (*Worker).snapshot,
		protocol.Save:        (*Worker).save,
		protocol.Load:        (*Worker).load,
		protocol.Dispose:     (*Worker).dispose,
		protocol.Bench:       (*Worker).bench,
		protocol.Trace:       (*Worker).trace,

		protocol.ExportWeights: (*Worker).exportWeights,
		protocol.ImportWeights: (*Worker).importWeights,
	}
}

// Handle answers one request. It never panics: a panic in the engine becomes
// an error reply (and the slot is dropped, since its state may be corrupt).
func (w *Worker) Handle(m protocol.Message, f []float32) (reply protocol.Message, out []float32) {
	start := time.Now()
	defer func() { reply.Millis = time.Since(start).Seconds() * 1000 }()
	h, ok := handlers[m.Type]
	if !ok {
		return m.Fail(fmt.Errorf("unknown message type %q", m.Type)), nil
	}
	if w.stale(m) {
		return m.Fail(ErrStale), nil
	}
	defer func() {
		if r := recover(); r != nil {
			delete(w.slots, m.Slot)
			stack := debug.Stack()
			if len(stack) > 2000 {
				stack = stack[:2000]
			}
			reply = m.Fail(fmt.Errorf("engine panic in %s: %v (model slot %q discarded; create it again)\n%s", m.Type, r, m.Slot, stack))
			out = nil
		}
	}()
	body, out, err := h(w, m, f)
	if err != nil {
		return m.Fail(fmt.Errorf("%s: %w", m.Type, err)), nil
	}
	reply, err = m.Reply(body)
	if err != nil {
		return m.Fail(err), nil
	}
	return reply, out
}

// HandleJSON is Handle for the raw JSON half of an envelope: a message that
// does not parse gets an "error" reply (with the Seq if it could be read).
func (w *Worker) HandleJSON(b []byte, f []float32) (protocol.Message, []float32) {
	m, err := protocol.Unmarshal(b)
	if err != nil {
		return m.Fail(err), nil
	}
	return w.Handle(m, f)
}

func (w *Worker) hello(m protocol.Message, _ []float32) (any, []float32, error) {
	var b protocol.HelloBody
	if err := m.DecodeBody(&b); err != nil {
		return nil, nil, err
	}
	return &protocol.ReadyBody{
		Protocol:  protocol.Version,
		Engine:    w.backend.Version(),
		GoVersion: runtime.Version(),
		Datasets:  append([]string{"mnist"}, ToyNames...),
		Workloads: append(slices.Clone(spec.Presets), "D1r"),
	}, nil, nil
}

// ToyNames are the toy datasets generated in the engine.
var ToyNames = []string{"circle", "spiral", "moons", "blobs", "swissroll"}

// slotOf returns the slot a request addresses, or an error if it has no model.
func (w *Worker) slotOf(m protocol.Message) (*slot, error) {
	s := w.slots[m.Slot]
	if s == nil {
		return nil, fmt.Errorf("no model in slot %q: send create or load first", m.Slot)
	}
	return s, nil
}
