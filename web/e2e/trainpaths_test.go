package e2e_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"latentlab/core/spec"
	"latentlab/web/e2e"
)

// BenchmarkTrainPaths times R1 steps in one bare engine worker three ways,
// alternated: "bench" requests (a fresh model per call, steps timed one by
// one), train chunks of 16 steps of one model, and the same chunks with the
// lesson page's extra requests (a held-out evaluation of 500 digits and a
// snapshot every fifth chunk). It tells whether the page's per-step cost
// comes from the worker's train path or from the page around it: each
// mode's step time and the engine workers' CPU time per step (/proc; the
// page is idle meanwhile).
//
//	go test -run '^$' -bench TrainPaths -benchtime 1x ./web/e2e
//
// On a loaded machine (load average 5 on 2 cores) the CPU per step was
// 15.7 ms by bench requests, 15.1 ms in train chunks and 15.7 ms with the
// page's requests (their own work included): the train path is not
// dearer than the bench path.
func BenchmarkTrainPaths(b *testing.B) {
	cfg, _ := json.Marshal(spec.Default(spec.VAE))
	for range b.N {
		p := e2e.NewTab(b)
		p.Goto("/lessons/vae")
		saved := e2e.Timeout
		e2e.Timeout = 3 * time.Minute
		e2e.Eval[bool](p, fmt.Sprintf(trainPathsJS, cfg))
		e2e.Eval[[2]float64](p, `window.__tp('bench', 8000)`) // warm
		sum := map[string][3]float64{}
		modes := []string{"bench", "train", "views"}
		for r := range 4 {
			for k := range modes {
				mode := modes[(r+k)%3]
				c0 := browserCPU(p).workerMs()
				res := e2e.Eval[[2]float64](p, fmt.Sprintf(`window.__tp(%q, 4000)`, mode))
				cpu := browserCPU(p).workerMs() - c0
				s := sum[mode]
				s[0] += res[0]
				s[1] += res[1]
				s[2] += cpu
				sum[mode] = s
				fmt.Printf("%-5s %4.0f steps: %.2f ms/step in steps, cpu %.2f ms/step\n", mode, res[1], res[0]/res[1], cpu/res[1])
			}
		}
		e2e.Timeout = saved
		for _, m := range modes {
			s := sum[m]
			fmt.Printf("TOTAL %-5s %5.0f steps: %.2f ms/step in steps, worker cpu %.2f ms/step\n", m, s[1], s[0]/s[1], s[2]/s[1])
		}
	}
}

const trainPathsJS = `(() => {
  const w = new Worker('/web/engine-worker.js');
  let seq = 0;
  const call = (type, body, slot) => new Promise((resolve, reject) => {
    const s = ++seq;
    const h = (e) => { if (!e.data || typeof e.data.json !== 'string') return; const m = JSON.parse(e.data.json); if (m.seq !== s) return; w.removeEventListener('message', h);
      if (m.error) reject(new Error(m.error)); else resolve(m.body); };
    w.addEventListener('message', h);
    w.postMessage({ json: JSON.stringify({ type, seq: s, slot: slot || 'tp', body }) });
  });
  let ready = null;
  window.__tp = async (mode, ms) => {
    if (!ready) ready = call('hello', { client: 'trainpaths' }).then(() => call('create', { model: %s, data: { source: 'mnist' } }));
    await ready;
    let stepMs = 0, steps = 0, i = 0;
    const t = performance.now();
    while (performance.now() - t < ms) {
      if (mode === 'bench') {
        const r = await call('bench', { workload: 'R1', steps: 40, warmup: 0, data: 'mnist' }, 'b');
        stepMs += r.ms.reduce((a, v) => a + v, 0); steps += r.ms.length;
        continue;
      }
      const ev = mode === 'views' && i %% 5 === 4;
      const r = await call('train', ev ? { steps: 16, eval_end: true, eval_n: 500 } : { steps: 16 });
      stepMs += r.ms - (r.eval_ms || 0); steps += r.metrics.length;
      if (ev) await call('snapshot', {});
      i++;
    }
    return [stepMs, steps];
  };
  return true;
})()`
