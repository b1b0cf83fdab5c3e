//go:build !js

// Command sitesize prints what Latent Lab transfers, as served by the real
// server with each coding: each WebAssembly binary raw, gzip and brotli; what
// a first visit to a lesson downloads before its widgets start (the page, the
// files every page needs to start: loader, app.wasm, styles, icons) against
// the budget; and what the offline worker keeps afterwards (every page, lesson,
// engine, model and data file), unless the reader turns that off. With
// -packages it also prints how much code each Go package puts into app.wasm.
//
//	go run ./web/cmd/sitesize -dist dist [-page /lessons/vae] [-packages app-with-names.wasm]
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"path"
	"slices"
	"sort"
	"strings"

	"latentlab/web/page"
	"latentlab/web/server"
)

// budget is the first-visit transfer goal (brotli): 3 MB.
const budget = 3_000_000

type sizes struct{ raw, gz, br int64 }

func (s *sizes) add(o sizes) { s.raw += o.raw; s.gz += o.gz; s.br += o.br }

func main() {
	dist := flag.String("dist", "dist", "built site folder")
	pagePath := flag.String("page", "/lessons/vae", "the page of the first visit")
	packages := flag.String("packages", "", "app.wasm built without -s (with its name section): print code size per Go package")
	top := flag.Int("top", 25, "with -packages: how many packages to list")
	flag.Parse()
	log.SetFlags(0)
	if *packages != "" {
		if err := printPackages(*packages, *top); err != nil {
			log.Fatal(err)
		}
		fmt.Println()
	}
	s := page.Handler(*dist)
	h := server.New(server.Config{Dir: *dist, App: s, Known: page.Known, NotFoundPath: "/404"})
	measure := func(urls []string) (sizes, map[string]sizes) {
		var total sizes
		per := map[string]sizes{}
		for _, u := range urls {
			sz := sizes{fetch(h, u, "identity"), fetch(h, u, "gzip"), fetch(h, u, "br, gzip")}
			if sz.raw < 0 {
				log.Printf("warning: %s is missing", u)
				continue
			}
			per[u] = sz
			total.add(sz)
		}
		return total, per
	}

	first := append([]string{*pagePath}, startFiles(s.Shell())...)
	firstTotal, firstPer := measure(first)
	kept := s.OfflineSet()
	for _, u := range s.Shell() { // the pages and lessons the worker keeps at install
		if !slices.Contains(first, u) {
			kept = append(kept, u)
		}
	}
	offTotal, offPer := measure(kept)

	fmt.Printf("%-44s %10s %10s %10s\n", "WebAssembly", "raw", "gzip", "brotli")
	for _, u := range []string{"/web/app.wasm", "/web/engine.wasm"} {
		sz, ok := firstPer[u]
		if !ok {
			sz = offPer[u]
		}
		row(u, sz)
	}
	fmt.Printf("\n%-44s %10s %10s %10s\n", "First visit to "+*pagePath+": largest files", "", "", "")
	for _, u := range largest(firstPer, 8) {
		row(u, firstPer[u])
	}
	row(fmt.Sprintf("First visit, before widgets (%d files)", len(firstPer)), firstTotal)
	verdict := "within"
	if firstTotal.br > budget {
		verdict = "OVER"
	}
	fmt.Printf("Budget: %s brotli — %s budget (over plain http a browser gets gzip: %s).\n", mbs(budget), verdict, mbs(firstTotal.gz))
	fmt.Printf("The widgets of the page then load their own models and data (make bench-load measures a real visit).\n")
	fmt.Printf("\n%-44s %10s %10s %10s\n", "Kept for offline use: largest files", "", "", "")
	for _, u := range largest(offPer, 6) {
		row(u, offPer[u])
	}
	row(fmt.Sprintf("Offline set (%d files, after the first visit)", len(offPer)), offTotal)
}

// startFiles keeps, of the offline worker's shell, the files a page loads
// to start (loader, app.wasm, styles, its icon): the other pages and
// lessons in it are kept by the worker once the page is idle, not on the
// visit, and so are the installed app's PNG icons (installOnly).
func startFiles(shell []string) []string {
	var out []string
	for _, u := range shell {
		if path.Ext(u) != "" && !strings.Contains(u, "/web/lessons/") && !installOnly(u) {
			out = append(out, u)
		}
	}
	return out
}

// installOnly reports whether u is fetched only when the site is installed
// as an app: the manifest's PNG icons (icon-192.png, icon-512.png). A page
// shows icon.svg.
func installOnly(u string) bool {
	base := path.Base(u)
	return strings.HasPrefix(base, "icon-") && path.Ext(base) == ".png"
}

func row(name string, s sizes) {
	fmt.Printf("%-44s %10s %10s %10s\n", shortName(name), mbs(s.raw), mbs(s.gz), mbs(s.br))
}

func largest(per map[string]sizes, n int) []string {
	var us []string
	for u := range per {
		us = append(us, u)
	}
	sort.Slice(us, func(i, j int) bool { return per[us[i]].br > per[us[j]].br })
	if len(us) > n {
		us = us[:n]
	}
	return us
}

// fetch returns the transferred body size with the given Accept-Encoding,
// or −1 when the address answers anything but 200.
func fetch(h http.Handler, url, enc string) int64 {
	req := httptest.NewRequest("GET", url, nil)
	req.Header.Set("Accept-Encoding", enc)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK && !(url == "/404" && rec.Code == http.StatusNotFound) {
		return -1
	}
	n, _ := io.Copy(io.Discard, rec.Body)
	return n
}

func mbs(n int64) string {
	return fmt.Sprintf("%.2f MB", float64(n)/1e6)
}

// shortName trims a long address for the table.
func shortName(s string) string {
	if len(s) > 44 {
		return "…" + s[len(s)-43:]
	}
	return strings.TrimSpace(s)
}
