// Package server serves Latent Lab: the go-app page handler for routes, the
// built assets under /web/ from a dist folder (with precompressed brotli and
// gzip variants), and the security headers every response carries. It only
// serves files; all computation happens in the browser.
//
// It holds up against slow or hostile clients: each static file is sent
// under a write deadline sized for the file at a slow but real rate
// (Config.MinRate); connections are capped overall and per client address
// (LimitListener); Range requests may ask for at most MaxRanges parts;
// Accept-Encoding weights are honoured, q=0 included; and a shutdown lets
// the downloads in flight finish for a grace period (ListenAndServe).
package server

import (
	"net/http"
	"path"
	"strings"
	"time"
)

// Config says what to serve and how.
type Config struct {
	// Dir is the dist folder: Dir/web holds app.wasm, engine.wasm, lessons, ...
	Dir string
	// App serves the go-app pages and go-app's own resources (app.js,
	// app-worker.js, manifest); usually an *app.Handler.
	App http.Handler
	// Known reports whether a path is a page route. Unknown paths get the app
	// shell (which renders the not-found page) with status 404. Nil means
	// every path is known.
	Known func(path string) bool
	// NotFoundPath is the page route whose shell is sent (with status 404)
	// for unknown paths, e.g. "/404"; "" sends the unknown path itself.
	NotFoundPath string
	// FrameAncestors is the CSP frame-ancestors source list; "" means "*".
	FrameAncestors string
	// MinRate is the slowest rate, in bytes per second, at which a client
	// may read a static file: each response's write deadline is WriteSlack
	// plus the file's size at this rate. 0 means DefaultMinRate.
	MinRate int64
	// WriteSlack is the fixed part of that deadline; 0 means DefaultWriteSlack.
	WriteSlack time.Duration
}

// Defaults of Config: a slow but real connection (256 kbit/s) gets app.wasm
// (3 MB with brotli) in about two minutes, and the raw 17 MB in ten.
const (
	DefaultMinRate    = 32 << 10 // bytes per second
	DefaultWriteSlack = 30 * time.Second
)

// New returns the complete handler: security headers, traversal checks,
// static files under /web/ and /wasm_exec.js, everything else to cfg.App.
func New(cfg Config) http.Handler {
	files := &fileServer{root: cfg.Dir, minRate: cfg.MinRate, slack: cfg.WriteSlack}
	if files.minRate <= 0 {
		files.minRate = DefaultMinRate
	}
	if files.slack <= 0 {
		files.slack = DefaultWriteSlack
	}
	csp := ContentSecurityPolicy(cfg.FrameAncestors)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setSecurityHeaders(w.Header(), csp)
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		p := r.URL.Path
		if !cleanPath(p) {
			http.Error(w, "bad path", http.StatusBadRequest)
			return
		}
		switch {
		case strings.HasPrefix(p, "/web/"):
			files.serve(w, r, p)
			return
		case p == "/wasm_exec.js":
			// Serve the wasm_exec.js of the Go toolchain that built app.wasm
			// (copied into dist/web), not go-app's embedded copy.
			files.serve(w, r, "/web/wasm_exec.js")
			return
		}
		if cfg.Known != nil && !cfg.Known(p) && !isAppResource(p) {
			r2 := r
			if cfg.NotFoundPath != "" {
				r2 = r.Clone(r.Context())
				r2.URL.Path, r2.URL.RawPath = cfg.NotFoundPath, ""
				r2.Header.Del("If-None-Match")
			}
			cfg.App.ServeHTTP(&statusWriter{ResponseWriter: w, status: http.StatusNotFound}, r2)
			return
		}
		cfg.App.ServeHTTP(w, r)
	})
}

// isAppResource reports whether p is one of go-app's generated files.
func isAppResource(p string) bool {
	switch p {
	case "/app.js", "/app-worker.js", "/manifest.webmanifest", "/app.css", "/goapp.js", "/manifest.json":
		return true
	}
	return false
}

// cleanPath refuses paths that try to climb out of the served folder or that
// carry characters no asset name uses.
func cleanPath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || seg == "." {
			return false
		}
	}
	return path.Clean(p) == p || strings.HasSuffix(p, "/") && path.Clean(p)+"/" == p
}

// statusWriter replaces the status of a successful response (used to send
// the app shell with 404 for unknown routes).
type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (s *statusWriter) WriteHeader(code int) {
	if s.wrote {
		return
	}
	s.wrote = true
	if code == http.StatusOK {
		code = s.status
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if !s.wrote {
		s.WriteHeader(http.StatusOK)
	}
	return s.ResponseWriter.Write(b)
}
