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
// bare engine worker's in the same Chromium. The bare worker (the engine
// build the page would load) times R1 steps on the MNIST subset (the lesson
// trainer's model, data and batch); V8 tiers wasm code up while it runs, so
// a worker timed at page load is slower than the page's worker after
// seconds of training. The bare worker is therefore warmed as long as the
// page's worker will have trained by the middle of its window (bareWarm)
// and timed twice, before the page trains and after it paused; the page's
// ratio is reported against both, the benchmark metric against the faster.
// Every message between the page and its engine workers is traced meanwhile
// (workerTraceJS), so the report says where the page's wall time goes:
// steps, held-out evaluations, the train messages' own cost, other requests
// (snapshots, strips, codes, saves) and the worker's idle time, which add up
// to the window; the page's long tasks, its main thread's busy time
// (Performance.getMetrics) and the browser's CPU time by thread (/proc).
// Last, the page and the bare worker take turns in windows of the same
// minutes (interleave), both speeds counting every step's time: the
// fairer ratio when the machine's load drifts between the before and
// after timings (page÷worker-interleaved).
//
//	make bench-browser     # or: go test -run '^$' -bench LessonSteps -benchtime 1x ./web/e2e
func BenchmarkLessonSteps(b *testing.B) {
	const (
		settle   = 5 * time.Second  // chunk sizes settle before the window
		window   = 20 * time.Second // the page's measured training
		bareWarm = settle + window/2
	)
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
		p.WaitJS(`window.__traceQuiet(1000)`, 60*time.Second) // the page's first views are in
		before := bareTime(p, bareWarm)
		vaeClick(b, p, `[data-widget="vae-trainer"]`, "Train")
		time.Sleep(settle)
		t0 := e2e.Eval[float64](p, `performance.now()`)
		e2e.Eval[bool](p, `(window.__longtasks = [], true)`)
		main0, cpu0 := mainThreadTime(p), browserCPU(p)
		time.Sleep(window)
		main1, cpu1 := mainThreadTime(p), browserCPU(p)
		t1 := e2e.Eval[float64](p, `performance.now()`)
		secs := (t1 - t0) / 1000
		sum := e2e.Eval[traceSummary](p, fmt.Sprintf(`window.__traceSummary(%v, %v)`, t0, t1))
		lt := p.LongTasks()
		piped, lockstep, windows := alternate(p, 4, 5*time.Second)
		inter := interleave(b, p, 4, 5*time.Second)
		vaeClick(b, p, `[data-widget="vae-trainer"]`, "Pause")
		p.WaitJS(`window.__traceQuiet(1000)`, 60*time.Second) // the last chunk and its views landed
		after := bareTime(p, 0)
		e2e.Eval[bool](p, `window.__bareClose()`)
		report := sum.report(before, after, lt)
		report += "  page main thread while training: " + main1.per(main0, secs).String() + "\n"
		report += cpuReport(cpu0, cpu1, secs)
		pageCPU := (cpu1.workerMs() - cpu0.workerMs()) / sum.Steps
		report += fmt.Sprintf("  engine worker CPU time per step (/proc, not inflated by a loaded machine): page %.2f ms (steps, evaluations and views) vs bare worker %.2f ms before, %.2f ms after = %.2f × after\n",
			pageCPU, before.CPUMs, after.CPUMs, pageCPU/after.CPUMs)
		report += fmt.Sprintf("  pipelined vs lockstep, alternated in 4 × 2 windows of 5 s: %.1f vs %.1f steps/s = %.3f× (lockstep emulated: the page's request asked for ahead is held until the previous reply lands, then posted at once — a lower bound of what pipelining gains)\n",
			piped, lockstep, piped/lockstep)
		report += "  steps/s by window (P pipelined, L lockstep):" + windows + "\n"
		report += inter.String()
		b.Log("\n" + report)
		fmt.Println(report)
		if sum.Steps == 0 || before.MedianMs <= 0 || after.MedianMs <= 0 {
			b.Fatalf("no training measured: %.0f steps on the page, bare worker %.2f / %.2f ms", sum.Steps, before.MedianMs, after.MedianMs)
		}
		bareMs := min(before.MedianMs, after.MedianMs)
		b.ReportMetric(sum.rate(), "page-steps/s")
		b.ReportMetric(1000/bareMs, "worker-steps/s")
		b.ReportMetric(sum.rate()*bareMs/1000, "page÷worker")
		b.ReportMetric(inter.ratio(), "page÷worker-interleaved")
		b.ReportMetric(piped/lockstep, "pipelined÷lockstep")
		b.ReportMetric(main1.per(main0, secs).Task, "main-busy-ms/s")
	}
}

// alternate trains the page in rounds of two windows of each, one
// pipelined as the page is, one in lockstep (window.__setLockstep: the
// trace holds a train request while another is in flight), in the order
// ABBA, BAAB… so that a drifting machine load favours neither, and
// returns the steps per second of each.
func alternate(p *e2e.Page, rounds int, each time.Duration) (piped, lockstep float64, windows string) {
	var steps, secs, idle, stepMs [2]float64
	var w strings.Builder
	for r := range rounds {
		for k := range 2 {
			mode := (r + k) % 2 // 1: lockstep
			e2e.Eval[bool](p, fmt.Sprintf(`window.__setLockstep(%v)`, mode == 1))
			t0 := e2e.Eval[float64](p, `performance.now()`)
			time.Sleep(each)
			t1 := e2e.Eval[float64](p, `performance.now()`)
			s := e2e.Eval[traceSummary](p, fmt.Sprintf(`window.__traceSummary(%v, %v)`, t0, t1))
			steps[mode] += s.Steps
			secs[mode] += s.Seconds
			idle[mode] += s.IdleMs / 1000
			stepMs[mode] += s.TrainMs - s.EvalMs
			fmt.Fprintf(&w, " %s %.1f", [2]string{"P", "L"}[mode], s.rate())
		}
	}
	e2e.Eval[bool](p, `window.__setLockstep(false)`)
	fmt.Fprintf(&w, "; the trainer's worker idle %.1f%% of the pipelined windows, %.1f%% of the lockstep ones; a step %.1f ms vs %.1f ms",
		100*idle[0]/secs[0], 100*idle[1]/secs[1], stepMs[0]/steps[0], stepMs[1]/steps[1])
	return steps[0] / secs[0], steps[1] / secs[1], w.String()
}

// interleaved is the page's training speed beside the bare worker's in
// adjacent windows of the same minutes: the page trains for a window, then
// pauses while the bare worker trains for one, in the order PBBP, BPPB… so
// that a drifting machine load favours neither. Both speeds count every
// step's time: the page's, steps per second of wall time (evaluations and
// views included); the bare worker's, 1000 ÷ its mean step (its slow steps
// included, as the page's are; the median leaves them out).
type interleaved struct {
	pageSteps, pageSecs float64 // the page's windows
	bareSteps, bareMs   float64 // the bare worker's steps and their summed time
	bareMedian          float64 // the median of the bare worker's windows' medians, ms
	windows             string  // steps/s by window
}

// ratio is the page's steps/s ÷ the bare worker's.
func (in interleaved) ratio() float64 {
	return (in.pageSteps / in.pageSecs) / (1000 * in.bareSteps / in.bareMs)
}

func (in interleaved) String() string {
	page, bare := in.pageSteps/in.pageSecs, 1000*in.bareSteps/in.bareMs
	return fmt.Sprintf("  interleaved with the bare worker (page paused while it trains; PBBP…): page %.1f steps/s, bare worker %.1f steps/s by its mean step (%.1f by its median) = %.3f × (%.3f × by the median)\n  steps/s by window (P page, B bare worker):%s\n",
		page, bare, 1000/in.bareMedian, page/bare, page*in.bareMedian/1000, in.windows)
}

// interleave measures interleaved in rounds of two windows of each; the
// page trains when it is called and when it returns.
func interleave(b *testing.B, p *e2e.Page, rounds int, each time.Duration) interleaved {
	const trainer = `[data-widget="vae-trainer"]`
	var in interleaved
	var medians []float64
	var w strings.Builder
	training := true
	for r := range rounds {
		for k := range 2 {
			if (r+k)%2 == 0 { // the page
				if !training {
					vaeClick(b, p, trainer, "Train")
					training = true
					time.Sleep(time.Second) // the pipeline fills again
				}
				t0 := e2e.Eval[float64](p, `performance.now()`)
				time.Sleep(each)
				t1 := e2e.Eval[float64](p, `performance.now()`)
				s := e2e.Eval[traceSummary](p, fmt.Sprintf(`window.__traceSummary(%v, %v)`, t0, t1))
				in.pageSteps += s.Steps
				in.pageSecs += s.Seconds
				fmt.Fprintf(&w, " P %.1f", s.rate())
				continue
			}
			if training {
				vaeClick(b, p, trainer, "Pause")
				p.WaitJS(`window.__traceQuiet(500)`, 60*time.Second)
				training = false
			}
			t := e2e.Eval[[3]float64](p, fmt.Sprintf(`window.__bareFor(%d)`, each.Milliseconds()))
			in.bareMs += t[0]
			in.bareSteps += t[1]
			medians = append(medians, t[2])
			fmt.Fprintf(&w, " B %.1f", 1000*t[1]/t[0])
		}
	}
	if !training {
		vaeClick(b, p, trainer, "Train")
	}
	sort.Float64s(medians)
	in.bareMedian = medians[len(medians)/2]
	in.windows = w.String()
	return in
}

// bareTiming is what window.__bareR1 returns: the bare worker's median ms
// per R1 step, its first (cold) timing and how long it had trained.
type bareTiming struct {
	MedianMs float64 `json:"median_ms"`
	MeanMs   float64 `json:"mean_ms"` // the mean of the same steps (a step the garbage collector runs in counts)
	ColdMs   float64 `json:"cold_ms"` // the first 40 steps after 5 in this worker
	WarmMs   float64 `json:"warm_ms"` // how long the worker had trained before the timed steps
	Steps    int     `json:"steps"`
	Engine   string  `json:"engine"`
	Ran      int     `json:"ran"` // the steps this call took, warm-up included
	CPUMs    float64 `json:"-"`   // engine workers' CPU time per step over the call (bareTime)
}

// bareTime times 100 R1 steps in the bare worker after warming it for warm.
// It also measures the CPU time the worker's thread took per step over the
// whole call (CPUMs: a measure a loaded machine does not inflate).
func bareTime(p *e2e.Page, warm time.Duration) bareTiming {
	p.T.Helper()
	saved := e2e.Timeout
	e2e.Timeout = warm + 2*time.Minute // the warm-up and 100 steps on a loaded machine
	defer func() { e2e.Timeout = saved }()
	c0 := browserCPU(p).workerMs()
	t := e2e.Eval[bareTiming](p, fmt.Sprintf(`window.__bareR1(100, 5, %d)`, warm.Milliseconds()))
	if t.Ran > 0 {
		t.CPUMs = (browserCPU(p).workerMs() - c0) / float64(t.Ran)
	}
	return t
}

// traceSummary is what window.__traceSummary returns for one time window,
// from the first reply to a train request in [t0, t1] to the last one, so
// that every chunk counted lies inside it.
type traceSummary struct {
	Seconds float64         `json:"seconds"`
	Steps   float64         `json:"steps"`   // training steps of the chunks that ended in the window
	TrainMs float64         `json:"trainMs"` // the worker's own time for those chunks (TrainedBody.Millis)
	EvalMs  float64         `json:"evalMs"`  // of which the held-out evaluations (TrainedBody.EvalMs)
	Evals   int             `json:"evals"`   // how many
	Workers int             `json:"workers"` // engine workers that exchanged messages
	Types   []trafficByType `json:"types"`
	IdleMs  float64         `json:"idleMs"`  // the trainer's worker with no request to work on
	Gaps    []float64       `json:"gaps"`    // train reply → next train request, ms (< 0: asked for ahead)
	Skipped int             `json:"skipped"` // train replies with no steps (a chunk asked for ahead of one that stopped early)
}

// trafficByType is one request type's share of the trainer's worker.
type trafficByType struct {
	Type    string  `json:"type"`
	Count   int     `json:"count"`
	BusyMs  float64 `json:"busyMs"` // reply time − max(request time, previous reply time)
	BytesIn float64 `json:"bytesIn"`
	Bytes   float64 `json:"bytesOut"`
}

// rate is the page's training steps per second.
func (s traceSummary) rate() float64 { return s.Steps / s.Seconds }

func (s traceSummary) report(before, after bareTiming, longTasks []float64) string {
	var w strings.Builder
	rate := s.rate()
	fmt.Fprintf(&w, "VAE lesson page (R1 architecture, MNIST subset, batch 100), %.1f s of training:\n", s.Seconds)
	fmt.Fprintf(&w, "  bare worker (%s): first 40 steps %.2f ms/step (cold); after %.0f s of steps %.2f ms/step = %.1f steps/s; after the page's run (%.0f s warm) %.2f ms/step = %.1f steps/s (medians; means %.2f and %.2f ms)\n",
		before.Engine, before.ColdMs, before.WarmMs/1000, before.MedianMs, 1000/before.MedianMs, after.WarmMs/1000, after.MedianMs, 1000/after.MedianMs, before.MeanMs, after.MeanMs)
	fmt.Fprintf(&w, "  lesson page: %.0f steps = %.1f steps/s = %.2f × the bare worker before, %.2f × after\n",
		s.Steps, rate, rate*before.MedianMs/1000, rate*after.MedianMs/1000)
	wall := s.Seconds * 1000
	fmt.Fprintf(&w, "  where the trainer's worker spent the %.0f ms (%d engine worker(s) on the page):\n", wall, s.Workers)
	fmt.Fprintf(&w, "    %-10s %6s %10s %7s %12s %12s\n", "request", "count", "busy ms", "share", "MB to worker", "MB to page")
	sort.Slice(s.Types, func(i, j int) bool { return s.Types[i].BusyMs > s.Types[j].BusyMs })
	var trainBusy float64
	for _, t := range s.Types {
		name := t.Type
		if name == "" {
			name = "(other)"
		}
		if t.Type == "train" {
			trainBusy = t.BusyMs
		}
		fmt.Fprintf(&w, "    %-10s %6d %10.0f %6.1f%% %12.2f %12.2f\n", name, t.Count, t.BusyMs, 100*t.BusyMs/wall, t.Bytes/1e6, t.BytesIn/1e6)
	}
	fmt.Fprintf(&w, "    %-10s %6s %10.0f %6.1f%%\n", "idle", "", s.IdleMs, 100*s.IdleMs/wall)
	stepMs := s.TrainMs - s.EvalMs
	share := func(ms float64) string { return fmt.Sprintf("%.0f ms (%.1f%%)", ms, 100*ms/wall) }
	fmt.Fprintf(&w, "  train requests' %.0f ms = steps %s + %d held-out evaluations %s + messages and queueing %s\n",
		trainBusy, share(stepMs), s.Evals, share(s.EvalMs), share(trainBusy-s.TrainMs))
	if s.Steps > 0 {
		per := stepMs / s.Steps
		fmt.Fprintf(&w, "  a step inside the page's chunks: %.2f ms (%.2f × the bare worker's after the run); page ÷ worker = %.2f (step speed) × %.3f (share of the wall time in steps)\n",
			per, per/after.MedianMs, after.MedianMs/per, stepMs/wall)
	}
	if len(s.Gaps) > 0 {
		g := append([]float64(nil), s.Gaps...)
		sort.Float64s(g)
		ahead := 0
		for _, v := range g {
			if v < 0 {
				ahead++
			}
		}
		fmt.Fprintf(&w, "  train reply → next train request: median %.2f ms, max %.2f ms (%d chunks, %d asked for before the reply: pipelined); %d chunk(s) skipped\n",
			g[len(g)/2], g[len(g)-1], len(g), ahead, s.Skipped)
	}
	var lt float64
	for _, d := range longTasks {
		lt += d
	}
	fmt.Fprintf(&w, "  page main thread: %d long tasks (> 50 ms), %.0f ms in all\n", len(longTasks), lt)
	return w.String()
}

// workerTraceJS wraps the page's Worker constructor before any script runs:
// for every engine worker it records each request's and reply's direction,
// time, type, seq and size (the shim's watchdog pings and progress notes,
// answered beside the request in progress, are left out), and defines
// window.__traceSummary(t0, t1) (the trainer's worker is the one that ran
// the most training steps), window.__traceQuiet(ms) (no request pending and
// no message for ms), window.__bareR1(steps, warmup, warmMs) (a bare
// engine worker, kept between calls, trains R1 on the MNIST subset for
// warmMs, then times steps), window.__bareFor(ms) (that worker trains for
// ms: its steps' summed time, count and median), window.__bareClose() and
// window.__setLockstep(on) (while on, a train request asked for while
// another is in flight is held back and posted when that one's reply lands,
// as a page without pipelining would).
const workerTraceJS = `(() => {
  const Native = window.Worker;
  const log = [];
  const pending = new Set();
  const releases = [];
  let lockstep = false; // hold a train request while another is in flight (window.__setLockstep)
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
    const trains = new Set(); // seqs of train requests in flight
    const held = []; // train requests held back in lockstep: [data, transfer, parsed]
    const send = (d, transfer, m) => {
      log.push({ id, dir: 'out', t: performance.now(), type: m.type, seq: m.seq, bytes: size(d) });
      pending.add(id + ':' + m.seq);
      if (m.type === 'train') trains.add(m.seq);
      return post(d, transfer);
    };
    const release = () => { while (held.length && (!lockstep || trains.size === 0)) { const [d, tr, m] = held.shift(); send(d, tr, m); if (lockstep) break; } };
    releases.push(release);
    w.postMessage = (d, transfer) => {
      const m = d && typeof d.json === 'string' ? parse(d) : {};
      if (m.seq === undefined) return post(d, transfer);
      if (lockstep && m.type === 'train' && (trains.size > 0 || held.length > 0)) { held.push([d, transfer, m]); return; }
      return send(d, transfer, m);
    };
    w.addEventListener('message', (e) => {
      const t = performance.now();
      const m = e.data && typeof e.data.json === 'string' ? parse(e.data) : {};
      if (m.seq === undefined) return;
      pending.delete(id + ':' + m.seq);
      if (trains.delete(m.seq) && held.length) setTimeout(release, 0);
      const b = m.body || {};
      log.push({ id, dir: 'in', t, seq: m.seq, bytes: size(e.data),
        steps: Array.isArray(b.metrics) ? b.metrics.length : 0, ms: typeof b.ms === 'number' ? b.ms : 0,
        evalMs: typeof b.eval_ms === 'number' ? b.eval_ms : 0, evals: Array.isArray(b.eval) ? b.eval.length : 0 });
    });
    return w;
  };
  window.Worker.prototype = Native.prototype;

  window.__setLockstep = (v) => { lockstep = v; releases.forEach((f) => f()); return true; };

  window.__traceQuiet = (ms) => pending.size === 0 && (log.length === 0 || performance.now() - log[log.length - 1].t >= ms);

  window.__traceSummary = (t0, t1) => {
    const sent = new Map();
    for (const e of log) if (e.dir === 'out') sent.set(e.id + ':' + e.seq, e);
    const replies = log.filter((e) => e.dir === 'in' && sent.has(e.id + ':' + e.seq))
      .map((e) => ({ ...e, req: sent.get(e.id + ':' + e.seq) }));
    const steps = {};
    for (const e of replies) if (e.t >= t0 && e.t <= t1) steps[e.id] = (steps[e.id] || 0) + e.steps;
    const id = Object.keys(steps).map(Number).sort((a, b) => steps[b] - steps[a])[0];
    const mine = replies.filter((e) => e.id === id);
    const trains = mine.filter((e) => e.req.type === 'train' && e.t >= t0 && e.t <= t1);
    const out = { seconds: 0, steps: 0, trainMs: 0, evalMs: 0, evals: 0, workers: new Set(log.map((e) => e.id)).size, types: [], idleMs: 0, gaps: [], skipped: 0 };
    if (trains.length < 2) return out;
    const T0 = trains[0].t, T1 = trains[trains.length - 1].t;
    out.seconds = (T1 - T0) / 1000;
    const types = {};
    let prevReply = T0, busy = 0;
    for (const e of mine) {
      if (e.t <= T0 || e.t > T1) continue;
      const start = Math.max(e.req.t, prevReply);
      const ty = types[e.req.type] || (types[e.req.type] = { type: e.req.type, count: 0, busyMs: 0, bytesIn: 0, bytesOut: 0 });
      ty.count++;
      ty.busyMs += e.t - start;
      ty.bytesIn += e.bytes;
      ty.bytesOut += e.req.bytes;
      busy += e.t - start;
      prevReply = e.t;
      if (e.req.type === 'train' && e.steps === 0) out.skipped++;
      if (e.req.type === 'train') { out.steps += e.steps; out.trainMs += e.ms; out.evalMs += e.evalMs; out.evals += e.evals; }
    }
    for (let i = 1; i < trains.length; i++) {
      const next = log.find((e) => e.id === id && e.dir === 'out' && e.type === 'train' && e.seq > trains[i - 1].seq);
      if (next && next.t <= T1) out.gaps.push(next.t - trains[i - 1].t);
    }
    out.types = Object.values(types);
    out.idleMs = (T1 - T0) - busy;
    return out;
  };

  let bare = null, bareSeq = 0, bareEngine = '', bareWarm = 0, bareCold = 0;
  const bareCall = (type, body) => new Promise((resolve, reject) => {
    const s = ++bareSeq;
    const h = (e) => { const m = parse(e.data); if (m.seq !== s) return; bare.removeEventListener('message', h);
      if (m.error) reject(new Error(m.error)); else resolve(m.body); };
    bare.addEventListener('message', h);
    bare.postMessage({ json: JSON.stringify({ type, seq: s, slot: 'bare', body }) });
  });
  window.__bareR1 = async (steps, warmup, warmMs) => {
    let ran = steps + warmup;
    if (!bare) {
      ran += 45;
      bare = new Native('/web/engine-worker.js');
      bareEngine = (await bareCall('hello', { client: 'lessonsteps' })).engine;
      const t = performance.now();
      bareCold = (await bareCall('bench', { workload: 'R1', steps: 40, warmup: 5, data: 'mnist' })).median_ms;
      bareWarm += performance.now() - t;
    }
    const t = performance.now();
    while (performance.now() - t < warmMs) { await bareCall('bench', { workload: 'R1', steps: 40, warmup: 0, data: 'mnist' }); ran += 40; }
    bareWarm += performance.now() - t;
    const t2 = performance.now();
    const r = await bareCall('bench', { workload: 'R1', steps, warmup, data: 'mnist' });
    const out = { median_ms: r.median_ms, mean_ms: r.ms.reduce((a, v) => a + v, 0) / r.ms.length, cold_ms: bareCold, warm_ms: bareWarm, steps, engine: bareEngine, ran };
    bareWarm += performance.now() - t2;
    return out;
  };
  // __bareFor trains the bare worker (made by __bareR1) for ms in bench
  // calls of 40 steps: [the steps' summed ms, steps, their median ms].
  window.__bareFor = async (ms) => {
    const all = [];
    const t = performance.now();
    while (performance.now() - t < ms) {
      const r = await bareCall('bench', { workload: 'R1', steps: 40, warmup: 0, data: 'mnist' });
      all.push(...r.ms);
    }
    const sorted = [...all].sort((a, b) => a - b);
    return [all.reduce((a, v) => a + v, 0), all.length, sorted[sorted.length >> 1]];
  };
  window.__bareClose = () => { if (bare) bare.terminate(); bare = null; return true; };
})();`
