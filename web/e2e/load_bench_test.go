package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	webpage "latentlab/web/page"
	"latentlab/web/server"
)

// BenchmarkLoad measures what a new student sees on /lessons/vae: a cold
// visit (a fresh browser profile: nothing cached, no service worker) and a
// warm one (the same profile, once the service worker has finished), at
// full speed on loopback and throttled to 20 Mbit/s with 40 ms latency (CDP
// network emulation). For each: the time from navigation start to the lesson
// title on screen (the first animation frame with the title's <h1>, and the
// first contentful paint) and to the first widget interactive (the latent
// explorer's caption reads "Showing…": its model loaded and drawn); and the
// bytes a cold visit transfers before that widget is interactive, counted
// at the server, and what the same requests weigh with brotli and with
// gzip. Run it with
//
//	make bench-load        # or: go test -run '^$' -bench Load -benchtime 1x ./web/e2e
//
// It is a measurement, not an assertion; the figures of a run are in the
// commit that changed them and in the README.
func BenchmarkLoad(b *testing.B) {
	const runs = 3
	for range b.N {
		for _, cond := range []netCondition{{name: "loopback"}, {name: "20 Mbit/s, 40 ms", latency: 40, bitsPerSecond: 20e6}} {
			var cold, warm, again []visit
			var bytes []visitBytes
			for range runs {
				c, w, a, by := coldAndWarm(b, cond)
				cold, warm, again, bytes = append(cold, c), append(warm, w), append(again, a), append(bytes, by)
			}
			reportVisits(b, cond.name, "cold", cold)
			reportVisits(b, cond.name, "warm", warm)
			reportVisits(b, cond.name, "warm-again", again)
			reportBreakdown(b, cond.name+" cold", cold)
			reportBreakdown(b, cond.name+" warm", warm)
			reportBreakdown(b, cond.name+" warm-again", again)
			sort.Slice(bytes, func(i, j int) bool { return bytes[i].br < bytes[j].br })
			by := bytes[len(bytes)/2]
			b.Logf("%-17s cold visit until the widget is interactive: %d requests, %.2f MB as sent (%s), %.2f MB brotli, %.2f MB gzip; largest (MB): %s",
				cond.name, by.requests, mb(by.sent), by.coding, mb(by.br), mb(by.gzip), strings.Join(by.largest, ", "))
			b.ReportMetric(mb(by.br), "MB-br-"+cond.short())
		}
	}
}

type netCondition struct {
	name          string
	latency       float64 // ms
	bitsPerSecond float64 // 0: not throttled
}

func (n netCondition) short() string {
	if n.bitsPerSecond == 0 {
		return "loopback"
	}
	return "throttled"
}

// visit is one page load's timings (ms from navigation start), with the
// boot's phases (see bootPhases).
type visit struct {
	Title, FCP, Interactive float64
	Phases                  map[string]float64
}

type visitBytes struct {
	requests       int
	sent, br, gzip int64
	coding         string
	largest        []string // the largest responses, "path size"
}

// loadProbe records, from the first script of the page on, when the lesson
// title and the first widget become visible (window.__load).
const loadProbe = `(() => {
  const m = (window.__load = {});
  const tick = () => {
    const h = document.querySelector("h1");
    if (m.title === undefined && h && h.textContent.trim() === "Variational autoencoders" ) m.title = performance.now();
    const c = document.querySelector('[data-widget="latent-explorer"] .ll-caption');
    if (m.interactive === undefined && c && /Showing/.test(c.textContent)) m.interactive = performance.now();
    if (m.title === undefined || m.interactive === undefined) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.name === "first-contentful-paint") m.fcp = e.startTime; })
      .observe({ type: "paint", buffered: true });
  } catch (e) {}
})();`

// coldAndWarm serves the built site with a byte counter, opens /lessons/vae
// in a fresh browser context, then again once its service worker is done
// (warm), and a third time (again: V8 compiles app.wasm from the code cache
// it made during the warm visit, which compiled the worker's copy of app.wasm
// for the first time).
func coldAndWarm(b *testing.B, cond netCondition) (cold, warm, again visit, bytes visitBytes) {
	b.Helper()
	BaseURL(b) // the browser
	h := server.New(server.Config{Dir: Dist(), App: webpage.Handler(Dist()), Known: webpage.Known, NotFoundPath: "/404"})
	counter := &countingHandler{h: h}
	base, srv, err := ServeHandler(counter)
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	defer cancel()
	p := &Page{T: b, Ctx: ctx}
	setup := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: loadProbe}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		if cond.bitsPerSecond == 0 {
			return nil
		}
		_, err := cdp.Call(ctx, tg, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{{
				Latency: cond.latency, DownloadThroughput: cond.bitsPerSecond / 8, UploadThroughput: cond.bitsPerSecond / 8,
			}},
		})
		return err
	})
	if err := chromedp.Do(ctx, setup); err != nil {
		b.Fatalf("set up the tab: %v", err)
	}
	cold = loadAndTime(p, base+"/lessons/vae")
	bytes = counter.snapshot(h)
	// The warm visit comes once the service worker has kept what it keeps
	// (everything, when the site keeps lessons for offline use).
	p.TryWaitJS(offlineKept, 120*time.Second)
	time.Sleep(time.Second)
	warm = loadAndTime(p, base+"/lessons/vae")
	time.Sleep(time.Second)
	again = loadAndTime(p, base+"/lessons/vae")
	return cold, warm, again, bytes
}

// loadAndTime navigates and waits for the widget, then reads the probe.
func loadAndTime(p *Page, url string) visit {
	p.T.Helper()
	ctx, cancel := context.WithTimeout(p.Ctx, 90*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		p.T.Fatalf("navigate to %s: %v", url, err)
	}
	p.WaitJS(`window.__load && window.__load.interactive !== undefined`, 90*time.Second)
	return Eval[visit](p, `({Title: window.__load.title, FCP: window.__load.fcp || 0, Interactive: window.__load.interactive, Phases: `+bootPhases+`})`)
}

func reportVisits(b *testing.B, cond, kind string, vs []visit) {
	med := func(f func(visit) float64) float64 {
		xs := make([]float64, len(vs))
		for i, v := range vs {
			xs[i] = f(v)
		}
		sort.Float64s(xs)
		return xs[len(xs)/2]
	}
	title, fcp, inter := med(func(v visit) float64 { return v.Title }), med(func(v visit) float64 { return v.FCP }), med(func(v visit) float64 { return v.Interactive })
	var all []string
	for _, v := range vs {
		all = append(all, fmt.Sprintf("%.0f/%.0f", v.Title, v.Interactive))
	}
	b.Logf("%-17s %s: title %4.0f ms (first paint %4.0f), first widget interactive %5.0f ms  (runs title/interactive: %s)",
		cond, kind, title, fcp, inter, strings.Join(all, " "))
	short := "loopback"
	if strings.Contains(cond, "Mbit") {
		short = "throttled"
	}
	b.ReportMetric(title, "ms-title-"+kind+"-"+short)
	b.ReportMetric(inter, "ms-interactive-"+kind+"-"+short)
}

// countingHandler counts the bytes each response sends and remembers the
// requests, so that a visit's transfer can be measured at the server and
// re-weighed with each coding.
type countingHandler struct {
	h      http.Handler
	mu     sync.Mutex
	sent   int64
	reqs   []string
	sizes  map[string]int64
	coding string
	log    []sentFile // every response, in order
	active int        // requests being answered
	lastAt time.Time  // when the last response ended
}

// sentFile is one response: its path and the bytes it sent.
type sentFile struct {
	path string
	sent int64
}

func (c *countingHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	cw := &countingWriter{ResponseWriter: w}
	c.mu.Lock()
	c.active++
	c.mu.Unlock()
	c.h.ServeHTTP(cw, r)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.active--
	c.lastAt = time.Now()
	c.sent += cw.n
	if c.sizes == nil {
		c.sizes = map[string]int64{}
	}
	c.sizes[r.URL.Path] += cw.n
	c.log = append(c.log, sentFile{r.URL.Path, cw.n})
	if cw.status == 0 || cw.status == http.StatusOK {
		c.reqs = append(c.reqs, r.URL.RequestURI())
	}
	if c.coding == "" {
		c.coding = "Accept-Encoding: " + r.Header.Get("Accept-Encoding")
	}
}

// quietSince reports whether no request is being answered and none has
// ended for d.
func (c *countingHandler) quietSince(d time.Duration) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.active == 0 && time.Since(c.lastAt) >= d
}

// snapshot returns what was sent so far, and the same requests' sizes with
// brotli and with gzip.
func (c *countingHandler) snapshot(h http.Handler) visitBytes {
	c.mu.Lock()
	reqs := append([]string(nil), c.reqs...)
	v := visitBytes{requests: len(reqs), sent: c.sent, coding: c.coding}
	paths := make([]string, 0, len(c.sizes))
	for p := range c.sizes {
		paths = append(paths, p)
	}
	sort.Slice(paths, func(i, j int) bool { return c.sizes[paths[i]] > c.sizes[paths[j]] })
	for _, p := range paths[:min(8, len(paths))] {
		v.largest = append(v.largest, fmt.Sprintf("%s %.2f", p, mb(c.sizes[p])))
	}
	c.mu.Unlock()
	for _, u := range reqs {
		v.br += weigh(h, u, "br")
		v.gzip += weigh(h, u, "gzip")
	}
	return v
}

// weigh returns the body size h sends for u with Accept-Encoding enc.
func weigh(h http.Handler, u, enc string) int64 {
	req := httptest.NewRequest("GET", u, nil)
	req.Header.Set("Accept-Encoding", enc)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	n, _ := io.Copy(io.Discard, rec.Body)
	return n
}

type countingWriter struct {
	http.ResponseWriter
	n      int64
	status int
}

func (w *countingWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *countingWriter) Write(b []byte) (int, error) {
	n, err := w.ResponseWriter.Write(b)
	w.n += int64(n)
	return n, err
}

func mb(n int64) float64 { return float64(n) / 1e6 }
