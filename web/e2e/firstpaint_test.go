package e2e

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"latentlab/web/lesson"
	webpage "latentlab/web/page"
	"latentlab/web/server"
)

// faultyServer serves a handler and can, on request, break it the way a
// network does: a path that fails (the connection is cut, as when a file
// does not arrive) or every path (the network is gone).
type faultyServer struct {
	h    http.Handler
	mu   sync.Mutex
	fail map[string]bool
	down bool
}

func (f *faultyServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	broken := f.down || f.fail[r.URL.Path]
	f.mu.Unlock()
	if broken {
		if hj, ok := w.(http.Hijacker); ok {
			if c, _, err := hj.Hijack(); err == nil {
				c.Close()
				return
			}
		}
		http.Error(w, "broken", http.StatusServiceUnavailable)
		return
	}
	f.h.ServeHTTP(w, r)
}

// setFail breaks (or mends) a path.
func (f *faultyServer) setFail(path string, broken bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail == nil {
		f.fail = map[string]bool{}
	}
	f.fail[path] = broken
}

// setDown takes the whole network away (or gives it back).
func (f *faultyServer) setDown(down bool) {
	f.mu.Lock()
	f.down = down
	f.mu.Unlock()
}

// serveFaulty serves h behind a faultyServer on a free port.
func serveFaulty(t testing.TB, h http.Handler) (string, *faultyServer) {
	t.Helper()
	f := &faultyServer{h: h}
	base, srv, err := ServeHandler(f)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return base, f
}

// siteHandler is the real server over dist/.
func siteHandler() http.Handler {
	return server.New(server.Config{Dir: Dist(), App: webpage.Handler(Dist()), Known: webpage.Known, NotFoundPath: "/404"})
}

// isolatedTab opens a tab in a browser context of its own: no cache,
// storage or service worker from other tests. Scripts run at the start of
// every document it loads.
func isolatedTab(t testing.TB, scripts ...string) *Page {
	t.Helper()
	BaseURL(t) // the browser
	own, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(own); err != nil { // the browser context and a first tab
		t.Fatalf("new browser context: %v", err)
	}
	p := NewTabIn(t, own)
	add := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		for _, s := range scripts {
			if _, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: s}); err != nil {
				return err
			}
		}
		return nil
	})
	if err := chromedp.Do(p.Ctx, add); err != nil {
		t.Fatalf("open an isolated tab: %v", err)
	}
	return p
}

// navigate loads url without waiting for the app (Goto waits for it).
func (p *Page) navigate(url string) {
	p.T.Helper()
	ctx, cancel := context.WithTimeout(p.Ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		p.T.Fatalf("navigate to %s: %v", url, err)
	}
}

// fetchPage GETs a URL with Go's client (no JavaScript anywhere).
func fetchPage(t testing.TB, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

var titleTag = regexp.MustCompile(`<title>([^<]*)</title>`)

// firstSentence returns the first sentence of a lesson's prose, as plain
// text, and whether the lesson's prose has a typeset formula.
func firstSentence(t testing.TB, l *lesson.Lesson) string {
	t.Helper()
	for _, b := range l.Blocks {
		if b.Kind != lesson.KindHTML {
			continue
		}
		m := regexp.MustCompile(`<p>([A-Z][^<$]{30,}?[.,;:])`).FindStringSubmatch(b.HTML)
		if m != nil {
			return html.UnescapeString(m[1])
		}
	}
	t.Fatalf("lesson %s has no plain sentence to look for", l.Meta.Slug)
	return ""
}

// TestLessonInTheFirstResponse: the HTML the server sends for each lesson
// has its text and its typeset formulas, and every page has its own title
// in that first response, before any script runs.
func TestLessonInTheFirstResponse(t *testing.T) {
	idx, ls := bundle(t)
	base := BaseURL(t)
	titles := map[string]string{"/": "Latent Lab — interactive lessons on autoencoders", "/about": "About — Latent Lab"}
	for _, m := range idx.Lessons {
		l := ls[m.Slug]
		status, body := fetchPage(t, base+"/lessons/"+m.Slug)
		if status != 200 {
			t.Fatalf("/lessons/%s: status %d", m.Slug, status)
		}
		if s := firstSentence(t, l); !strings.Contains(html.UnescapeString(body), s) {
			t.Errorf("/lessons/%s: the first response lacks the sentence %q", m.Slug, s)
		}
		if !strings.Contains(body, `class="katex"`) || !strings.Contains(body, `<annotation encoding="application/x-tex">`) {
			t.Errorf("/lessons/%s: the first response has no typeset formula", m.Slug)
		}
		if strings.Contains(body, `\frac`) && !strings.Contains(body, `application/x-tex">`) {
			t.Errorf("/lessons/%s: raw TeX in the page", m.Slug)
		}
		for _, p := range []string{"/lessons/" + m.Slug, "/embed/" + m.Slug} {
			titles[p] = l.Meta.Title + " — Latent Lab"
		}
		for _, b := range l.Blocks {
			if b.ID != "" && b.Kind != lesson.KindHTML {
				titles["/embed/"+m.Slug+"/"+b.ID] = l.Meta.Title + " — Latent Lab"
			}
		}
	}
	for path, want := range titles {
		status, body := fetchPage(t, base+path)
		m := titleTag.FindStringSubmatch(body)
		if status != 200 || m == nil || html.UnescapeString(m[1]) != want {
			t.Errorf("%s: status %d, title %v, want %q", path, status, m, want)
		}
	}
	for path, want := range map[string]int{"/lessons/no-such-lesson": 404, "/embed/vae/no-such-widget": 404, "/index.html": 200, "/lessons/vae.html": 200} {
		if status, _ := fetchPage(t, base+path); status != want {
			t.Errorf("%s: status %d, want %d (redirects followed)", path, status, want)
		}
	}
}

// TestReadableWithoutJavaScript: with scripts off, a lesson shows its text
// and math, a caption for each widget saying it needs JavaScript, and no
// loader.
func TestReadableWithoutJavaScript(t *testing.T) {
	p := isolatedTab(t)
	p.Do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	p.navigate(BaseURL(t) + "/lessons/vae")
	p.Do(chromedp.WaitVisible(chromedp.CSS(".prose .katex")))
	// DevTools still evaluates expressions with the page's scripts off.
	if h1 := Eval[string](p, `document.querySelector("h1").innerText`); !strings.Contains(h1, "Variational") {
		t.Errorf("no lesson title without JavaScript: %q", h1)
	}
	if ph := Eval[string](p, `document.querySelector(".widget-placeholder").innerText`); !strings.Contains(ph, "needs JavaScript") {
		t.Errorf("the widget placeholder does not say it needs JavaScript: %q", ph)
	}
	if Eval[bool](p, `(() => { const l = document.getElementById("app-wasm-loader"); return !!l && getComputedStyle(l).display !== "none"; })()`) {
		t.Error("the loader shows with JavaScript off")
	}
	if Eval[bool](p, `typeof window.latentlabOffline !== "undefined"`) {
		t.Error("the page's scripts ran: the test did not turn JavaScript off")
	}
	viewportShot(p, "nojs-lesson-vae")
}

// attachProbe keeps, when the server's HTML has been parsed, a formula of
// the prose, counts the formulas, measures each widget's placeholder and
// scrolls the first widget into view; it sums the layout shifts (what moves
// in the viewport).
const attachProbe = `(() => {
  window.__cls = 0;
  window.__shifts = [];
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) { window.__cls += e.value; window.__shifts.push([Math.round(performance.now()), +e.value.toFixed(4), e.sources ? e.sources.map(s => s.node ? (s.node.className || s.node.nodeName) : "").join("|") : ""]); } })
      .observe({ type: "layout-shift", buffered: true });
  } catch (e) {}
  document.addEventListener("DOMContentLoaded", () => {
    window.__ssrFormula = document.querySelector(".prose .katex");
    window.__ssrFormulas = document.querySelectorAll(".prose .katex").length;
    window.__ssrHeights = [...document.querySelectorAll(".widget-frame")].map((f) => f.getBoundingClientRect().height);
    // The first widget in view while it takes its placeholder's place.
    const f = document.querySelector(".widget-frame");
    if (f) f.scrollIntoView({ block: "start" });
  });
})();`

// TestAppAttachesToTheServerRender: when app.wasm starts it keeps the
// server's prose (the same nodes: no second render) and the page does not
// jump while the widgets take their placeholders' places.
func TestAppAttachesToTheServerRender(t *testing.T) {
	for _, width := range []int64{1280, 360} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			p := isolatedTab(t, attachProbe, offlineOff) // the offline set is not what this measures
			if width < 400 {
				p.Do(chromedp.EmulateViewport(width, 740, chromedp.EmulateMobile))
			}
			p.Goto(BaseURL(t) + "/lessons/vae")
			// Every widget and quiz has woken (the far ones after a few seconds).
			p.WaitJS(`!document.querySelector(".widget-placeholder, .quiz-preview")`, 60*time.Second)
			p.Settle(30 * time.Second)
			if !Eval[bool](p, `!!window.__ssrFormula && window.__ssrFormula.isConnected && !!window.__ssrFormula.closest(".site .prose")`) {
				t.Error("the server's formula nodes were replaced: the prose was rendered twice")
			}
			if n, want := Eval[int](p, `document.querySelectorAll(".prose .katex").length`), Eval[int](p, `window.__ssrFormulas`); n != want || n == 0 {
				t.Errorf("%d formulas after start, %d in the server's page", n, want)
			}
			// Each widget is about as tall as its placeholder was, so nothing
			// below it moves when it starts (wherever the reader is).
			ssr := Eval[[]float64](p, `window.__ssrHeights`)
			live := Eval[[]float64](p, `[...document.querySelectorAll(".widget-frame")].map((f) => f.getBoundingClientRect().height)`)
			names := Eval[[]string](p, `[...document.querySelectorAll(".widget-frame")].map((f) => f.dataset.widget)`)
			if len(ssr) != len(live) || len(live) == 0 {
				t.Fatalf("%d widget placeholders, %d widgets", len(ssr), len(live))
			}
			for i := range live {
				if d := live[i] - ssr[i]; d > max(48, 0.08*live[i]) || -d > max(48, 0.08*live[i]) {
					t.Errorf("%s at %d px: placeholder %.0f px tall, widget %.0f px (set its height in static/style.css)", names[i], width, ssr[i], live[i])
				}
			}
			cls := Eval[float64](p, `window.__cls`)
			t.Logf("cumulative layout shift at %d px: %.4f; shifts %v", width, cls, Eval[any](p, `window.__shifts`))
			if cls > 0.1 {
				t.Errorf("the page jumps while it starts: cumulative layout shift %.3f (good is ≤ 0.1)", cls)
			}
			p.NoConsoleErrors()
		})
	}
}

// TestAppWasmFailureSaysSoAndRetries: when app.wasm does not arrive, the
// lesson stays readable, the loader says so in words with Retry, and Retry
// starts the app once the file arrives.
func TestAppWasmFailureSaysSoAndRetries(t *testing.T) {
	base, f := serveFaulty(t, siteHandler())
	f.setFail("/web/app.wasm", true)
	p := isolatedTab(t)
	p.navigate(base + "/lessons/vae")
	p.WaitJS(`(() => { const b = document.querySelector(".ll-loader-failure"); return !!b && !b.hidden; })()`, 30*time.Second)
	msg := p.Text(".ll-loader-failure")
	if !strings.Contains(msg, "could not be loaded") || strings.Contains(msg, "TypeError") || strings.Contains(msg, "fetch") {
		t.Errorf("the failure message is not for a student: %q", msg)
	}
	if !p.Exists(".prose .katex") || !strings.Contains(p.Text("h1"), "Variational") {
		t.Error("the lesson is not readable while app.wasm is missing")
	}
	viewportShot(p, "failure-app-wasm")
	f.setFail("/web/app.wasm", false)
	p.Click("Retry")
	p.WaitReady()
	p.WaitJS(explorerShowing, 60*time.Second)
}

// explorerShowing is true once the latent explorer has drawn its model.
const explorerShowing = `(() => { const c = document.querySelector('[data-widget="latent-explorer"] .ll-caption'); return !!c && /Showing/.test(c.textContent); })()`

// TestLessonFailureSaysSoAndRetries: a lesson opened from the catalog whose
// file does not arrive shows a message with Retry (not a raw error), and
// Retry loads it; an address that names no lesson says so, without Retry.
func TestLessonFailureSaysSoAndRetries(t *testing.T) {
	base, f := serveFaulty(t, siteHandler())
	p := isolatedTab(t)
	p.Goto(base + "/")
	f.setFail("/web/lessons/vae.json", true)
	Eval[bool](p, `(document.querySelector('a[href="/lessons/vae"]').click(), true)`) // a client-side navigation
	p.WaitText(".error-box", "did not arrive")
	if h1 := p.Text("h1"); !strings.Contains(h1, "could not be loaded") {
		t.Errorf("heading %q", h1)
	}
	if msg := p.Text(".error-box"); strings.Contains(msg, "fetch") || strings.Contains(msg, "HTTP") {
		t.Errorf("raw error shown to the student: %q", msg)
	}
	viewportShot(p, "failure-lesson")
	f.setFail("/web/lessons/vae.json", false)
	p.Click("Retry")
	p.WaitJS(`document.querySelector("h1") && document.querySelector("h1").textContent.includes("Variational")`, 30*time.Second)
	p.WaitJS(explorerShowing, 60*time.Second)
	// goappNav: the app's own navigation, as a link would do.
	Eval[bool](p, `(goappNav("/lessons/no-such-lesson"), true)`)
	p.WaitBodyText("not in the latent space")
	if p.HasButton("Retry") {
		t.Error("a lesson that does not exist offers Retry")
	}
}

// viewportShot saves what the window shows (not the whole page) as
// web/e2e/out/NAME.png: a fixed panel such as the loader is where the reader
// sees it.
func viewportShot(p *Page, name string) {
	p.T.Helper()
	ctx, cancel := context.WithTimeout(p.Ctx, Timeout)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		p.T.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.MkdirAll(OutDir(), 0o755); err != nil {
		p.T.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(OutDir(), name+".png"), buf, 0o644); err != nil {
		p.T.Fatal(err)
	}
}

// TestOfflineSetting: the About page says what keeping the site offline
// costs, shows the worker's progress, and turning it off sticks.
func TestOfflineSetting(t *testing.T) {
	base, _ := serveFaulty(t, siteHandler())
	p := isolatedTab(t)
	p.Goto(base + "/about")
	note := p.WaitText(".offline-note", "MB to download once")
	if !strings.Contains(note, "of storage") {
		t.Errorf("the offline note gives no size: %q", note)
	}
	// On by default: once the worker is there, it keeps the site. It first
	// downloads the whole offline set (engine, data, models, fonts): as long
	// as TestOffline's wait on a loaded machine.
	p.WaitJS(`(() => { const e = document.querySelector(".offline-status"); return !!e && e.innerText.includes("files are kept"); })()`, 120*time.Second)
	Eval[bool](p, `(document.getElementById("offline").scrollIntoView(), true)`)
	viewportShot(p, "about-offline")
	Eval[bool](p, `(document.getElementById("offline-keep").click(), true)`)
	p.WaitText(`.offline-status`, "Off")
	if v := Eval[string](p, `localStorage.getItem("latentlab-offline")`); v != "off" {
		t.Errorf("setting stored as %q", v)
	}
	p.Goto(base + "/about")
	p.WaitText(`.offline-status`, "Off")
	if Eval[bool](p, `document.getElementById("offline-keep").checked`) {
		t.Error("the switch is on again after a reload")
	}
}
