// Package e2e drives Latent Lab in headless Chromium (chromedp): it starts
// the real server over the built dist/ folder on a loopback port, opens pages
// in tabs of one shared browser, and offers the few helpers that browser
// tests need (click a button by its accessible name, wait for text, read a
// live region, hash a canvas, take screenshots, collect console errors and
// long tasks).
//
// Typical use, in a _test.go file of this package:
//
//	func TestExplorerDecodes(t *testing.T) {
//		p := e2e.Open(t, "/lessons/vae")
//		p.Click("Train")
//		p.WaitText(`[aria-label="Training status"]`, "step ")
//		h := p.CanvasHash(`canvas[aria-label="Decoded sample"]`)
//		p.Screenshot("vae-explorer")
//		p.NoConsoleErrors()
//	}
//
// The tests need `make build` first (make test does it) and Debian's
// chromium (/usr/bin/chromium, or $CHROMIUM); without them they fail with a
// message that says what to do.
package e2e

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	webpage "latentlab/web/page"
	"latentlab/web/server"
)

// Timeout is how long a helper waits for a condition by default.
var Timeout = 30 * time.Second

var (
	setupOnce  sync.Once
	setupErr   error
	root       string // repository root
	baseURL    string // http://127.0.0.1:PORT of the real server
	httpServer *http.Server
	browserCtx context.Context
	browserEnd context.CancelFunc
	profileDir string
)

// Root returns the repository root (the folder with go.mod).
func Root() string {
	dir, _ := os.Getwd()
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return dir
		}
	}
}

// Dist returns the built site folder (dist/ at the repository root).
func Dist() string { return filepath.Join(Root(), "dist") }

// ChromiumPath finds the browser: $CHROMIUM, else Debian's /usr/bin/chromium.
func ChromiumPath() (string, error) {
	for _, p := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p, nil
	}
	return "", errors.New("Chromium is not installed: the browser tests need it. Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu) or set $CHROMIUM to a Chrome/Chromium binary")
}

// setup starts the server over dist/ and the browser, once per test binary.
func setup() error {
	setupOnce.Do(func() {
		root = Root()
		dist := filepath.Join(root, "dist")
		for _, f := range []string{"web/app.wasm", "web/lessons/index.json"} {
			if _, err := os.Stat(filepath.Join(dist, f)); err != nil {
				setupErr = fmt.Errorf("dist/%s is missing: build the site first with `make build` (make test builds it before the browser tests)", f)
				return
			}
		}
		chromium, err := ChromiumPath()
		if err != nil {
			setupErr = err
			return
		}
		baseURL, httpServer, err = Serve(dist)
		if err != nil {
			setupErr = err
			return
		}
		profileDir, err = os.MkdirTemp("", "latentlab-e2e-profile-")
		if err != nil {
			setupErr = err
			return
		}
		allocCtx, allocEnd := chromedp.NewExecAllocator(context.Background(), BrowserOptions(chromium, profileDir)...)
		ctx, end := chromedp.NewContext(allocCtx)
		if err := chromedp.Do(ctx); err != nil { // start the browser
			end()
			allocEnd()
			setupErr = fmt.Errorf("start Chromium (%s): %w", chromium, err)
			return
		}
		browserCtx = ctx
		browserEnd = func() { end(); allocEnd() }
	})
	return setupErr
}

// BrowserOptions are the options the tests start Chromium with: headless,
// the profile in profileDir, nothing fetched in the background.
func BrowserOptions(chromium, profileDir string) []chromedp.ExecAllocatorOption {
	return append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.UserDataDir(profileDir),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1280, 900),
	)
}

// Serve starts the real Latent Lab server over a dist folder on a free
// loopback port and returns its base URL.
func Serve(dist string) (string, *http.Server, error) {
	h := server.New(server.Config{
		Dir:          dist,
		App:          webpage.Handler(dist),
		Known:        webpage.Known,
		NotFoundPath: "/404",
	})
	return ServeHandler(h)
}

// ServeHandler serves any handler on a free loopback port.
func ServeHandler(h http.Handler) (string, *http.Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), srv, nil
}

// Main runs the tests and then stops the browser and the server. Use it
// from TestMain: func TestMain(m *testing.M) { os.Exit(e2e.Main(m)) }.
func Main(m *testing.M) int {
	code := m.Run()
	if browserEnd != nil {
		browserEnd()
	}
	if httpServer != nil {
		httpServer.Close()
	}
	if profileDir != "" {
		os.RemoveAll(profileDir)
	}
	return code
}

// BaseURL returns the server's base URL (starting it if needed).
func BaseURL(t testing.TB) string {
	t.Helper()
	if err := setup(); err != nil {
		t.Fatal(err)
	}
	return baseURL
}

// Page is one browser tab showing a page of the site.
type Page struct {
	T   testing.TB
	Ctx context.Context // chromedp context of the tab

	mu      sync.Mutex
	console []chromedp.ConsoleMessage
}

// ScrollTo scrolls the first element matching css into the middle of the
// window once it exists, as a reader scrolling down to it: a widget that
// trains or encodes starts the engine when it comes near the viewport.
func (p *Page) ScrollTo(css string) {
	p.T.Helper()
	p.WaitJS(fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return false; e.scrollIntoView({block: "center"}); return true; })()`, css), 60*time.Second)
}

// longtaskScript records main-thread long tasks in window.__longtasks (ms)
// and when the page's widgets had all started ("latentlab-awake") in
// window.__awakeAt (performance.now(); Settle reads it).
const longtaskScript = `(() => {
  window.__longtasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longtasks.push(e.duration);
    }).observe({ type: "longtask", buffered: true });
  } catch (e) {}
  addEventListener("latentlab-awake", () => { window.__awakeAt = performance.now(); }, {once: true});
})();`

// NewTab opens a blank tab with console collection and the long-task
// recorder installed; Goto then loads a page. Most tests use Open.
func NewTab(t testing.TB) *Page {
	t.Helper()
	if err := setup(); err != nil {
		t.Fatal(err)
	}
	return NewTabIn(t, browserCtx)
}

// NewTabIn is NewTab in another browser (a chromedp browser context), e.g.
// one started with its own profile.
func NewTabIn(t testing.TB, browser context.Context) *Page {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	p := &Page{T: t, Ctx: ctx}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			p.mu.Lock()
			p.console = append(p.console, m)
			p.mu.Unlock()
		}
	}()
	addScript := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: longtaskScript})
		return err
	})
	if err := chromedp.Do(ctx, addScript); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	return p
}

// Open loads path (e.g. "/lessons/vae") in a new tab and waits until the
// app has started and nothing on the page is still loading.
func Open(t testing.TB, path string) *Page {
	t.Helper()
	p := NewTab(t)
	p.Goto(path)
	return p
}

// URL returns the absolute URL of a site path.
func (p *Page) URL(path string) string {
	return BaseURL(p.T) + path
}

// Goto navigates the tab to a site path (or an absolute URL) and waits for
// the app to be ready.
func (p *Page) Goto(path string) {
	p.T.Helper()
	u := path
	if !strings.HasPrefix(u, "http") {
		u = p.URL(path)
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(p.Ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		p.T.Fatalf("navigate to %s: %v", path, err)
	}
	p.WaitReady()
	p.profile("goto", start, path)
}

// ReadyJS is true once go-app has started (its loader is gone), a page
// shell is mounted and no part of the page says it is loading.
const ReadyJS = `!document.getElementById("app-wasm-loader") &&
  !!document.querySelector(".site, .embed") &&
  !document.querySelector(".loading, [aria-busy='true']")`

// WaitReady waits until the app is ready (see ReadyJS).
func (p *Page) WaitReady() {
	p.T.Helper()
	p.WaitJS(ReadyJS, 60*time.Second)
}

// TryWaitJS is WaitJS that reports a timeout instead of failing the test.
func (p *Page) TryWaitJS(expr string, timeout time.Duration) bool {
	p.T.Helper()
	return p.waitJS(expr, timeout) == nil
}

// Settle waits (at most timeout, never failing) until no text on the page
// says it is still loading, so screenshots show finished widgets (settledJS).
func (p *Page) Settle(timeout time.Duration) {
	p.T.Helper()
	p.TryWaitJS(settledJS, timeout)
}

// settledJS is true when no text on the page says it is still loading —
// except where a widget waits for the page's engine while nothing has asked
// for it: the drawing pad's "Loading the model's encoder…" and the graphs'
// "Loading … to trace one step; the graphs show the schematic meanwhile…"
// stay until a widget that trains or encodes comes near the viewport
// (kit.WantEngineNear), which may be never for a page left where it is. Those
// two count as settled once every widget has started ("latentlab-awake",
// window.__awakeAt) more than 2 s ago (WantEngineNear has found and is
// watching its element; kit's findFor) and the page has not fetched the
// engine (/web/engine-worker.js): waiting longer changes nothing on the page.
const settledJS = `(() => {
  const busy = /Loading|loading…|encoding held-out|Starting the engine/;
  const text = document.body.innerText;
  if (!busy.test(text)) return true;
  if (!(window.__awakeAt >= 0) || performance.now() - window.__awakeAt < 2000) return false;
  if (performance.getEntriesByType("resource").some((e) => /\/web\/engine/.test(new URL(e.name).pathname))) return false;
  return !busy.test(text.replace(/Loading the model's encoder…|Loading [^\n]* to trace one step; the graphs show the schematic meanwhile…/g, ""));
})()`

// WaitJS waits until the expression is truthy (a Promise is awaited). It
// polls with Runtime.evaluate, which the page's CSP does not restrict
// (chromedp.Poll builds a Function in the page, which the CSP forbids).
func (p *Page) WaitJS(expr string, timeout time.Duration) {
	p.T.Helper()
	if err := p.waitJS(expr, timeout); err != nil {
		p.T.Fatalf("waiting for %s: %v\n%s", oneLine(expr), err, p.consoleDump())
	}
}

func (p *Page) waitJS(expr string, timeout time.Duration) (err error) {
	if timeout <= 0 {
		timeout = Timeout
	}
	start := time.Now()
	defer func() {
		note := "met"
		if err != nil {
			note = "NOT MET (" + err.Error() + ")"
		}
		p.profile("wait", start, note+" "+oneLine(expr))
	}()
	deadline := time.Now().Add(timeout)
	var lastErr error
	for {
		ctx, cancel := context.WithTimeout(p.Ctx, 10*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("(async () => !!(await ("+expr+")))()", chromedp.EvalAwaitPromise))
		cancel()
		if err == nil && ok {
			return nil
		}
		lastErr = err
		if p.Ctx.Err() != nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if lastErr == nil {
		lastErr = errors.New("timed out")
	}
	return lastErr
}
