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
	run := engine.NewRun()
	c.Drop("w", run)
	r = call(c, "w", run, protocol.Create, &protocol.CreateBody{Model: spec.Config{Kind: "vae", Hidden: []int{16}, Latent: 2, Beta: 1},
		Data: protocol.DataConfig{Source: "toy", Name: "spiral", N: 400}}, nil)
	if r.m.Error != "" {
		return out, fmt.Errorf("create: %s", r.m.Error)
	}
	r = call(c, "w", run, protocol.Train, &protocol.TrainBody{Steps: 20}, nil)
	var tb protocol.TrainedBody
	if err := r.m.DecodeBody(&tb); err != nil || r.m.Error != "" || tb.Step != 20 {
		return out, fmt.Errorf("train: %v %s step %d", err, r.m.Error, tb.Step)
	}
	r = call(c, "w", run, protocol.Snapshot, nil, nil)
	var sb protocol.SnapshotReply
	if err := r.m.DecodeBody(&sb); err != nil {
		return out, err
	}
	net, err := protocol.NetworkFromSnapshot(sb, r.f)
	if err != nil {
		return out, err
	}
	z := []float32{0.25, -0.5}
	local := net.Decode(z)
	r = call(c, "w", run, protocol.Decode, nil, z)
	for i := range local {
		if r.f[i] != local[i] {
			return out, fmt.Errorf("local decode %v, worker %v", local, r.f)
		}
	}
	out["localDecode"] = "matches"
	// 4. Stale runs: a reply of the old run is dropped once a newer run starts.
	staleCalled := false
	c.Do("w", run, protocol.Train, &protocol.TrainBody{Steps: 5}, nil, func(protocol.Message, []float32) { staleCalled = true })
	run2 := engine.NewRun()
	c.Drop("w", run2)
	r = call(c, "w", run2, protocol.Create, &protocol.CreateBody{Model: spec.Config{Kind: "ae"},
		Data: protocol.DataConfig{Source: "toy", Name: "circle", N: 100}}, nil)
	if r.m.Error != "" || staleCalled {
		return out, fmt.Errorf("stale run: create error %q, stale callback called %v", r.m.Error, staleCalled)
	}
	out["staleDropped"] = true
	// 5. Reset while a request is pending: its callback gets ErrReset.
	ch := make(chan string, 1)
	c.Do("w", run2, protocol.Train, &protocol.TrainBody{Steps: 500}, nil, func(m protocol.Message, _ []float32) { ch <- m.Error })
	c.Reset()
	out["pendingAfterReset"] = <-ch
	if out["pendingAfterReset"] != engine.ErrReset.Error() {
		return out, fmt.Errorf("pending call after Reset got %q", out["pendingAfterReset"])
	}
	if r = call(c, "w", run2, protocol.Encode, nil, nil); !strings.Contains(r.m.Error, "no model") {
		return out, fmt.Errorf("after Reset the model should be gone: %q", r.m.Error)
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
