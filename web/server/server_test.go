package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fixture builds a dist folder with a wasm file and its precompressed variants.
func fixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	web := filepath.Join(dir, "web")
	if err := os.MkdirAll(filepath.Join(web, "lessons"), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(web, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("app.wasm", "\x00asm-raw")
	write("app.wasm.br", "brotli-bytes")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("\x00asm-raw"))
	zw.Close()
	write("app.wasm.gz", gz.String())
	write("style.css", "body{}")
	write("engine.0123abcd.wasm", "hashed")
	write("wasm_exec.js", "// go wasm_exec")
	write("lessons/index.json", `{"Lessons":[]}`)
	// Precompressed variants must not be older than the original.
	now := time.Now()
	for _, n := range []string{"app.wasm.br", "app.wasm.gz"} {
		os.Chtimes(filepath.Join(web, n), now.Add(time.Second), now.Add(time.Second))
	}
	os.WriteFile(filepath.Join(dir, "secret.txt"), []byte("top secret"), 0o644)
	return dir
}

func newTestServer(t *testing.T) *httptest.Server {
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Cache-Control", "no-cache")
		io.WriteString(w, "<!DOCTYPE html><title>app shell</title>"+r.URL.Path)
	})
	h := New(Config{
		Dir:            fixture(t),
		App:            app,
		Known:          func(p string) bool { return p == "/" || strings.HasPrefix(p, "/lessons/") },
		NotFoundPath:   "/404",
		FrameAncestors: "https://lms.example.edu",
	})
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts
}

func get(t *testing.T, ts *httptest.Server, path, acceptEncoding string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", ts.URL+path, nil)
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	// A raw transport so Go does not transparently decompress gzip.
	res, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func TestWasmContentTypeAndEncodings(t *testing.T) {
	ts := newTestServer(t)
	cases := []struct {
		accept, wantEnc, wantBody string
	}{
		{"", "", "\x00asm-raw"},
		{"gzip, deflate", "gzip", ""},
		{"gzip, deflate, br", "br", "brotli-bytes"},
		{"br;q=0, gzip", "gzip", ""},
		{"br;q=0", "", "\x00asm-raw"},
		{"gzip;Q=0, br;q=0.000", "", "\x00asm-raw"},
		{"identity", "", "\x00asm-raw"},
	}
	for _, c := range cases {
		res, body := get(t, ts, "/web/app.wasm", c.accept)
		if res.StatusCode != 200 {
			t.Fatalf("accept %q: status %d", c.accept, res.StatusCode)
		}
		if got := res.Header.Get("Content-Type"); got != "application/wasm" {
			t.Errorf("accept %q: Content-Type %q, want application/wasm", c.accept, got)
		}
		if got := res.Header.Get("Content-Encoding"); got != c.wantEnc {
			t.Errorf("accept %q: Content-Encoding %q, want %q", c.accept, got, c.wantEnc)
		}
		if !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
			t.Errorf("accept %q: missing Vary: Accept-Encoding", c.accept)
		}
		if res.ContentLength != int64(len(body)) {
			t.Errorf("accept %q: Content-Length %d for a body of %d bytes", c.accept, res.ContentLength, len(body))
		}
		if got := res.Header.Get(UncompressedLengthHeader); got != "8" {
			t.Errorf("accept %q: %s = %q, want 8", c.accept, UncompressedLengthHeader, got)
		}
		if c.wantBody != "" && body != c.wantBody {
			t.Errorf("accept %q: body %q, want %q", c.accept, body, c.wantBody)
		}
		if c.wantEnc == "gzip" {
			zr, err := gzip.NewReader(strings.NewReader(body))
			if err != nil {
				t.Fatalf("gzip body: %v", err)
			}
			raw, _ := io.ReadAll(zr)
			if string(raw) != "\x00asm-raw" {
				t.Errorf("gzip body decodes to %q", raw)
			}
		}
	}
}

func TestCacheHeaders(t *testing.T) {
	ts := newTestServer(t)
	for path, want := range map[string]string{
		"/web/engine.0123abcd.wasm": "immutable",
		"/web/app.wasm":             "no-cache",
		"/web/lessons/index.json":   "no-cache",
		"/":                         "no-cache",
	} {
		res, _ := get(t, ts, path, "")
		if got := res.Header.Get("Cache-Control"); !strings.Contains(got, want) {
			t.Errorf("%s: Cache-Control %q, want it to contain %q", path, got, want)
		}
	}
	// Revalidation with the ETag is a 304.
	res, _ := get(t, ts, "/web/style.css", "")
	req, _ := http.NewRequest("GET", ts.URL+"/web/style.css", nil)
	req.Header.Set("If-None-Match", res.Header.Get("ETag"))
	res2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res2.Body.Close()
	if res2.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation: status %d, want 304", res2.StatusCode)
	}
}

func TestSecurityHeadersEverywhere(t *testing.T) {
	ts := newTestServer(t)
	for _, path := range []string{"/", "/web/style.css", "/web/missing.js", "/nope", "/lessons/vae"} {
		res, _ := get(t, ts, path, "")
		csp := res.Header.Get("Content-Security-Policy")
		for _, want := range []string{
			"script-src 'self' 'wasm-unsafe-eval'", "worker-src 'self'", "object-src 'none'",
			"base-uri 'none'", "frame-ancestors https://lms.example.edu", "style-src 'self' 'unsafe-inline'",
		} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "'unsafe-eval'") || strings.Contains(csp, "script-src 'self' 'unsafe-inline'") {
			t.Errorf("%s: CSP allows script injection: %q", path, csp)
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: missing nosniff", path)
		}
		if res.Header.Get("Referrer-Policy") == "" {
			t.Errorf("%s: missing Referrer-Policy", path)
		}
	}
}

func TestFrameAncestorsDefaultAndSanitised(t *testing.T) {
	if got := ContentSecurityPolicy(""); !strings.HasSuffix(got, "frame-ancestors *") {
		t.Errorf("default policy ends %q", got)
	}
	got := ContentSecurityPolicy("'self'; script-src *")
	if strings.Count(got, ";") != strings.Count(ContentSecurityPolicy(""), ";") {
		t.Errorf("flag value injected a directive: %q", got)
	}
}

func TestTraversalRefused(t *testing.T) {
	ts := newTestServer(t)
	for _, path := range []string{
		"/web/../secret.txt", "/web/%2e%2e/secret.txt", "/web/..%2fsecret.txt",
		"/web/lessons/../../secret.txt", "/web/..\\secret.txt",
	} {
		req, _ := http.NewRequest("GET", ts.URL+"/", nil)
		req.URL.RawPath = ""
		req.URL.Opaque = path // send the path as is, uncleaned
		res, err := (&http.Transport{}).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode == 200 || strings.Contains(string(b), "top secret") {
			t.Errorf("%s: status %d, body %q", path, res.StatusCode, b)
		}
	}
}

func TestNotFound(t *testing.T) {
	ts := newTestServer(t)
	res, _ := get(t, ts, "/web/missing.wasm", "")
	if res.StatusCode != 404 {
		t.Errorf("missing asset: status %d, want 404", res.StatusCode)
	}
	res, _ = get(t, ts, "/web/lessons", "")
	if res.StatusCode != 404 {
		t.Errorf("directory listing: status %d, want 404", res.StatusCode)
	}
	res, body := get(t, ts, "/no/such/page", "")
	if res.StatusCode != 404 || !strings.Contains(body, "app shell</title>/404") {
		t.Errorf("unknown route: status %d body %q, want the app shell with 404", res.StatusCode, body)
	}
	res, _ = get(t, ts, "/lessons/vae", "")
	if res.StatusCode != 200 {
		t.Errorf("known route: status %d", res.StatusCode)
	}
}

func TestWasmExecFromDist(t *testing.T) {
	ts := newTestServer(t)
	res, body := get(t, ts, "/wasm_exec.js", "")
	if res.StatusCode != 200 || body != "// go wasm_exec" {
		t.Errorf("/wasm_exec.js: %d %q", res.StatusCode, body)
	}
}

func TestMethodNotAllowed(t *testing.T) {
	ts := newTestServer(t)
	res, err := http.Post(ts.URL+"/web/style.css", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d", res.StatusCode)
	}
}

func TestPreferredEncoding(t *testing.T) {
	both := []string{"br", "gzip"}
	for _, c := range []struct {
		header string
		offer  []string
		want   string
	}{
		{"gzip, br", both, "br"},
		{"gzip", both, "gzip"},
		{"br;q=0", both, ""},
		{"br;q=0, gzip", both, "gzip"},
		{"BR;Q=0, gzip", both, "gzip"},
		{"br; q=0.000, gzip", both, "gzip"},
		{"br;q=0.", both, ""},
		{"br;q=00", both, ""},
		{"br;q=0e0", both, ""},
		{"br;q=-1, gzip", both, "gzip"},
		{"br;q=2, gzip", both, "gzip"}, // an impossible weight refuses
		{"br;q=nan, gzip", both, "gzip"},
		{"gzip;q=0.5, br;q=0.4", both, "gzip"},
		{"gzip;q=0.5, br;q=0.5", both, "br"}, // a tie: the server's order
		{"*", both, "br"},
		{"*;q=0", both, ""},
		{"br;q=0, *;q=0.1", both, "gzip"},
		{"br, br;q=0", both, ""}, // repeated: the stricter weight
		{"x-gzip", both, "gzip"},
		{"identity", both, ""},
		{"", both, ""},
		{"br", []string{"gzip"}, ""},
		{"deflate, br;level=5", both, "br"},
	} {
		if got := preferredEncoding(c.header, c.offer); got != c.want {
			t.Errorf("preferredEncoding(%q, %v) = %q, want %q", c.header, c.offer, got, c.want)
		}
	}
}
