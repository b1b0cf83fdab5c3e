//go:build !js

package main

import (
	"encoding/binary"
	"fmt"
	"math"
	"net/http"
	"os"
	"path/filepath"
)

// tfjsDir is the npm folder holding TensorFlow.js (package.json pins
// @tensorflow/tfjs-core and @tensorflow/tfjs-backend-wasm 4.22.0; `make
// bench-browser` runs `npm ci` there; the tfjs union package is needed only
// for its bundle, which registers the gradients). Empty or without node_modules: the
// comparison is skipped and ARCHITECTURE.md's reference figures are printed instead.
var tfjsDir = "wasm/cmd/benchbrowser/tfjs"

// tfjsFiles maps the served names under /tfjs/ to files in node_modules.
var tfjsFiles = map[string]string{
	"tf.js":                                "@tensorflow/tfjs/dist/tf.min.js",
	"tf-backend-wasm.js":                   "@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.min.js",
	"tfjs-backend-wasm.wasm":               "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm",
	"tfjs-backend-wasm-simd.wasm":          "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm",
	"tfjs-backend-wasm-threaded-simd.wasm": "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm",
}

// serveTFJS registers /tfjs/… (the TF.js bundles, their wasm binaries, the
// benchmark worker and the data rows as little-endian float32) and reports
// whether TF.js is installed. TF.js is third-party code: it is served without
// the site's CSP (its Emscripten glue is not written for it).
func serveTFJS(mux *http.ServeMux, x []float32) (bool, error) {
	if tfjsDir == "" {
		return false, nil
	}
	nm := filepath.Join(tfjsDir, "node_modules")
	if _, err := os.Stat(nm); err != nil {
		return false, nil
	}
	for name, rel := range tfjsFiles {
		body, err := os.ReadFile(filepath.Join(nm, rel))
		if err != nil {
			return false, fmt.Errorf("TF.js installed but incomplete (run npm ci --prefix %s): %w", tfjsDir, err)
		}
		ctype := "text/javascript"
		if filepath.Ext(name) == ".wasm" {
			ctype = "application/wasm"
		}
		mux.HandleFunc("/tfjs/"+name, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ctype)
			w.Write(body)
		})
	}
	mux.HandleFunc("/tfjs/worker.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		w.Write([]byte(tfjsWorkerJS))
	})
	data := make([]byte, 4*len(x))
	for i, v := range x {
		binary.LittleEndian.PutUint32(data[4*i:], math.Float32bits(v))
	}
	mux.HandleFunc("/tfjs/data.bin", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(data)
	})
	return true, nil
}

// tfjsWorkerJS is a classic Web Worker that writes the reference workloads
// with TF.js ops (tf.train.adam, Glorot-uniform weights, zero biases,
// float32) on the wasm backend and times them the way worker.RunBench times
// ours: warm-up steps, then each step timed alone, the loss read back with
// dataSync so the step has really finished. Batches are consecutive rows of
// the same synthetic MNIST-like data, copied into a new tensor every step
// (as our trainer copies rows into its batch buffer).
const tfjsWorkerJS = `'use strict';
// The tfjs union bundle, not tf-core.min.js: core's bundle registers no
// gradients (the union package imports register_all_gradients).
importScripts('/tfjs/tf.js', '/tfjs/tf-backend-wasm.js');
// worker.js?tuned: TF.js's own MatMul gradient multiplies with transposeA /
// transposeB, which the wasm backend runs about 15× slower than an explicit
// transpose followed by a plain (XNNPACK) product of the same size (measured
// in Node, 4.22: [100,784]ᵀ·[100,256] 59 ms vs 3 ms). The tuned worker
// registers that cheaper gradient, the best a TF.js user can easily do; the
// plain worker is TF.js as shipped. Our models only use 2-D products without
// transposes, the only case this gradient handles.
const tuned = new URLSearchParams(self.location.search).has('tuned');
if (tuned) {
  tf.registerGradient({ kernelName: 'BatchMatMul', inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved, attrs) => {
      const [a, b] = saved;
      if (attrs.transposeA || attrs.transposeB || a.rank !== 2 || b.rank !== 2) throw new Error('tuned MatMul gradient: 2-D, no transposes');
      return { a: () => tf.matMul(dy, tf.transpose(b)), b: () => tf.matMul(tf.transpose(a), dy) };
    } });
}
const D = 784;
let X = null, N = 0;
const ready = (async () => {
  tf.wasm.setWasmPaths('/tfjs/');
  if (!(await tf.setBackend('wasm'))) throw new Error('TF.js wasm backend did not start');
  await tf.ready();
  const buf = await (await fetch('/tfjs/data.bin')).arrayBuffer();
  X = new Float32Array(buf);
  N = X.length / D;
  return { backend: tf.getBackend(), version: tf.version_core, tuned,
    simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    threads: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT') };
})();

function glorot(fanIn, fanOut) {
  const lim = Math.sqrt(6 / (fanIn + fanOut));
  return tf.tidy(() => tf.variable(tf.randomUniform([fanIn, fanOut], -lim, lim, 'float32')));
}
const zeros = (n) => tf.tidy(() => tf.variable(tf.zeros([n])));
const dense = (x, W, b) => tf.add(tf.matMul(x, W), b);
// Bernoulli negative log-likelihood of x under sigmoid(logits), summed:
// softplus(l) − x·l, the stable form of −[x log p + (1−x) log(1−p)].
const bce = (logits, x) => tf.sum(tf.sub(tf.softplus(logits), tf.mul(x, logits)));

function vae(hidden, latent) {
  const p = { W1: glorot(D, hidden), b1: zeros(hidden), Wmu: glorot(hidden, latent), bmu: zeros(latent),
    Wlv: glorot(hidden, latent), blv: zeros(latent), W3: glorot(latent, hidden), b3: zeros(hidden),
    W4: glorot(hidden, D), b4: zeros(D) };
  const decodeLogits = (z) => dense(tf.relu(dense(z, p.W3, p.b3)), p.W4, p.b4);
  return { p, latent,
    loss: (x) => {
      const B = x.shape[0];
      const h = tf.relu(dense(x, p.W1, p.b1));
      const mu = dense(h, p.Wmu, p.bmu), lv = dense(h, p.Wlv, p.blv);
      const z = tf.add(mu, tf.mul(tf.exp(tf.mul(lv, 0.5)), tf.randomNormal([B, latent])));
      const kl = tf.mul(tf.sum(tf.sub(tf.sub(tf.add(lv, 1), tf.square(mu)), tf.exp(lv))), -0.5);
      return tf.div(tf.add(bce(decodeLogits(z), x), kl), B);
    },
    decode: (z) => tf.sigmoid(decodeLogits(z)) };
}

function cae(code, lambda) {
  const p = { W1: glorot(D, code), b1: zeros(code), W2: glorot(code, D), b2: zeros(D) };
  return { p,
    loss: (x) => {
      const B = x.shape[0];
      const h = tf.sigmoid(dense(x, p.W1, p.b1));
      const dh = tf.mul(h, tf.sub(1, h));
      // λ Σ_j (h_j(1−h_j))² Σ_i W_ji², W1 stored input × code.
      const pen = tf.sum(tf.mul(tf.square(dh), tf.sum(tf.square(p.W1), 0)));
      return tf.div(tf.add(bce(dense(h, p.W2, p.b2), x), tf.mul(pen, lambda)), B);
    } };
}

function model(w) {
  switch (w) {
    case 'R1': case 'D1': case 'D1r': return [vae(256, 2), 100];
    case 'R2': return [cae(128, 0.1), 100];
    case 'R3': return [vae(512, 16), 128];
  }
  throw new Error('unknown workload ' + w);
}

function median(v) {
  const s = v.slice().sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

async function bench(workload, steps, warmup) {
  await ready;
  tf.setBackend('wasm');
  const before = tf.memory().numTensors;
  const [m, B] = model(workload);
  const vars = Object.values(m.p);
  const opt = tf.train.adam(1e-3);
  const ms = [];
  let lastLoss = NaN;
  if (workload === 'D1' || workload === 'D1r') { // TF.js has one way to decode: D1r times it again
    let k = 0;
    const decodes = (n) => { // latent points as RunBench's: 0.3 … 6.3 apart by 0.001
      for (let r = 0; r < n; r++, k++) {
        const out = tf.tidy(() => m.decode(tf.tensor2d([0.3 + (k % 6000) * 1e-3, -0.7], [1, 2])));
        const px = out.dataSync();
        out.dispose();
        if (px.length !== D) throw new Error('decode gave ' + px.length);
      }
    };
    // As RunBench: untimed batches of 100, 200, … until one lasts 5 ms, then
    // timed batches of at least 20 ms (the worker's clock moves in 100 µs steps).
    let n = 100, took = 0;
    for (;; n *= 2) {
      const t = performance.now();
      decodes(n);
      took = performance.now() - t;
      if (took >= 5 || n >= 1 << 20) break;
    }
    const reps = Math.max(100, Math.floor(n * 20 / Math.max(took, 1e-3)) + 1);
    for (let i = 0; i < warmup + steps; i++) {
      const t = performance.now();
      decodes(reps);
      if (i >= warmup) ms.push((performance.now() - t) / reps);
    }
  } else {
    let row = 0;
    for (let i = 0; i < warmup + steps; i++) {
      if (row + B > N) row = 0;
      const t = performance.now();
      const x = tf.tensor2d(X.subarray(row * D, (row + B) * D), [B, D]);
      const loss = opt.minimize(() => m.loss(x), true, vars);
      lastLoss = loss.dataSync()[0];
      loss.dispose();
      x.dispose();
      if (i >= warmup) ms.push(performance.now() - t);
      row += B;
    }
    if (!isFinite(lastLoss)) throw new Error(workload + ': loss ' + lastLoss);
  }
  opt.dispose();
  for (const v of vars) v.dispose();
  const leaked = tf.memory().numTensors - before;
  return { workload, medianMs: median(ms), ms, lastLoss, leaked };
}

self.onmessage = async (e) => {
  const { id, cmd, workload, steps, warmup } = e.data;
  try {
    const body = cmd === 'info' ? await ready : await bench(workload, steps, warmup);
    self.postMessage({ id, body });
  } catch (err) {
    self.postMessage({ id, error: String(err && err.stack || err) });
  }
};
`

// tfjsPageJS is added to the bench page: it starts the TF.js worker and
// exposes window.tfjsInfo(tuned) and window.tfjsBench(workload, steps,
// warmup, tuned); the tuned variant runs in a worker of its own.
const tfjsPageJS = `
(() => {
  const workers = {};
  let seq = 0;
  const pending = new Map();
  const call = (msg, tuned) => {
    const key = tuned ? 'tuned' : 'plain';
    let w = workers[key];
    if (!w) {
      w = workers[key] = new Worker(tuned ? '/tfjs/worker.js?tuned' : '/tfjs/worker.js');
      w.onmessage = (e) => { const p = pending.get(e.data.id); pending.delete(e.data.id);
        if (e.data.error) p.reject(new Error(e.data.error)); else p.resolve(e.data.body); };
      w.onerror = (e) => { for (const p of pending.values()) p.reject(new Error('TF.js worker: ' + e.message)); pending.clear(); };
    }
    return new Promise((resolve, reject) => { const id = ++seq; pending.set(id, { resolve, reject }); w.postMessage({ id, ...msg }); });
  };
  window.tfjsInfo = (tuned) => call({ cmd: 'info' }, tuned);
  window.tfjsBench = (workload, steps, warmup, tuned) => call({ cmd: 'bench', workload, steps, warmup }, tuned);
})();
`
