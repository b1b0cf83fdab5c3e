//go:build !js

package main

import (
	"context"
	"fmt"

	"github.com/chromedp/chromedp"
)

// coresFigures are the second-core measurements (window.cores), ms.
type coresFigures struct {
	Single     float64 `json:"single"`     // one worker, R1 batch 100, per step (wall, one train request)
	HalfAlone  float64 `json:"halfAlone"`  // one worker, R1 batch 50, per step
	HalfPair   float64 `json:"halfPair"`   // two workers at once, batch 50 each, per step of both
	SnapshotMs float64 `json:"snapshotMs"` // R1's weights out of the worker (Go copy + transfer), median
	EchoMs     float64 `json:"echoMs"`     // the same floats to a plain worker and back (transfer), median
	SumMs      float64 `json:"sumMs"`      // adding two such arrays in JavaScript, median
	EvalMs     float64 `json:"evalMs"`     // the held-out evaluation (500 digits) a lesson chunk adds, median
	Params     float64 `json:"params"`     // floats in R1's weights
}

// measureCores runs the second-core experiment in the bench page: can two
// workers, each computing half of a batch's gradient, beat one? A
// data-parallel step costs a half-batch step on each core at once, one
// gradient out of each worker, their sum, and the sum back in (estimated as
// a second copy out: the same bytes cross the same boundary).
func measureCores(ctx context.Context, steps, warmup int) error {
	f, err := chromedp.Run(ctx, chromedp.Evaluate[coresFigures](fmt.Sprintf(`window.cores(%d, %d)`, steps, warmup), chromedp.EvalAwaitPromise))
	if err != nil {
		return fmt.Errorf("second-core experiment: %w", err)
	}
	exchange := 2*f.SnapshotMs + f.SumMs
	estimate := f.HalfPair + exchange
	fmt.Printf("\nSecond core, R1 on the MNIST subset, SIMD engine, ms per step (wall, %d steps after %d):\n", steps, warmup)
	fmt.Printf("  one worker, batch 100:                         %7.2f\n", f.Single)
	fmt.Printf("  one worker, batch 50:                          %7.2f\n", f.HalfAlone)
	fmt.Printf("  two workers at once, batch 50 each:            %7.2f  (%.2f× one half-batch alone)\n", f.HalfPair, f.HalfPair/f.HalfAlone)
	fmt.Printf("  a gradient out of a worker (%.0f floats):   %7.2f  (plain transfer round trip %.2f, JS sum %.2f)\n", f.Params, f.SnapshotMs, f.EchoMs, f.SumMs)
	fmt.Printf("  data-parallel estimate (pair + 2 copies + sum): %7.2f  → %.2f× one worker\n", estimate, f.Single/estimate)
	fmt.Printf("  held-out evaluation in a lesson chunk (500):   %7.2f  (the lesson page asks for one every 2 s)\n", f.EvalMs)
	return nil
}

// coresJS is added to the bench page: window.cores(steps, warmup) runs the
// experiment of measureCores in two fresh SIMD workers.
const coresJS = `
(() => {
  const r1 = (batch) => ({ kind: 'vae', hidden: [256], latent: 2, hidden_act: 'relu', output: 'bernoulli',
    lr: 1e-3, batch, optimizer: 'adam', beta: 1, seed: 1 });
  const ok = (r) => { if (r.m.error) throw new Error(r.m.error); return r; };
  const median = (v) => { const s = v.slice().sort((a, b) => a - b); return s[s.length >> 1]; };
  const perStep = async (w, slot, steps, body) => {
    const t = performance.now();
    ok(await w.call('train', Object.assign({ steps }, body || {}), null, slot));
    return (performance.now() - t) / steps;
  };
  window.cores = async (steps, warmup) => {
    const a = spawn('/web/engine-worker.js'), b = spawn('/web/engine-worker.js');
    const create = async (w, slot, batch) => ok(await w.call('create', { model: r1(batch), data: { source: 'mnist' } }, null, slot));
    await Promise.all([create(a, 'full', 100).then(() => create(a, 'half', 50)), create(b, 'half', 50)]);
    await Promise.all([perStep(a, 'full', warmup), perStep(a, 'half', warmup), perStep(b, 'half', warmup)]);
    const out = {};
    out.single = await perStep(a, 'full', steps);
    out.halfAlone = await perStep(a, 'half', steps);
    const t = performance.now();
    await Promise.all([perStep(a, 'half', steps), perStep(b, 'half', steps)]);
    out.halfPair = (performance.now() - t) / steps;
    const snap = [], echo = [], sum = [], ev = [];
    const echoer = new Worker('/echo-worker.js');
    for (let i = 0; i < 11; i++) {
      let t0 = performance.now();
      const r = ok(await a.call('snapshot', null, null, 'full'));
      snap.push(performance.now() - t0);
      out.params = r.f.length;
      const x = new Float32Array(r.f.length), y = r.f;
      t0 = performance.now();
      await new Promise((res) => { echoer.onmessage = res; echoer.postMessage(x, [x.buffer]); });
      echo.push(performance.now() - t0);
      const z = new Float32Array(y.length);
      t0 = performance.now();
      for (let j = 0; j < y.length; j++) z[j] = y[j] + z[j];
      sum.push(performance.now() - t0);
      const with_ = await perStep(a, 'full', 1, { eval_end: true, eval_n: 500 });
      const without = await perStep(a, 'full', 1);
      ev.push(with_ - without);
    }
    echoer.terminate();
    Object.assign(out, { snapshotMs: median(snap), echoMs: median(echo), sumMs: median(sum), evalMs: median(ev) });
    a.terminate();
    b.terminate();
    return out;
  };
})();
`
