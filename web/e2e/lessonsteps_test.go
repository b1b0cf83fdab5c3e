package e2e_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"latentlab/web/e2e"
)

// BenchmarkLessonSteps compares the VAE lesson page's training speed with a
// bare engine worker's in the same Chromium: first a fresh worker (the
// engine build the page would load) times R1 steps on the MNIST subset (the
// lesson trainer's model, data and batch), then the lesson's trainer trains
// for 20 s and its steps per second are counted. Every message between the
// page and its engine workers is traced meanwhile (workerTraceJS), so the
// report says where the rest of the time goes: worker time per request type
// (training chunks, with the held-out evaluation they include; snapshots,
// strips, codes), the worker's idle time, the bytes that crossed, and the
// page's long tasks.
//
//	make bench-browser     # or: go test -run '^$' -bench LessonSteps -benchtime 1x ./web/e2e
func BenchmarkLessonSteps(b *testing.B) {
	for range b.N {
		p := e2e.NewTab(b)
		addScript := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: workerTraceJS})
			return err
		})
		if err := chromedp.Do(p.Ctx, addScript); err != nil {
			b.Fatal(err)
		}
		p.Goto("/lessons/vae")
		p.ScrollTo(`[role="status"][aria-label="Training status"]`)
		p.WaitJS(trainerReadyJS, 60*time.Second)
		bare := e2e.Eval[map[string]any](p, `window.__bareR1(40, 5)`)
		vaeClick(b, p, `[data-widget="vae-trainer"]`, "Train")
		time.Sleep(5 * time.Second) // chunk sizes settle, the engine warms up
		t0 := e2e.Eval[float64](p, `performance.now()`)
		e2e.Eval[bool](p, `(window.__longtasks = [], true)`)
		time.Sleep(20 * time.Second)
		t1 := e2e.Eval[float64](p, `performance.now()`)
		sum := e2e.Eval[traceSummary](p, fmt.Sprintf(`window.__traceSummary(%v, %v)`, t0, t1))
		lt := p.LongTasks()
		vaeClick(b, p, `[data-widget="vae-trainer"]`, "Pause")
		bareMs, _ := bare["median_ms"].(float64)
		report := sum.report(bareMs, bare["engine"], lt)
		b.Log("\n" + report)
		fmt.Println(report)
		if sum.Steps == 0 || bareMs <= 0 {
			b.Fatalf("no training measured: %.0f steps on the page, bare worker %v ms", sum.Steps, bareMs)
		}
		b.ReportMetric(sum.Steps/sum.Seconds, "page-steps/s")
		b.ReportMetric(1000/bareMs, "worker-steps/s")
		b.ReportMetric(sum.Steps/sum.Seconds*bareMs/1000, "page÷worker")
	}
}

// traceSummary is what window.__traceSummary returns for one time window.
type traceSummary struct {
	Seconds float64         `json:"seconds"`
	Steps   float64         `json:"steps"`   // training steps whose chunk ended in the window
	TrainMs float64         `json:"trainMs"` // the worker's own time for those chunks (TrainedBody.Millis)
	EvalMs  float64         `json:"evalMs"`  // of which the held-out evaluations (TrainedBody.EvalMs)
	Evals   int             `json:"evals"`   // how many
	Workers int             `json:"workers"` // engine workers that exchanged messages
	Types   []trafficByType `json:"types"`
	IdleMs  float64         `json:"idleMs"` // the trainer's worker with no request to work on
	Gaps    []float64       `json:"gaps"`   // train reply → next train request, ms
}

// trafficByType is one request type's share of the trainer's worker.
type trafficByType struct {
	Type    string  `json:"type"`
	Count   int     `json:"count"`
	BusyMs  float64 `json:"busyMs"` // reply time − max(request time, previous reply time)
	BytesIn float64 `json:"bytesIn"`
	Bytes   float64 `json:"bytesOut"`
}

func (s traceSummary) report(bareMs float64, engine any, longTasks []float64) string {
	var w strings.Builder
	rate := s.Steps / s.Seconds
	fmt.Fprintf(&w, "VAE lesson page (R1 architecture, MNIST subset, batch 100), %.0f s of training:\n", s.Seconds)
	fmt.Fprintf(&w, "  bare worker (%v): %.2f ms/step median = %.1f steps/s\n", engine, bareMs, 1000/bareMs)
	fmt.Fprintf(&w, "  lesson page: %.0f steps = %.1f steps/s = %.2f × the bare worker\n", s.Steps, rate, rate*bareMs/1000)
	wall := s.Seconds * 1000
	fmt.Fprintf(&w, "  where the trainer's worker spent the %.0f ms (%d engine worker(s) on the page):\n", wall, s.Workers)
	fmt.Fprintf(&w, "    %-10s %6s %10s %7s %12s %12s\n", "request", "count", "busy ms", "share", "MB to worker", "MB to page")
	sort.Slice(s.Types, func(i, j int) bool { return s.Types[i].BusyMs > s.Types[j].BusyMs })
	for _, t := range s.Types {
		fmt.Fprintf(&w, "    %-10s %6d %10.0f %6.1f%% %12.2f %12.2f\n", t.Type, t.Count, t.BusyMs, 100*t.BusyMs/wall, t.Bytes/1e6, t.BytesIn/1e6)
	}
	fmt.Fprintf(&w, "    %-10s %6s %10.0f %6.1f%%\n", "idle", "", s.IdleMs, 100*s.IdleMs/wall)
	steps := s.Steps * bareMs
	fmt.Fprintf(&w, "  of the train chunks' %.0f ms inside the worker, %.0f ms are the steps at the bare worker's speed (%.1f%% of the wall time);\n",
		s.TrainMs, steps, 100*steps/wall)
	fmt.Fprintf(&w, "  the rest (%.0f ms): %d held-out evaluations (%.0f ms, %.1f%% of the wall time), then chunking and slower steps (%.0f ms)\n",
		s.TrainMs-steps, s.Evals, s.EvalMs, 100*s.EvalMs/wall, s.TrainMs-steps-s.EvalMs)
	if len(s.Gaps) > 0 {
		g := append([]float64(nil), s.Gaps...)
		sort.Float64s(g)
		fmt.Fprintf(&w, "  train reply → next train request: median %.2f ms, max %.2f ms (%d chunks)\n", g[len(g)/2], g[len(g)-1], len(g))
	}
	var lt float64
	for _, d := range longTasks {
		lt += d
	}
	fmt.Fprintf(&w, "  page main thread: %d long tasks (> 50 ms), %.0f ms in all\n", len(longTasks), lt)
	return w.String()
}

// workerTraceJS wraps the page's Worker constructor before any script runs:
// for every engine worker it records each message's direction, time, type,
// seq and size, and defines window.__traceSummary(t0, t1) (the trainer's
// worker is the one that ran the most training steps) and window.__bareR1
// (a fresh engine worker timing R1 on the MNIST subset).
const workerTraceJS = `(() => {
  const Native = window.Worker;
  const log = [];
  let nextId = 0;
  const size = (d) => {
    if (!d) return 0;
    let n = typeof d.json === 'string' ? d.json.length : 0;
    if (d.f32 && d.f32.byteLength) n += d.f32.byteLength;
    return n;
  };
  const parse = (d) => { try { return JSON.parse(d.json); } catch (e) { return {}; } };
  window.Worker = function (url, opts) {
    const w = new Native(url, opts);
    if (!String(url).includes('engine-worker.js')) return w;
    const id = ++nextId;
    const post = w.postMessage.bind(w);
    w.postMessage = (d, transfer) => {
      const m = parse(d);
      log.push({ id, dir: 'out', t: performance.now(), type: m.type, seq: m.seq, bytes: size(d) });
      return post(d, transfer);
    };
    w.addEventListener('message', (e) => {
      const t = performance.now();
      const m = parse(e.data);
      const b = m.body || {};
      log.push({ id, dir: 'in', t, type: m.type, seq: m.seq, bytes: size(e.data),
        steps: Array.isArray(b.metrics) ? b.metrics.length : 0, ms: typeof b.ms === 'number' ? b.ms : 0,
        evalMs: typeof b.eval_ms === 'number' ? b.eval_ms : 0, evals: Array.isArray(b.eval) ? b.eval.length : 0 });
    });
    return w;
  };
  window.Worker.prototype = Native.prototype;

  window.__traceSummary = (t0, t1) => {
    const steps = {};
    for (const e of log) if (e.dir === 'in' && e.t >= t0 && e.t <= t1) steps[e.id] = (steps[e.id] || 0) + e.steps;
    const ids = Object.keys(steps).map(Number).sort((a, b) => steps[b] - steps[a]);
    const id = ids[0];
    const out = { seconds: (t1 - t0) / 1000, steps: 0, trainMs: 0, evalMs: 0, evals: 0, workers: new Set(log.map((e) => e.id)).size, types: [], idleMs: 0, gaps: [] };
    const sent = new Map(), types = {};
    let prevReply = t0, busy = 0, lastTrainReply = null;
    for (const e of log) {
      if (e.id !== id) continue;
      if (e.dir === 'out') {
        sent.set(e.seq, e);
        if (e.type === 'train' && lastTrainReply !== null && e.t >= t0 && e.t <= t1) out.gaps.push(e.t - lastTrainReply);
        continue;
      }
      const req = sent.get(e.seq);
      if (!req || e.t < t0 || e.t > t1) { if (e.t <= t0) prevReply = Math.max(prevReply, e.t); continue; }
      const start = Math.max(req.t, prevReply, t0);
      const ty = types[req.type] || (types[req.type] = { type: req.type, count: 0, busyMs: 0, bytesIn: 0, bytesOut: 0 });
      ty.count++;
      ty.busyMs += e.t - start;
      ty.bytesIn += e.bytes;
      ty.bytesOut += req.bytes;
      busy += e.t - start;
      prevReply = e.t;
      if (req.type === 'train') { out.steps += e.steps; out.trainMs += e.ms; out.evalMs += e.evalMs; out.evals += e.evals; lastTrainReply = e.t; }
    }
    out.types = Object.values(types);
    out.idleMs = (t1 - t0) - busy;
    return out;
  };

  window.__bareR1 = async (steps, warmup) => {
    const w = new Native('/web/engine-worker.js');
    let seq = 0;
    const call = (type, body) => new Promise((resolve, reject) => {
      const s = ++seq;
      const h = (e) => { const m = parse(e.data); if (m.seq !== s) return; w.removeEventListener('message', h);
        if (m.error) reject(new Error(m.error)); else resolve(m.body); };
      w.addEventListener('message', h);
      w.postMessage({ json: JSON.stringify({ type, seq: s, slot: 'bare', body }) });
    });
    try {
      const ready = await call('hello', { client: 'lessonsteps' });
      const r = await call('bench', { workload: 'R1', steps, warmup, data: 'mnist' });
      r.engine = ready.engine;
      return r;
    } finally {
      w.terminate();
    }
  };
})();`
