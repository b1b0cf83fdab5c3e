package e2e_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"latentlab/web/e2e"
)

// workerRecorder keeps every Web Worker the page starts in
// window.__workers, so a test can stop the engine the way a browser does
// when it kills a worker: without an error event.
const workerRecorder = `(() => {
  const W = window.Worker;
  window.__workers = [];
  window.__workerAt = [];
  window.Worker = function (...a) { const w = new W(...a); window.__workers.push(w); window.__workerAt.push(performance.now()); return w; };
  window.Worker.prototype = W.prototype;
})();`

// atDocumentStart runs a script at the start of every document the tab loads.
func atDocumentStart(p *e2e.Page, script string) {
	p.Do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: script})
		return err
	}))
}

var keptAt = regexp.MustCompile(`weights kept at step (\d+)`)

// TestStoppedEngineNoticedAndRestored: when the engine's worker stops while
// the VAE trainer trains, the page notices (the watchdog), says so in
// words with no stale rate, and Reset starts a fresh engine from the
// weights the page kept: training resumes from that step, not from 0.
func TestStoppedEngineNoticedAndRestored(t *testing.T) {
	p := e2e.NewTab(t)
	atDocumentStart(p, workerRecorder)
	p.Goto("/lessons/vae")
	// The lesson's first trainer (the β section has another).
	const trainer = `[data-widget="vae-trainer"]:has(#trainer-status)`
	const status = `#trainer-status [role="status"][aria-label="Training status"]`
	p.WaitJS(`(() => { const w = document.querySelector('`+trainer+`'); if (!w) return false; w.scrollIntoView({block: "center"}); return true; })()`, 30*time.Second)
	p.WaitText(status, "ready")
	pressTrain(t, p, "vae-trainer", "false")
	p.WaitStep(status, 60, 120*time.Second)
	e2e.Eval[bool](p, `(window.__workers.forEach((w) => w.terminate()), true)`)
	t0 := time.Now()
	alert := p.WaitText(trainer+` [role="alert"]`, "stopped answering")
	t.Logf("noticed after %.1f s: %q", time.Since(t0).Seconds(), alert)
	m := keptAt.FindStringSubmatch(alert)
	if m == nil {
		t.Fatalf("the notice offers no kept weights: %q", alert)
	}
	kept, _ := strconv.Atoi(m[1])
	if st := p.Text(status); strings.Contains(st, "steps/s") || !strings.Contains(st, "engine stopped") {
		t.Errorf("status after the stop: %q", st)
	}
	shootWidget(t, p, trainer, "engine-stopped")
	if kept <= 0 {
		t.Fatalf("kept weights at step %d", kept)
	}
	clickIn(t, p, "vae-trainer", "Reset")
	p.WaitText(status, "ready")
	if st := p.Text(status); stepOf(st) != kept {
		t.Errorf("after Reset the status reads %q, want step %d (the kept weights)", st, kept)
	}
	if a := p.Text(trainer + ` [role="alert"]`); a != "" {
		t.Errorf("the notice stays after the restart: %q", a)
	}
	pressTrain(t, p, "vae-trainer", "false")
	p.WaitStep(status, kept+50, 60*time.Second)
	if n := e2e.Eval[int](p, `window.__workers.length`); n < 2 {
		t.Errorf("%d workers started: Reset did not start a fresh engine", n)
	}
}

// idleAfterAwake sets window.__idleAfterAwake once every widget of the
// page has woken ("latentlab-awake") and the browser has then been idle
// twice: where an engine started on page idle would have started.
const idleAfterAwake = `addEventListener("latentlab-awake", () => {
  const idle = window.requestIdleCallback || ((f) => setTimeout(f, 100));
  idle(() => idle(() => { window.__idleAfterAwake = true; }));
}, {once: true});`

// statusRecorder keeps every text the first VAE trainer's status line shows
// (window.__statuses), so that a test sees a message however briefly it
// showed.
const statusRecorder = `(() => {
  window.__statuses = [];
  const seen = () => { const s = document.querySelector('#trainer-status [role="status"]');
    if (s && window.__statuses[window.__statuses.length - 1] !== s.textContent) window.__statuses.push(s.textContent); };
  new MutationObserver(seen).observe(document, {subtree: true, childList: true, characterData: true});
})();`

// fetchedEngineFiles lists the engine, model files and data sets the page
// (not the offline worker) fetched.
const fetchedEngineFiles = `performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname)
  .filter((u) => u.startsWith("/web/engine") || u.endsWith(".llm") || u.startsWith("/web/data/"))`

// TestEngineStartsLazily: pages without a training widget never start the
// engine; on a lesson the engine starts when a widget that needs it comes
// near the viewport or is used, never merely because the page is idle. A
// visit that stays at the top of the VAE lesson starts no worker and
// fetches neither engine.wasm nor the full model nor data; scrolling to the
// trainer starts it (after the first paint); on a fresh visit a Train press
// on the cold engine says what loads and then trains; focus moved into the
// trainer (a keyboard user) starts it without any scrolling.
func TestEngineStartsLazily(t *testing.T) {
	p := e2e.NewTab(t)
	atDocumentStart(p, workerRecorder)
	atDocumentStart(p, idleAfterAwake)
	atDocumentStart(p, statusRecorder)
	for _, path := range []string{"/", "/about"} {
		p.Goto(path)
		p.WaitFrames(30)
		if n := e2e.Eval[int](p, `window.__workers.length`); n != 0 {
			t.Errorf("%s started %d workers", path, n)
		}
	}
	// The About page names the build without starting the engine (the
	// browser's own SIMD test: headless Chromium has SIMD).
	p.WaitText("#engine-build", "WebAssembly SIMD (engine.wasm) build of the training engine when a lesson starts it")

	const trainer = `[data-widget="vae-trainer"]:has(#trainer-status)`
	const status = `#trainer-status [role="status"][aria-label="Training status"]`
	p.Goto("/lessons/vae")
	p.WaitJS(`window.__idleAfterAwake === true`, 60*time.Second)
	if n := e2e.Eval[int](p, `window.__workers.length`); n != 0 {
		t.Errorf("the page left at its top started %d engine workers", n)
	}
	if f := e2e.Eval[[]string](p, fetchedEngineFiles); len(f) > 0 {
		t.Errorf("the page left at its top fetched %v", f)
	}
	// Scrolling to the trainer starts the engine.
	p.WaitJS(`(() => { const w = document.querySelector('`+trainer+`'); if (!w) return false; w.scrollIntoView({block: "center"}); return true; })()`, 30*time.Second)
	p.WaitJS(`window.__workers.length > 0`, 30*time.Second)
	at := e2e.Eval[float64](p, `window.__workerAt[0]`)
	fcp := e2e.Eval[float64](p, `(performance.getEntriesByName("first-contentful-paint")[0] || {startTime: -1}).startTime`)
	t.Logf("first contentful paint at %.0f ms, engine started at %.0f ms (scrolled to the trainer)", fcp, at)
	if fcp < 0 || at < fcp {
		t.Errorf("the engine started at %.0f ms, before the first paint (%.0f ms)", at, fcp)
	}
	p.WaitText(status, "ready")

	// A fresh visit: Train pressed (without scrolling) before the engine
	// was wanted loads it, says so, and trains.
	p.Goto("/lessons/vae")
	p.WaitJS(`window.__idleAfterAwake === true`, 60*time.Second)
	if n := e2e.Eval[int](p, `window.__workers.length`); n != 0 {
		t.Fatalf("before the press: %d workers", n)
	}
	p.WaitJS(`(() => { const b = [...document.querySelectorAll('`+trainer+` button')].find((b) => b.textContent.trim() === "Train");
		if (!b || b.disabled || b.getAttribute("aria-disabled") === "true") return false; b.click(); return true; })()`, 30*time.Second)
	p.WaitStep(status, 1, 120*time.Second)
	said := e2e.Eval[[]string](p, `window.__statuses`)
	t.Logf("the status after a cold Train press: %q", said)
	loading := false
	for _, s := range said {
		loading = loading || strings.Contains(s, "loading the training engine… training starts when it is ready")
	}
	if !loading {
		t.Errorf("the status never said the engine was loading and training would follow: %q", said)
	}

	// A keyboard user tabbing into the trainer wants it too: focus moved
	// into the widget without scrolling (focusin alone) starts the engine.
	p.Goto("/lessons/vae")
	p.WaitJS(`window.__idleAfterAwake === true`, 60*time.Second)
	if n := e2e.Eval[int](p, `window.__workers.length`); n != 0 {
		t.Fatalf("before the focus: %d workers", n)
	}
	p.WaitJS(`(() => { const b = [...document.querySelectorAll('`+trainer+` button')].find((b) => b.textContent.trim() === "Train");
		if (!b || b.disabled) return false; b.focus({preventScroll: true}); return document.activeElement === b; })()`, 30*time.Second)
	p.WaitJS(`window.__workers.length > 0`, 30*time.Second)
	if y := e2e.Eval[float64](p, `window.scrollY`); y != 0 {
		t.Errorf("the page scrolled to %.0f px on focus: the engine may have started by nearness, not focus", y)
	}
	p.WaitText(status, "ready")

	// Once a lesson started the engine, About (reached in the page) asks the
	// worker itself.
	p.Do(chromedp.Click(chromedp.CSS(`header a[href$="/about"]`)))
	line := p.WaitText("#engine-build", "In this tab the training engine runs the WebAssembly SIMD (engine.wasm) build")
	if n := e2e.Eval[int](p, `window.__workers.length`); !strings.Contains(line, "wasm SIMD128 kernels") || n != 1 {
		t.Errorf("About after a lesson: %q, %d workers", line, n)
	}
}
