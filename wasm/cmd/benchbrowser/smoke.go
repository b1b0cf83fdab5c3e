//go:build !js

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/chromedp/chromedp"

	"latentlab/core/spec"
	"latentlab/wasm/protocol"
	"latentlab/wasm/worker"
)

// builds are the two engine builds: the worker shim's choice in a browser
// with wasm SIMD (engine.wasm), and the forced fallback (engine-scalar.wasm).
var builds = []struct {
	name   string // window.engines key in the bench page
	engine string // what the ready reply's engine string must contain
}{{"simd", "wasm SIMD128 kernels"}, {"scalar", "scalar kernels"}}

// smokeBoth drives both builds through the protocol in Chromium and checks
// that each reports its kernels and trains to the same losses, bit for bit,
// as the same request does natively.
func smokeBoth(ctx context.Context) error {
	first, last, err := nativeSmokeLosses()
	if err != nil {
		return err
	}
	for _, b := range builds {
		smoke, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](fmt.Sprintf(`window.smoke(%q)`, b.name), chromedp.EvalAwaitPromise))
		if err != nil {
			return fmt.Errorf("smoke test (%s): %w", b.name, err)
		}
		if err := checkSmoke(smoke, b.engine); err != nil {
			js, _ := json.MarshalIndent(smoke, "", "  ")
			return fmt.Errorf("smoke test (%s): %w\n%s", b.name, err, js)
		}
		ready, _ := smoke["ready"].(map[string]any)
		fmt.Printf("smoke (%s): %q ready in %.0f ms, VAE on moons: loss %.3f → %.3f in 50 steps; bad message, load, grid and missing-wasm report OK\n",
			b.name, ready["engine"], smoke["startMs"], smoke["firstLoss"], smoke["lastLoss"])
		if first != smoke["firstLoss"] || last != smoke["lastLoss"] {
			return fmt.Errorf("js/wasm (%s) and native differ: losses %v → %v in Chromium, %v → %v natively",
				b.name, smoke["firstLoss"], smoke["lastLoss"], first, last)
		}
	}
	fmt.Println("determinism: both builds in Chromium and native give identical losses")
	return nil
}

// nativeSmokeLosses runs the smoke test's create and train natively.
func nativeSmokeLosses() (first, last float64, err error) {
	w := worker.New(worker.Engine{}, nil)
	var m protocol.Message
	if m, err = protocol.New(protocol.Create, &protocol.CreateBody{
		Model: spec.Config{Kind: "vae", Hidden: []int{16}, Latent: 2, LR: 0.01, Batch: 50},
		Data:  protocol.DataConfig{Source: "toy", Name: "moons", N: 300, Test: 100, Noise: 0.05, Seed: 1}}); err != nil {
		return 0, 0, err
	}
	m.Slot = "smoke"
	if r, _ := w.Handle(m, nil); r.Err() != nil {
		return 0, 0, r.Err()
	}
	m = protocol.MustNew(protocol.Train, &protocol.TrainBody{Steps: 50, EvalEnd: true})
	m.Slot = "smoke"
	r, _ := w.Handle(m, nil)
	var tb protocol.TrainedBody
	if err := r.DecodeBody(&tb); err != nil || r.Err() != nil || len(tb.Metrics) != 50 {
		return 0, 0, fmt.Errorf("native smoke train: %v %v", err, r.Err())
	}
	return tb.Metrics[0].Loss, tb.Metrics[49].Loss, nil
}

func checkSmoke(s map[string]any, engine string) error {
	num := func(k string) float64 { v, _ := s[k].(float64); return v }
	ready, _ := s["ready"].(map[string]any)
	switch {
	case ready == nil || ready["protocol"] != float64(protocol.Version):
		return errors.New("no ready reply with the protocol version")
	case !strings.Contains(fmt.Sprint(ready["engine"]), engine):
		return fmt.Errorf("ready names the engine %q, want one with %q", ready["engine"], engine)
	case num("step") != 50:
		return fmt.Errorf("trained to step %v, want 50", s["step"])
	case !(num("lastLoss") < num("firstLoss")):
		return fmt.Errorf("loss did not fall: %v → %v", s["firstLoss"], s["lastLoss"])
	case func() bool { d, _ := s["decoded"].([]any); return len(d) != 4 }():
		return fmt.Errorf("decode returned %v", s["decoded"])
	case num("snapshotFloats") == 0:
		return errors.New("snapshot has no weights")
	case num("loadedStep") != 50:
		return fmt.Errorf("loaded model at step %v", s["loadedStep"])
	case !strings.Contains(fmt.Sprint(s["badError"]), "unknown message type"):
		return fmt.Errorf("bad message answered %v", s["badError"])
	case num("gridFloats") != 16*2:
		return fmt.Errorf("grid has %v floats", s["gridFloats"])
	case !strings.Contains(fmt.Sprint(s["brokenError"]), "cannot start the engine"):
		return fmt.Errorf("missing engine.wasm reported %v", s["brokenError"])
	}
	return nil
}
