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

// TestEngineStartsLazily: pages without a training widget never start the
// engine; a lesson starts it only after its text has painted, when a
// widget that needs it wakes.
func TestEngineStartsLazily(t *testing.T) {
	p := e2e.NewTab(t)
	atDocumentStart(p, workerRecorder)
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
	p.Goto("/lessons/vae")
	p.WaitJS(`window.__workers.length > 0`, 30*time.Second)
	at := e2e.Eval[float64](p, `window.__workerAt[0]`)
	fcp := e2e.Eval[float64](p, `(performance.getEntriesByName("first-contentful-paint")[0] || {startTime: -1}).startTime`)
	t.Logf("first contentful paint at %.0f ms, engine started at %.0f ms", fcp, at)
	if fcp < 0 || at < fcp {
		t.Errorf("the engine started at %.0f ms, before the first paint (%.0f ms)", at, fcp)
	}
	// Once a lesson started the engine, About (reached in the page) asks the
	// worker itself.
	p.Do(chromedp.Click(chromedp.CSS(`header a[href$="/about"]`)))
	line := p.WaitText("#engine-build", "In this tab the training engine runs the WebAssembly SIMD (engine.wasm) build")
	if n := e2e.Eval[int](p, `window.__workers.length`); !strings.Contains(line, "wasm SIMD128 kernels") || n != 1 {
		t.Errorf("About after a lesson: %q, %d workers", line, n)
	}
}
