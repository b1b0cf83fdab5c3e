package e2e

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// BenchmarkFirstVisit lists what a new student's browser (a fresh profile,
// loopback, not throttled) downloads on a first visit, file by file, with
// brotli and with gzip, in two parts:
//
//   - the visit: everything the page fetches with the reader left at its
//     top — from navigation until the page is usable (on a lesson, its
//     first widget interactive: the latent explorer's caption reads
//     "Showing…" on /lessons/vae; on a page without widgets, the app
//     started) and then until the network has been quiet for quietFor, so
//     that whatever the page starts on its own once idle (an engine, a
//     model, data) is counted. "Offline use" is off for this visit, so the
//     offline worker's downloads do not mix in; the report also gives the
//     part fetched until usable;
//   - the background: a second fresh visit with "Offline use" on, until
//     the offline worker has kept the site (the service worker's precache
//     of every page, lesson, engine, model and data file; skipped when the
//     reader turns "Offline use" off or the browser asks to save data):
//     what it fetched beyond the visit's files.
//
// Run it with
//
//	make bench-load        # or: go test -run '^$' -bench FirstVisit -benchtime 1x ./web/e2e
//
// It is a measurement, not an assertion.
func BenchmarkFirstVisit(b *testing.B) {
	for range b.N {
		for _, v := range []struct{ path, ready, metric string }{
			{"/lessons/vae", explorerShowing, "vae"},
			{"/", `!document.getElementById("app-wasm-loader") && window.__llStarted === true`, "home"},
		} {
			usable, visitBytes := pageVisit(b, v.path, v.ready)
			background := offlineVisit(b, v.path, v.ready).minus(visitBytes)
			report := fmt.Sprintf("First visit to %s, left at its top until the network was quiet for %v: %s (until usable: %s)\n%s\n\n"+
				"Then in the background (the offline worker; not part of the figure above): %s\n%s\n",
				v.path, quietFor, visitBytes.summary(), usable.summary(), visitBytes.table(), background.summary(), background.table())
			file := filepath.Join(OutDir(), "first-visit-"+v.metric+".md")
			if err := os.MkdirAll(OutDir(), 0o755); err == nil {
				os.WriteFile(file, []byte(report), 0o644)
			}
			b.Logf("first visit to %s: %s (until usable: %s); background: %s (tables: %s)",
				v.path, visitBytes.summary(), usable.summary(), background.summary(), file)
			b.ReportMetric(mb(visitBytes.total().br), "MB-br-"+v.metric)
			b.ReportMetric(mb(usable.total().br), "MB-br-usable-"+v.metric)
			b.ReportMetric(mb(background.total().br), "MB-br-background-"+v.metric)
		}
	}
}

// quietFor is how long the network must be quiet (no request in flight or
// ended) for a visit to count as over.
const quietFor = 3 * time.Second

// offlineKept is true once the offline worker controls the page and has
// kept the offline set (or the reader turned that off). A plain expression:
// WaitJS would take an async function's Promise itself as true.
const offlineKept = `(() => {
	if (!navigator.serviceWorker || !navigator.serviceWorker.controller) return false;
	const o = window.latentlabOffline;
	return !o || !o.enabled() || (o.state.total > 0 && o.state.done >= o.state.total && !o.state.busy);
})()`

// startedProbe marks, from the first script of the page on, when app.wasm
// has started.
const startedProbe = `addEventListener("latentlab-started", () => { window.__llStarted = true; });`

// offlineOff turns "Offline use" off from the first script of the page on:
// a fresh browser context then does not download the offline set in the
// background (tests that do not look at it pass it to isolatedTab).
const offlineOff = `try { localStorage.setItem("latentlab-offline", "off"); } catch (e) {}`

// pageVisit opens path in a fresh browser context against a counting
// server with "Offline use" off, leaves the page at its top, and returns the
// files fetched until ready held and those fetched until the network was
// quiet for quietFor.
func pageVisit(b *testing.B, path, ready string) (usable, visit fileTable) {
	b.Helper()
	h := siteHandler()
	counter := &countingHandler{h: h}
	base, srv, err := ServeHandler(counter)
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	p := isolatedTab(b, startedProbe, offlineOff)
	p.Goto(base + path)
	p.WaitJS(ready, 120*time.Second)
	usable = counter.files(h)
	for deadline := time.Now().Add(120 * time.Second); !counter.quietSince(quietFor); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			b.Logf("%s: the network was not quiet for %v within 120 s", path, quietFor)
			break
		}
	}
	return usable, counter.files(h)
}

// offlineVisit opens path in a fresh browser context against a counting
// server with "Offline use" on and returns every file fetched until the
// offline worker finished.
func offlineVisit(b *testing.B, path, ready string) fileTable {
	b.Helper()
	h := siteHandler()
	counter := &countingHandler{h: h}
	base, srv, err := ServeHandler(counter)
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	p := isolatedTab(b, startedProbe)
	p.Goto(base + path)
	p.WaitJS(ready, 120*time.Second)
	if !p.TryWaitJS(offlineKept, 180*time.Second) {
		b.Logf("%s: the offline worker had not finished after 180 s", path)
	}
	return counter.files(h)
}

// fileRow is one address's responses during a visit.
type fileRow struct {
	path           string
	requests       int
	sent, br, gzip int64
}

type fileTable struct{ rows []fileRow }

func (t fileTable) total() fileRow {
	var s fileRow
	for _, r := range t.rows {
		s.requests += r.requests
		s.sent += r.sent
		s.br += r.br
		s.gzip += r.gzip
	}
	return s
}

// minus returns the rows of t beyond those of o (the requests and bytes
// that came after o was taken).
func (t fileTable) minus(o fileTable) fileTable {
	before := map[string]fileRow{}
	for _, r := range o.rows {
		before[r.path] = r
	}
	var out fileTable
	for _, r := range t.rows {
		p := before[r.path]
		if r.requests <= p.requests { // (a second visit may fetch a file fewer times)
			continue
		}
		out.rows = append(out.rows, fileRow{path: r.path, requests: r.requests - p.requests,
			sent: r.sent - p.sent, br: r.br - p.br, gzip: r.gzip - p.gzip})
	}
	return out
}

func (t fileTable) summary() string {
	s := t.total()
	return fmt.Sprintf("%d requests, %.2f MB as sent, %.2f MB brotli, %.2f MB gzip", s.requests, mb(s.sent), mb(s.br), mb(s.gzip))
}

// table lists the files, largest (brotli) first.
func (t fileTable) table() string {
	rows := append([]fileRow(nil), t.rows...)
	sort.Slice(rows, func(i, j int) bool { return rows[i].br > rows[j].br })
	var sb strings.Builder
	fmt.Fprintf(&sb, "\n| file | requests | sent (MB) | brotli (MB) | gzip (MB) |\n|---|---|---|---|---|\n")
	for _, r := range rows {
		fmt.Fprintf(&sb, "| %s | %d | %.3f | %.3f | %.3f |\n", r.path, r.requests, mb(r.sent), mb(r.br), mb(r.gzip))
	}
	s := t.total()
	fmt.Fprintf(&sb, "| total | %d | %.3f | %.3f | %.3f |", s.requests, mb(s.sent), mb(s.br), mb(s.gzip))
	return sb.String()
}

// files returns what was sent so far per address, with each request
// re-weighed as brotli and as gzip (a 304 or an error weighs what it sent).
func (c *countingHandler) files(h http.Handler) fileTable {
	c.mu.Lock()
	reqs := append([]string(nil), c.reqs...)
	byPath := map[string]*fileRow{}
	var order []string
	for _, r := range c.log {
		row := byPath[r.path]
		if row == nil {
			row = &fileRow{path: r.path}
			byPath[r.path] = row
			order = append(order, r.path)
		}
		row.requests++
		row.sent += r.sent
	}
	c.mu.Unlock()
	for _, u := range reqs {
		path, _, _ := strings.Cut(u, "?")
		row := byPath[path]
		if row == nil {
			continue
		}
		row.br += weigh(h, u, "br")
		row.gzip += weigh(h, u, "gzip")
	}
	var t fileTable
	for _, p := range order {
		t.rows = append(t.rows, *byPath[p])
	}
	return t
}
