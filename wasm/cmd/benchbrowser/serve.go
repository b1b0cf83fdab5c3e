//go:build !js

package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	workerjs "latentlab/wasm/js"
)

// files are the bytes the benchmark serves.
type files struct {
	simd, scalar []byte // engine.wasm and engine-scalar.wasm
	wasmExec     []byte // the toolchain's wasm_exec.js
	client       []byte // web/engine/clientcheck built for js/wasm
	dataDir      string // dist/web/data (MNIST subset) for "mnist" sources; may be missing
}

// newMux serves the bench and client-check pages, the worker shim, both
// engines and the MNIST subset under the site's security policy. While
// broken is set, /web/engine.wasm is a 404 (the client check starts that
// way, then repairs it with /toggle?broken=0 and calls Reset);
// /broken/engine-worker.js finds no engine at all.
func newMux(f files, broken *atomic.Bool) *http.ServeMux {
	mux := http.NewServeMux()
	serve := func(path, ctype string, body []byte) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			if path == "/web/engine.wasm" && broken.Load() {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", ctype)
			setSecurityHeaders(w.Header())
			w.Header().Set("Cache-Control", "no-store")
			w.Write(body)
		})
	}
	serve("/bench.html", "text/html; charset=utf-8", []byte(benchHTML))
	serve("/bench.js", "text/javascript", []byte(benchJS+coresJS+tfjsPageJS))
	serve("/echo-worker.js", "text/javascript", []byte(echoWorkerJS))
	serve("/web/engine-worker.js", "text/javascript", workerjs.WorkerJS)
	serve("/web/wasm_exec.js", "text/javascript", f.wasmExec)
	serve("/web/engine.wasm", "application/wasm", f.simd)
	serve("/web/engine-scalar.wasm", "application/wasm", f.scalar)
	serve("/client.html", "text/html; charset=utf-8", []byte(clientHTML))
	serve("/client.js", "text/javascript", []byte(clientJS))
	serve("/client.wasm", "application/wasm", f.client)
	serve("/broken/engine-worker.js", "text/javascript", workerjs.WorkerJS)
	serve("/broken/wasm_exec.js", "text/javascript", f.wasmExec)
	mux.HandleFunc("/toggle", func(w http.ResponseWriter, r *http.Request) {
		broken.Store(r.URL.Query().Get("broken") == "1")
	})
	mux.HandleFunc("/web/data/", func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/web/data/")
		if f.dataDir == "" || name == "" || strings.ContainsAny(name, `/\`) {
			http.NotFound(w, r)
			return
		}
		b, err := os.ReadFile(filepath.Join(f.dataDir, name))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		setSecurityHeaders(w.Header())
		w.Write(b)
	})
	return mux
}

// setSecurityHeaders sends the site's policy (the one web/server sends), so
// that the worker is tested under the same restrictions as in production:
// no inline script, WebAssembly allowed, same-origin workers and fetches.
func setSecurityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; "+
		"connect-src 'self'; object-src 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
}
