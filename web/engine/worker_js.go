//go:build js && wasm

package engine

import (
	"fmt"

	"syscall/js"

	"latentlab/wasm/jsbridge"
	"latentlab/wasm/protocol"
	"latentlab/web/site"
)

// jsWorker is a Web Worker running engine-worker.js.
type jsWorker struct {
	w              js.Value
	onMsg, onError js.Func
}

// startWorker spawns the worker (from Client.Call, under the client's lock:
// nothing here calls back into the client synchronously).
var startWorker = func(c *Client) (t transport, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	ctor := js.Global().Get("Worker")
	if ctor.IsUndefined() {
		return nil, fmt.Errorf("this browser has no Web Workers")
	}
	jw := &jsWorker{w: ctor.New(site.Path(WorkerURL))}
	jw.onMsg = js.FuncOf(func(_ js.Value, args []js.Value) any {
		data := args[0].Get("data")
		if data.Type() == js.TypeObject && data.Get("pong").Truthy() {
			c.heard() // the watchdog's ping, answered by engine-worker.js
			return nil
		}
		m, f, err := jsbridge.FromJS(data)
		if err != nil {
			// A reply we cannot read: the Seq is lost, so treat it as a crash.
			c.crash(fmt.Errorf("engine sent an unreadable message: %w", err))
			return nil
		}
		c.receive(m, f)
		return nil
	})
	jw.onError = js.FuncOf(func(_ js.Value, args []js.Value) any {
		msg := "the engine worker failed to load or run"
		if len(args) > 0 {
			e := args[0]
			if s := e.Get("message"); s.Type() == js.TypeString && s.String() != "" {
				msg = s.String()
				if fn := e.Get("filename"); fn.Type() == js.TypeString && fn.String() != "" {
					msg += fmt.Sprintf(" (%s:%d)", fn.String(), e.Get("lineno").Int())
				}
			}
			e.Call("preventDefault")
		}
		c.crash(fmt.Errorf("engine crashed: %s", msg))
		return nil
	})
	jw.w.Set("onmessage", jw.onMsg)
	jw.w.Set("onerror", jw.onError)
	jw.w.Set("onmessageerror", jw.onError)
	return jw, nil
}

func (jw *jsWorker) send(m protocol.Message, f []float32) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("postMessage: %v", r)
		}
	}()
	env, transfer, err := jsbridge.ToJS(m, f)
	if err != nil {
		return err
	}
	jw.w.Call("postMessage", env, transfer)
	return nil
}

// pingMessage is the watchdog's ping; engine-worker.js answers {pong: 1}.
var pingMessage = js.Global().Get("Object").New()

func init() { pingMessage.Set("ping", 1) }

func (jw *jsWorker) ping() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("postMessage: %v", r)
		}
	}()
	jw.w.Call("postMessage", pingMessage)
	return nil
}

func (jw *jsWorker) close() {
	jw.w.Call("terminate")
	jw.w.Set("onmessage", js.Null())
	jw.w.Set("onerror", js.Null())
	jw.w.Set("onmessageerror", js.Null())
	jw.onMsg.Release()
	jw.onError.Release()
}

// SIMDSupported reports whether this browser validates WebAssembly SIMD:
// the test engine-worker.js makes to load engine.wasm rather than
// engine-scalar.wasm.
func SIMDSupported() (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	wa := js.Global().Get("WebAssembly")
	if wa.IsUndefined() {
		return false
	}
	b := js.Global().Get("Uint8Array").New(len(simdProbe))
	js.CopyBytesToJS(b, simdProbe)
	return wa.Call("validate", b).Bool()
}

// workersExist reports whether this page can start Web Workers (not under
// Node): only then is the shared client held until a widget wants it.
func workersExist() bool { return !js.Global().Get("Worker").IsUndefined() }
