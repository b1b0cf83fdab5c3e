//go:build !js

package main

// benchHTML is the page the benchmark drives; benchJS talks to the worker
// with the same envelopes as web/engine.
const benchHTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>engine bench</title></head>
<body><p id="status">loading</p><script src="/bench.js"></script></body></html>
`

// clientHTML runs web/engine/clientcheck (the UI client against the real worker).
const clientHTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>client check</title></head>
<body><script src="/web/wasm_exec.js"></script><script src="/client.js"></script></body></html>
`

const clientJS = `'use strict';
const go = new Go();
WebAssembly.instantiateStreaming(fetch('/client.wasm'), go.importObject).then((r) => go.run(r.instance));
window.clientReady = () => new Promise((resolve) => {
  const t = setInterval(() => { if (window.clientCheck) { clearInterval(t); resolve(true); } }, 20);
});
`

const benchJS = `'use strict';
const workerErrors = [];
function spawn(url) {
  const w = new Worker(url);
  const pending = new Map();
  let seq = 0;
  const first = new Promise((resolve) => { w._first = resolve; });
  w.onmessage = (e) => {
    const m = JSON.parse(e.data.json);
    const f = e.data.f32;
    if (!m.seq) {
      // seq 0 is either a download's progress (create with MNIST data: the
      // engine fetches it) or a crash report from the shim; only the
      // latter fails the pending calls.
      if (m.type !== 'error') return;
      workerErrors.push(m.error);
      w._first(m);
      for (const p of pending.values()) p.reject(new Error(m.error));
      pending.clear();
      return;
    }
    const p = pending.get(m.seq);
    pending.delete(m.seq);
    if (p) p.resolve({ m, f });
  };
  w.onerror = (e) => { workerErrors.push('worker onerror: ' + e.message); };
  w.call = (type, body, f32, slot) => new Promise((resolve, reject) => {
    const s = ++seq;
    pending.set(s, { resolve, reject });
    const env = { json: JSON.stringify({ type, seq: s, slot: slot || '', body }) };
    const transfer = [];
    if (f32) { env.f32 = f32; transfer.push(f32.buffer); }
    w.postMessage(env, transfer);
  });
  w.first = first;
  return w;
}
// One worker per engine build: the shim picks engine.wasm (SIMD) in a
// browser with wasm SIMD; ?build=scalar forces engine-scalar.wasm.
window.engines = { simd: spawn('/web/engine-worker.js'), scalar: spawn('/web/engine-worker.js?build=scalar') };
const engine = window.engines.simd;
// Main-thread tasks over 50 ms while the worker trains (there should be none).
window.longTasks = [];
try {
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.longTasks.push(e.duration); })
    .observe({ type: 'longtask', buffered: true });
} catch (e) { window.longTasks = null; }

window.bench = async (workload, steps, warmup, data, build) => {
  const r = await window.engines[build || 'simd'].call('bench', { workload, steps, warmup, data });
  if (r.m.error) throw new Error(r.m.error);
  return r.m.body;
};

// roundTrip times n sequential one-point decodes through the worker (the
// model left in slot 'rt' by a bench with keep), postMessage both ways
// included; it returns the sorted times in ms.
window.roundTrip = async (n) => {
  const b = await engine.call('bench', { workload: 'D1', steps: 1, warmup: 0, keep: true }, null, 'rt');
  if (b.m.error) throw new Error(b.m.error);
  const ts = [];
  for (let i = 0; i < n; i++) {
    const z = new Float32Array([Math.sin(i), Math.cos(i)]);
    const t = performance.now();
    const r = await engine.call('decode', {}, z, 'rt');
    ts.push(performance.now() - t);
    if (r.m.error || r.f.length !== 784) throw new Error('decode: ' + r.m.error);
  }
  return ts.sort((a, b) => a - b);
};

// smoke drives the real worker of a build through the protocol and returns
// what it saw.
window.smoke = async (build) => {
  const engine = window.engines[build || 'simd'];
  const out = {};
  const t0 = performance.now();
  const ready = await engine.call('hello', { client: 'benchbrowser' });
  out.ready = ready.m.body;
  out.startMs = performance.now() - t0;
  const created = await engine.call('create', { model: { kind: 'vae', hidden: [16], latent: 2, lr: 0.01, batch: 50 },
    data: { source: 'toy', name: 'moons', n: 300, test: 100, noise: 0.05, seed: 1 } }, null, 'smoke');
  if (created.m.error) throw new Error(created.m.error);
  out.params = created.m.body.params;
  const trained = await engine.call('train', { steps: 50, eval_end: true }, null, 'smoke');
  if (trained.m.error) throw new Error(trained.m.error);
  out.step = trained.m.body.step;
  out.firstLoss = trained.m.body.metrics[0].loss;
  out.lastLoss = trained.m.body.metrics[49].loss;
  const dec = await engine.call('decode', {}, new Float32Array([0.5, -0.5, 0, 0]), 'smoke');
  out.decoded = dec.f ? Array.from(dec.f) : null;
  const snap = await engine.call('snapshot', null, null, 'smoke');
  out.snapshotFloats = snap.f ? snap.f.length : 0;
  const saved = await engine.call('save', { name: 'smoke' }, null, 'smoke');
  const loaded = await engine.call('load', { bytes: saved.m.body.bytes }, saved.f, 'copy');
  out.loadedStep = loaded.m.error || loaded.m.body.step;
  const bad = await engine.call('fly', {});
  out.badError = bad.m.error;
  const grid = await engine.call('grid', { n: 4 }, null, 'smoke');
  out.gridFloats = grid.f ? grid.f.length : 0;
  // A worker whose engine.wasm is missing must report it, not hang.
  const broken = spawn('/broken/engine-worker.js');
  out.brokenError = await Promise.race([broken.first.then((m) => m.error),
    new Promise((r) => setTimeout(() => r('timeout: no error reported'), 10000))]);
  broken.terminate();
  out.workerErrors = workerErrors.slice();
  return out;
};
document.getElementById('status').textContent = 'ready';
`

// echoWorkerJS returns every message it gets, transferring its buffer (the
// floor under any page ↔ worker exchange of a tensor).
const echoWorkerJS = `'use strict';
self.onmessage = (e) => { self.postMessage(e.data, [e.data.buffer]); };
`
