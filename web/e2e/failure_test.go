package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// This file holds the browser tests of what a student sees when a file the
// widgets need does not arrive: the engine (engine.wasm), the training
// data, a pretrained model fetched by the page or by the worker. Each says
// so in words (no raw error, no make target) and offers a way to try again
// that works once the file arrives.

// rawError is what a message for a student must not contain.
func rawError(msg string) bool {
	for _, s := range []string{"fetch", "HTTP", "TypeError", "make ", "/web/", ".llm", "engine crashed"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// widgetText returns the text of the first element matching css inside the
// first widget of kind name ("" when none).
func widgetText(p *Page, name, css string) string {
	return Eval[string](p, fmt.Sprintf(`(() => { const e = document.querySelector('[data-widget=%q] %s'); return e ? e.textContent : ""; })()`, name, css))
}

// waitWidgetText waits until that text contains substr and returns it.
func waitWidgetText(p *Page, name, css, substr string, timeout time.Duration) string {
	p.T.Helper()
	p.WaitJS(fmt.Sprintf(`(() => { const e = document.querySelector('[data-widget=%q] %s'); return !!e && e.textContent.includes(%q); })()`, name, css, substr), timeout)
	return widgetText(p, name, css)
}

// clickInWidget clicks the enabled button named name in the first widget of
// kind widget.
func clickInWidget(p *Page, widget, name string) {
	p.T.Helper()
	p.WaitJS(fmt.Sprintf(`(() => { const w = document.querySelector('[data-widget=%q]'); if (!w) return false;
		const b = [...w.querySelectorAll("button")].find(b => b.textContent.trim() === %q && !b.disabled);
		if (!b) return false; b.scrollIntoView({block: "center"}); b.click(); return true; })()`, widget, name), 30*time.Second)
}

// widgetShot scrolls the first widget of kind name to the top of the window
// and saves what the window shows (out/NAME.png).
func widgetShot(p *Page, name, file string) {
	p.T.Helper()
	Eval[bool](p, fmt.Sprintf(`(document.querySelector('[data-widget=%q]').scrollIntoView({block: "start"}), true)`, name))
	p.WaitFrames(2)
	viewportShot(p, file)
}

const trainerStatus = `[role="status"][aria-label="Training status"]`

// TestEngineFailureSaysSoAndRetries: engine.wasm does not arrive. The
// trainer says the engine did not load and Reset tries again; the explorer
// still shows the pretrained model (decoded on the page) and says what is
// missing.
func TestEngineFailureSaysSoAndRetries(t *testing.T) {
	base, f := serveFaulty(t, siteHandler())
	f.setFail("/web/engine.wasm", true)
	p := isolatedTab(t)
	p.Goto(base + "/lessons/vae")
	scrollToWidget(p, "vae-trainer")
	alert := waitWidgetText(p, "vae-trainer", `[role="alert"]`, "did not load", 60*time.Second)
	if rawError(alert) || !strings.Contains(alert, "Reset") {
		t.Errorf("the trainer's message is not for a student: %q", alert)
	}
	if st := widgetText(p, "vae-trainer", trainerStatus); !strings.Contains(st, "the engine did not load") {
		t.Errorf("the trainer's status: %q", st)
	}
	caption := waitWidgetText(p, "latent-explorer", ".ll-caption", "did not load", 30*time.Second)
	if rawError(caption) || !strings.Contains(caption, "Showing") {
		t.Errorf("the explorer's caption: %q", caption)
	}
	widgetShot(p, "latent-explorer", "failure-engine-explorer")
	widgetShot(p, "vae-trainer", "failure-engine-trainer")
	f.setFail("/web/engine.wasm", false)
	clickInWidget(p, "vae-trainer", "Reset")
	waitWidgetText(p, "vae-trainer", trainerStatus, "ready", 60*time.Second)
	clickInWidget(p, "latent-explorer", "Retry")
	p.WaitJS(`(() => { const c = document.querySelector('[data-widget="latent-explorer"] .ll-caption'); return !!c && /Showing/.test(c.textContent) && !/did not/.test(c.textContent); })()`, 60*time.Second)
}

// TestTrainingDataFailureSaysSoAndRetries: the MNIST training digits do not
// arrive at the worker; the trainer says so and Reset loads them.
func TestTrainingDataFailureSaysSoAndRetries(t *testing.T) {
	base, f := serveFaulty(t, siteHandler())
	f.setFail("/web/data/mnist-train.bin", true)
	p := isolatedTab(t)
	p.Goto(base + "/lessons/vae")
	// The trainer is ready without the training digits: they come with
	// the first step.
	scrollToWidget(p, "vae-trainer")
	waitWidgetText(p, "vae-trainer", trainerStatus, "ready", 60*time.Second)
	clickInWidget(p, "vae-trainer", "Train")
	alert := waitWidgetText(p, "vae-trainer", `[role="alert"]`, "training data did not arrive", 60*time.Second)
	if rawError(alert) || !strings.Contains(alert, "Reset") {
		t.Errorf("the trainer's message is not for a student: %q", alert)
	}
	f.setFail("/web/data/mnist-train.bin", false)
	clickInWidget(p, "vae-trainer", "Reset")
	waitWidgetText(p, "vae-trainer", trainerStatus, "ready", 60*time.Second)
	clickInWidget(p, "vae-trainer", "Train")
	p.WaitJS(`(() => { const s = document.querySelector('[data-widget="vae-trainer"] `+trainerStatus+`'); const m = s && /step (\d+)/.exec(s.textContent); return !!m && +m[1] > 0; })()`, 60*time.Second)
}

// TestModelFailureSaysSoAndRetries: a pretrained model does not arrive,
// fetched by the page (the VAE explorer: Retry; the full model alone, while
// its view file still fails, is then shown with the page at its top) and by
// the worker (the CAE lesson's MNIST features: Reset).
func TestModelFailureSaysSoAndRetries(t *testing.T) {
	base, f := serveFaulty(t, siteHandler())
	f.setFail("/web/models/vae-mnist-2d.llm", true)
	f.setFail("/web/models/vae-mnist-2d-view.bin", true) // the explorer's view file: without it the full model loads
	f.setFail("/web/models/ae-mnist.llm", true)
	p := isolatedTab(t)
	p.Goto(base + "/lessons/vae")
	caption := waitWidgetText(p, "latent-explorer", ".ll-caption", "did not arrive", 60*time.Second)
	if rawError(caption) || !strings.Contains(caption, "Retry") {
		t.Errorf("the explorer's caption: %q", caption)
	}
	// The full model alone arrives: the explorer shows it (the engine,
	// which loads it, starts for it with the page at its top), then the
	// view file is served again.
	f.setFail("/web/models/vae-mnist-2d.llm", false)
	clickInWidget(p, "latent-explorer", "Retry")
	p.WaitJS(explorerShowing, 60*time.Second)
	f.setFail("/web/models/vae-mnist-2d-view.bin", false)

	p.Goto(base + "/lessons/cae")
	Eval[bool](p, `(document.querySelector('[data-widget="mnist-features"]').scrollIntoView(), true)`)
	alert := waitWidgetText(p, "mnist-features", `[role="alert"]`, "did not arrive", 60*time.Second)
	if rawError(alert) || !strings.Contains(alert, "pretrained model") || !strings.Contains(alert, "Reset") {
		t.Errorf("the features widget's message: %q", alert)
	}
	widgetShot(p, "mnist-features", "failure-model-worker")
	f.setFail("/web/models/ae-mnist.llm", false)
	clickInWidget(p, "mnist-features", "Reset")
	waitWidgetText(p, "mnist-features", trainerStatus, "ready", 60*time.Second)
}

// TestModelLoadingShowsProgress: while the pretrained model downloads (here
// slowed to 25 kB/s: the explorer's view file, ~190 kB, then takes ~8 s,
// long enough to be seen on a busy machine), the explorer's caption says how
// much has arrived.
func TestModelLoadingShowsProgress(t *testing.T) {
	p := isolatedTab(t)
	base := BaseURL(t)
	p.Do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{{URLPattern: base + "/web/models/*", DownloadThroughput: 25e3, UploadThroughput: -1}},
		})
		return err
	}))
	p.navigate(base + "/lessons/vae")
	caption := waitWidgetText(p, "latent-explorer", ".ll-caption", "MB received", 60*time.Second)
	t.Logf("while loading: %q", caption)
	p.WaitJS(explorerShowing, 60*time.Second)
}
