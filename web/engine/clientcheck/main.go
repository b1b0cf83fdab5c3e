//go:build js && wasm

// Command clientcheck is a test page program: it drives web/engine's Client
// against the real engine worker in a browser — a worker that cannot start
// (crash report, OnCrash, calls failing while crashed), Reset recovery,
// create/train/snapshot with a local decode, stale runs, and Reset while a
// request is pending. wasm/cmd/benchbrowser serves it and calls
// window.clientCheck(), which resolves to a JSON report.
package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"syscall/js"

	"latentlab/core/infer"
	"latentlab/core/spec"
	"latentlab/wasm/protocol"
	"latentlab/web/engine"
)

type result struct {
	m protocol.Message
	f []float32
}

func call(c *engine.Client, slot string, run uint64, typ string, body any, f []float32) result {
	ch := make(chan result, 1)
	c.Do(slot, run, typ, body, f, func(r protocol.Message, f []float32) { ch <- result{r, f} })
	return <-ch
}

// wait calls start and waits for the result it calls back with (from a
// goroutine, never the event loop).
func wait[T any](start func(done func(T, error))) (T, error) {
	type result struct {
		v   T
		err error
	}
	ch := make(chan result, 1)
	start(func(v T, err error) { ch <- result{v, err} })
	r := <-ch
	return r.v, r.err
}

// await waits for a JS promise (from a goroutine, never the event loop).
func await(p js.Value) (js.Value, error) {
	ch := make(chan js.Value, 1)
	errc := make(chan error, 1)
	ok := js.FuncOf(func(_ js.Value, a []js.Value) any { ch <- a[0]; return nil })
	bad := js.FuncOf(func(_ js.Value, a []js.Value) any {
		errc <- fmt.Errorf("%s", a[0].Call("toString").String())
		return nil
	})
	defer ok.Release()
	defer bad.Release()
	p.Call("then", ok, bad)
	select {
	case v := <-ch:
		return v, nil
	case err := <-errc:
		return js.Undefined(), err
	}
}

func check() (map[string]any, error) {
	out := map[string]any{}
	c := engine.Shared()
	c.Want() // a page's shared client is held until a widget wants the engine (gate.go)
	var crashes []string
	c.OnCrash(func(err error) { crashes = append(crashes, err.Error()) })

	// 1. The server starts with engine.wasm missing: the worker cannot start.
	r := call(c, "", 0, protocol.Hello, nil, nil)
	out["brokenHello"] = r.m.Error
	if !strings.Contains(r.m.Error, "cannot start the engine") || len(crashes) != 1 {
		return out, fmt.Errorf("broken worker: reply %q, crashes %v", r.m.Error, crashes)
	}
	if r = call(c, "", 0, protocol.Hello, nil, nil); r.m.Error == "" || c.Crashed() == nil {
		return out, fmt.Errorf("a call while crashed succeeded")
	}
	// 2. Repair the server, Reset, and the engine works.
	if _, err := await(js.Global().Call("fetch", "/toggle?broken=0")); err != nil {
		return out, err
	}
	c.Reset()
	if r = call(c, "", 0, protocol.Hello, nil, nil); r.m.Error != "" {
		return out, fmt.Errorf("hello after reset: %s", r.m.Error)
	}
	out["generation"] = c.Generation()
	// 3. A model: create, train, snapshot; the local decode matches the worker's.
	m := c.Model("w")
	cfg := spec.Default(spec.VAE)
	cfg.Hidden, cfg.Output = []int{16}, ""
	if _, err := wait(func(done func(engine.Info, error)) { m.Create(cfg, engine.Toy("spiral", 400, 100, 0, 1), done) }); err != nil {
		return out, fmt.Errorf("create: %v", err)
	}
	tb, err := wait(func(done func(engine.Trained, error)) { m.Train(engine.Chunk{Steps: 20}, done) })
	if err != nil || tb.Step != 20 {
		return out, fmt.Errorf("train: %v, step %d", err, tb.Step)
	}
	snap, err := wait(m.Snapshot)
	if err != nil {
		return out, err
	}
	z := []float32{0.25, -0.5}
	local := infer.Compile(snap.Net.Decoder).Forward(nil, z) // the worker's compiled decoder
	im, err := wait(func(done func(engine.Images, error)) { m.Decode(z, done) })
	if err != nil {
		return out, err
	}
	for i := range local {
		if im.Pixels[i] != local[i] {
			return out, fmt.Errorf("local decode %v, worker %v", local, im.Pixels)
		}
	}
	out["localDecode"] = "matches"
	// 4. Stale replies: a request of the model's old life never calls back
	// once it is created again.
	staleCalled := false
	m.Train(engine.Chunk{Steps: 5}, func(engine.Trained, error) { staleCalled = true })
	ae := spec.Default(spec.AE)
	ae.Output = ""
	if _, err := wait(func(done func(engine.Info, error)) { m.Create(ae, engine.Toy("circle", 100, 20, 0, 1), done) }); err != nil || staleCalled {
		return out, fmt.Errorf("stale run: create error %v, stale callback called %v", err, staleCalled)
	}
	out["staleDropped"] = true
	// 5. Reset while a request is pending: its callback gets ErrReset.
	ch := make(chan error, 1)
	m.Train(engine.Chunk{Steps: 500}, func(_ engine.Trained, err error) { ch <- err })
	c.Reset()
	if err := <-ch; err == nil || !strings.Contains(err.Error(), engine.ErrReset.Error()) {
		return out, fmt.Errorf("pending call after Reset got %v", err)
	} else {
		out["pendingAfterReset"] = err.Error()
	}
	if _, err := wait(func(done func(engine.Codes, error)) { m.Encode(engine.Points{}, done) }); err == nil || !strings.Contains(err.Error(), "no model") {
		return out, fmt.Errorf("after Reset the model should be gone: %v", err)
	}
	out["crashes"] = crashes
	out["generationEnd"] = c.Generation()
	return out, nil
}

func main() {
	fn := js.FuncOf(func(js.Value, []js.Value) any {
		var exec js.Func
		exec = js.FuncOf(func(_ js.Value, a []js.Value) any {
			resolve, reject := a[0], a[1]
			exec.Release()
			go func() {
				out, err := check()
				if err != nil {
					b, _ := json.Marshal(out)
					reject.Invoke(fmt.Sprintf("%v (%s)", err, b))
					return
				}
				b, _ := json.Marshal(out)
				resolve.Invoke(string(b))
			}()
			return nil
		})
		return js.Global().Get("Promise").New(exec)
	})
	js.Global().Set("clientCheck", fn)
	select {}
}
