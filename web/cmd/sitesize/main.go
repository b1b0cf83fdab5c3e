// Command sitesize prints what a first visit to Latent Lab transfers: each
// WebAssembly binary raw, gzip and brotli, and the total of every file the
// first visit downloads (the page, go-app's files and everything the service
// worker precaches for offline use), as served by the real server with each
// encoding; then the data sets and models that lessons load on demand.
//
//	go run ./web/cmd/sitesize -dist dist
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"latentlab/web/page"
	"latentlab/web/server"
)

// budget is the first-visit transfer budget (ARCHITECTURE.md): 4 MB compressed.
const budget = 4_000_000

func main() {
	dist := flag.String("dist", "dist", "built site folder")
	flag.Parse()
	log.SetFlags(0)
	h := page.Handler(*dist)
	ts := httptest.NewServer(server.New(server.Config{Dir: *dist, App: h, Known: page.Known}))
	defer ts.Close()

	// Everything a first visit fetches: the page and go-app's files, then the
	// service worker's precache list (which includes app.wasm).
	urls := []string{"/", "/app.js", "/wasm_exec.js", "/app.css", "/manifest.webmanifest", "/app-worker.js", "/web/app.wasm"}
	urls = append(urls, h.CacheableResources...)
	urls = dedupe(urls)

	type sizes struct{ raw, gz, br int64 }
	var total sizes
	perFile := map[string]sizes{}
	for _, u := range urls {
		s := sizes{fetch(ts.URL+u, "identity"), fetch(ts.URL+u, "gzip"), fetch(ts.URL+u, "br, gzip")}
		if s.raw < 0 {
			log.Printf("warning: %s is missing", u)
			continue
		}
		perFile[u] = s
		total.raw += s.raw
		total.gz += s.gz
		total.br += s.br
	}

	fmt.Printf("%-40s %12s %12s %12s\n", "WebAssembly", "raw", "gzip", "brotli")
	var wasm []string
	for u := range perFile {
		if strings.HasSuffix(u, ".wasm") {
			wasm = append(wasm, u)
		}
	}
	sort.Strings(wasm)
	for _, u := range wasm {
		s := perFile[u]
		fmt.Printf("%-40s %12s %12s %12s\n", u, mb(s.raw), mb(s.gz), mb(s.br))
	}
	// The largest other files, for orientation.
	var rest []string
	for u := range perFile {
		if !strings.HasSuffix(u, ".wasm") {
			rest = append(rest, u)
		}
	}
	sort.Slice(rest, func(i, j int) bool { return perFile[rest[i]].br > perFile[rest[j]].br })
	if len(rest) > 8 {
		rest = rest[:8]
	}
	fmt.Printf("\n%-40s %12s %12s %12s\n", "Largest other files", "raw", "gzip", "brotli")
	for _, u := range rest {
		s := perFile[u]
		fmt.Printf("%-40s %12s %12s %12s\n", u, mb(s.raw), mb(s.gz), mb(s.br))
	}
	fmt.Printf("\n%-40s %12s %12s %12s\n", fmt.Sprintf("First visit (%d files)", len(perFile)), mb(total.raw), mb(total.gz), mb(total.br))
	// Loaded when a lesson needs them (then cached by the service worker).
	var lazy sizes
	var lazyN int
	for _, sub := range []string{"data", "models"} {
		entries, _ := os.ReadDir(filepath.Join(*dist, "web", sub))
		for _, e := range entries {
			n := e.Name()
			if e.IsDir() || strings.HasSuffix(n, ".br") || strings.HasSuffix(n, ".gz") {
				continue
			}
			u := "/web/" + sub + "/" + n
			lazy.raw += fetch(ts.URL+u, "identity")
			lazy.gz += fetch(ts.URL+u, "gzip")
			lazy.br += fetch(ts.URL+u, "br, gzip")
			lazyN++
		}
	}
	fmt.Printf("%-40s %12s %12s %12s\n", fmt.Sprintf("On demand: data, models (%d)", lazyN), mb(lazy.raw), mb(lazy.gz), mb(lazy.br))
	verdict := "within"
	if total.br > budget {
		verdict = "OVER"
	}
	fmt.Printf("Budget: %s compressed (brotli, https) — %s budget; over plain http browsers get gzip: %s\n", mb(budget), verdict, mb(total.gz))
}

func dedupe(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// fetch returns the transferred body size with the given Accept-Encoding, or
// −1 when the file is missing.
func fetch(url, enc string) int64 {
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Accept-Encoding", enc)
	res, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		log.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return -1
	}
	n, _ := io.Copy(io.Discard, res.Body)
	return n
}

func mb(n int64) string {
	return fmt.Sprintf("%.2f MB", float64(n)/1e6)
}
