//go:build js && wasm

// Command engine is engine.wasm, Latent Lab's engine running in a Web Worker.
// It is only glue: wasm/js/engine-worker.js instantiates it and forwards
// messages; worker.Worker (pure Go, natively tested) does the work.
//
// The loop: self.onmessage (in the shim) → deliver (a js.Func registered
// here) → a queue → one goroutine that handles one message at a time →
// postMessage({json, f32}, [f32.buffer]). While a message is being handled
// the worker's event loop waits; requests arriving meanwhile are queued and
// noted, so a newer run of a slot makes queued older ones stale.
//
// Build:
//
//	GOOS=js GOARCH=wasm go build -ldflags="-s -w" -o dist/web/engine.wasm ./wasm/engine
package main

import (
	"fmt"
	"strings"
	"sync"

	"syscall/js"

	"latentlab/wasm/jsbridge"
	"latentlab/wasm/protocol"
	"latentlab/wasm/worker"
)

type job struct {
	m   protocol.Message
	f   []float32
	err error
}

var (
	self = js.Global()

	mu     sync.Mutex
	queue  []job
	signal = make(chan struct{}, 1)
)

func main() {
	w := worker.New(worker.Engine{}, fetch)
	deliver := js.FuncOf(func(this js.Value, args []js.Value) any {
		// Runs on the JS event loop: never block here.
		var j job
		if len(args) == 0 {
			j.err = fmt.Errorf("deliver called without a message")
		} else {
			j.m, j.f, j.err = jsbridge.FromJS(args[0])
		}
		if j.err == nil {
			w.Note(j.m)
		}
		mu.Lock()
		queue = append(queue, j)
		mu.Unlock()
		select {
		case signal <- struct{}{}:
		default:
		}
		return nil
	})
	defer deliver.Release()

	initYield()
	go loop(w)
	// The shim flushes messages that arrived before Go was ready.
	self.Call("__engineReady", deliver)
	select {} // serve forever; the page terminates the worker
}

// loop handles queued messages one at a time.
func loop(w *worker.Worker) {
	for range signal {
		for {
			mu.Lock()
			if len(queue) == 0 {
				mu.Unlock()
				break
			}
			j := queue[0]
			queue[0] = job{}
			queue = queue[1:]
			mu.Unlock()
			handle(w, j)
			mu.Lock()
			more := len(queue) > 0
			mu.Unlock()
			if more {
				yield()
			}
		}
	}
}

func handle(w *worker.Worker, j job) {
	defer func() {
		// Handle recovers engine panics itself; this catches the glue's own
		// (a reply postMessage refuses, say), so the caller still hears back.
		if r := recover(); r != nil {
			post(j.m.Fail(fmt.Errorf("engine worker: %v", r)), nil)
		}
	}()
	var reply protocol.Message
	var out []float32
	if j.err != nil {
		reply = j.m.Fail(j.err)
	} else {
		reply, out = w.Handle(j.m, j.f)
	}
	post(reply, out)
}

// post sends a reply; a reply that cannot be encoded becomes an error reply.
func post(m protocol.Message, f []float32) {
	env, transfer, err := jsbridge.ToJS(m, f)
	if err != nil {
		env, transfer, _ = jsbridge.ToJS(m.Fail(fmt.Errorf("encode reply: %w", err)), nil)
	}
	self.Call("postMessage", env, transfer)
}

// yield returns to the JS event loop once, so that messages posted while
// a long request ran are delivered (and noted) before the next queued one
// is handled. With an empty queue the loop waits on signal, which returns
// to the event loop anyway.
//
// It posts to a MessageChannel rather than setting a timer: a timer, even
// of 0 ms, lets the worker's thread sleep until it fires, and on a loaded
// machine a sleeping thread waits to be scheduled again: the lesson
// page's trainer lost 3–4 % of its time between its chunks there (web/e2e
// BenchmarkLessonSteps, "messages and queueing").
// A posted message is a task the event loop runs at once, after the
// messages already queued.
func yield() {
	yieldPort.Call("postMessage", nil)
	<-yielded
}

var (
	yieldPort js.Value                 // the channel's sending port (port2)
	yielded   = make(chan struct{}, 1) // its receiving port's message arrived
)

// initYield makes the channel yield posts to.
func initYield() {
	ch := js.Global().Get("MessageChannel").New()
	ch.Get("port1").Set("onmessage", js.FuncOf(func(js.Value, []js.Value) any {
		select {
		case yielded <- struct{}{}:
		default:
		}
		return nil
	}))
	yieldPort = ch.Get("port2")
}

// fetch reads a file the page serves under /web/. Paths are resolved against
// the worker script's own URL (".../web/engine-worker.js"), so a static export
// served under a sub-path works too.
func fetch(path string) ([]byte, error) {
	rel := strings.TrimPrefix(path, "/web/")
	url := js.Global().Get("URL").New(rel, self.Get("location").Get("href")).Call("toString").String()
	type result struct {
		b   []byte
		err error
	}
	ch := make(chan result, 1)
	var onOK, onErr js.Func
	release := func() { onOK.Release(); onErr.Release() }
	onErr = js.FuncOf(func(_ js.Value, args []js.Value) any {
		msg := "unknown error"
		if len(args) > 0 {
			msg = args[0].Call("toString").String()
		}
		ch <- result{err: fmt.Errorf("fetch %s: %s", url, msg)}
		return nil
	})
	onOK = js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{b: jsbridge.BytesFromJS(args[0])}
		return nil
	})
	// engine-worker.js's __llFetch posts the download's progress to the page.
	self.Call("__llFetch", url, path).Call("then", onOK, onErr)
	r := <-ch
	release()
	return r.b, r.err
}
