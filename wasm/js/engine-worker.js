// engine-worker.js — the Web Worker that runs Latent Lab's engine (engine.wasm).
//
// The page starts it with `new Worker('/web/engine-worker.js')` (web/engine
// does). Every message, both ways, is an envelope {json: string, f32?:
// Float32Array} (see wasm/protocol). This shim only loads Go's wasm_exec.js
// and the engine, buffers messages until the Go side is ready, and makes
// sure that no failure vanishes silently: a load failure, an uncaught error or
// the Go program exiting is posted to the page as {type: "error"} with seq 0,
// which the page treats as a crash (Reset respawns the worker). It answers
// the page watchdog's {ping} with {pong} at once, before anything else.
//
// Two builds of the engine exist: engine.wasm uses WebAssembly SIMD (every
// current browser: Chromium ≥ 91, Firefox ≥ 89, Safari ≥ 16.4) and
// engine-scalar.wasm does not. The shim validates a tiny SIMD module and
// loads the first if the browser accepts it, else the second; both compute
// the same bits, and the ready reply's engine string names the build.
// `engine-worker.js?build=scalar` forces the scalar build (tests, benchmarks).
//
// wasm_exec.js and the engines are resolved relative to this script's URL, so
// the site also works when exported under a sub-path.
'use strict';

(function () {
  var base = self.location.href;
  var pending = [];   // envelopes that arrived before Go was ready
  var deliver = null; // the Go function that queues an envelope
  var stderr = '';    // the tail of the Go program's stderr, for crash reports
  var crashed = false;

  function postError(text) {
    try {
      self.postMessage({ json: JSON.stringify({ type: 'error', error: String(text) }) });
    } catch (e) {
      // postMessage itself failed: nothing more we can do here.
    }
  }

  function crash(text) {
    if (crashed) return;
    crashed = true;
    var tail = stderr.trim();
    if (tail) text += '\n' + tail.slice(-2000);
    postError(text);
  }

  // __llFetch(url, path) is the engine's download (wasm/engine's fetch): it
  // resolves to the file's bytes and, while they arrive, posts progress
  // messages ({type: "progress", body: {path, got, total, done}}, seq 0, at
  // most every 100 ms) so that the page can say how much has come.
  self.__llFetch = function (url, path) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status + ' ' + r.statusText);
      var total = parseInt(r.headers.get('X-Uncompressed-Content-Length') ||
        (r.headers.get('Content-Encoding') ? '' : r.headers.get('Content-Length')), 10) || 0;
      // What crosses the network when the server compressed the file.
      var sent = r.headers.get('Content-Encoding') ? parseInt(r.headers.get('Content-Length'), 10) || 0 : 0;
      if (!r.body || !r.body.getReader) return r.arrayBuffer();
      var reader = r.body.getReader(), parts = [], got = 0, shown = 0;
      function progress(done) {
        var now = Date.now();
        if (!done && now - shown < 100) return;
        shown = now;
        var body = { path: path, got: got, total: total, done: done, sent: sent };
        self.postMessage({ json: JSON.stringify({ type: 'progress', body: body }) });
      }
      function pump() {
        return reader.read().then(function (c) {
          if (c.done) {
            progress(true);
            var all = new Uint8Array(got), at = 0;
            for (var i = 0; i < parts.length; i++) { all.set(parts[i], at); at += parts[i].length; }
            return all.buffer;
          }
          parts.push(c.value);
          got += c.value.length;
          progress(false);
          return pump();
        });
      }
      progress(false);
      return pump();
    });
  };

  self.onmessage = function (e) {
    if (e.data && e.data.ping) {
      // The page's watchdog (web/engine): answered whenever this event loop
      // runs, so a worker that stopped or hangs is noticed.
      self.postMessage({ pong: 1 });
      return;
    }
    if (crashed) {
      // Answer every later request so that no callback waits forever.
      var seq = 0, type = 'error';
      try { var m = JSON.parse(e.data.json); seq = m.seq || 0; type = m.type || 'error'; } catch (_) {}
      self.postMessage({ json: JSON.stringify({ type: type, seq: seq, error: 'the engine has stopped; reset it' }) });
      return;
    }
    if (deliver) deliver(e.data); else pending.push(e.data);
  };

  self.onerror = function (e) {
    crash('engine worker error: ' + (e && e.message ? e.message : e));
  };
  self.onunhandledrejection = function (e) {
    var r = e && e.reason;
    crash('engine worker: ' + (r && r.message ? r.message : r));
  };

  // Called by engine.wasm's main once it listens.
  self.__engineReady = function (fn) {
    deliver = fn;
    var p = pending;
    pending = [];
    for (var i = 0; i < p.length; i++) fn(p[i]);
  };

  try {
    importScripts(new URL('wasm_exec.js', base).href);
  } catch (e) {
    crash('cannot load wasm_exec.js: ' + (e && e.message ? e.message : e));
    return;
  }

  // Keep the tail of Go's stderr (panics, fatal errors) for crash messages.
  if (self.fs && self.fs.writeSync) {
    var write = self.fs.writeSync;
    var dec = new TextDecoder('utf-8');
    self.fs.writeSync = function (fd, buf) {
      if (fd === 2) {
        stderr += dec.decode(buf);
        if (stderr.length > 8000) stderr = stderr.slice(-4000);
      }
      return write.apply(this, arguments);
    };
  }

  var go = new self.Go();
  var url = new URL(engineFile(), base).href;

  // engineFile names the build this browser runs.
  function engineFile() {
    var forced = new URLSearchParams(self.location.search).get('build');
    if (forced === 'scalar') return 'engine-scalar.wasm';
    return hasSIMD() ? 'engine.wasm' : 'engine-scalar.wasm';
  }

  // hasSIMD validates a module whose one function returns i8x16.splat(0)
  // (type () → v128, code: i32.const 0, i8x16.splat, end).
  function hasSIMD() {
    try {
      return WebAssembly.validate(new Uint8Array([
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
        0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b,       // type section: () → v128
        0x03, 0x02, 0x01, 0x00,                         // function section: one, type 0
        0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0xfd, 0x0f, 0x0b // code
      ]));
    } catch (e) {
      return false;
    }
  }

  function instantiate() {
    if (WebAssembly.instantiateStreaming) {
      return WebAssembly.instantiateStreaming(fetch(url), go.importObject).catch(function (err) {
        // Wrong MIME type or a proxy that rewrites the response: retry from bytes.
        return fetchBytes().then(function (b) { return WebAssembly.instantiate(b, go.importObject); });
      });
    }
    return fetchBytes().then(function (b) { return WebAssembly.instantiate(b, go.importObject); });
  }

  function fetchBytes() {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status + ' ' + r.statusText + ' for ' + url);
      return r.arrayBuffer();
    });
  }

  instantiate().then(function (result) {
    return go.run(result.instance).then(function () {
      crash('the engine exited' + (go.exited ? '' : ' unexpectedly'));
    });
  }).catch(function (err) {
    crash('cannot start the engine (' + url + '): ' + (err && err.message ? err.message : err));
  });
})();
