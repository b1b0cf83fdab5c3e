package e2e_test

import (
	"fmt"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"latentlab/web/e2e"
)

var corruptedRE = regexp.MustCompile(`corrupted input ([0-9.]+)`)

// corruptedErr reads a model's error on the corrupted digits from the table.
func corruptedErr(t *testing.T, p *e2e.Page, model string) float64 {
	t.Helper()
	s := p.Text(fmt.Sprintf(`[data-widget="mnist-features"] td[data-model=%q]`, model))
	m := corruptedRE.FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("%s: no error on corrupted digits in %q", model, s)
	}
	v, _ := strconv.ParseFloat(m[1], 64)
	return v
}

// TestDAEFeatures opens the DAE lesson's features widget: the AE, the DAE
// and the CAE load, their filters and reconstructions are drawn, the DAE's
// reconstructions of the corrupted digits are the closest to the clean ones
// (the lesson's claim, in the page), the corruption control changes the
// corrupted digits and the address, and the filter zoom works with the
// mouse and the keyboard. Screenshots at 1280 and 400 px.
func TestDAEFeatures(t *testing.T) {
	p := e2e.Open(t, "/lessons/dae")
	const w = `[data-widget="mnist-features"]`
	status := w + ` [role="status"][aria-label="Training status"]`
	p.ScrollTo(status)
	p.WaitJS(fmt.Sprintf(`(() => { const s = document.querySelector(%q); return !!s && /ready/.test(s.textContent); })()`, status), 120*time.Second)
	for _, m := range []string{"plain autoencoder", "denoising autoencoder", "contractive autoencoder"} {
		c := fmt.Sprintf(`%s canvas[aria-label="Filters of the %s"]`, w, m)
		if !p.TryWaitJS(inkPixelsJS(c)+" >= 500", 30*time.Second) {
			t.Errorf("filters of the %s look blank", m)
		}
	}
	den := w + ` canvas[aria-label="denoising autoencoder applied to the corrupted digits"]`
	p.WaitJS(inkPixelsJS(den)+" >= 200", 30*time.Second)
	p.WaitJS(fmt.Sprintf(`/corrupted input/.test(document.querySelector('%s td[data-model="dae"]').textContent)`, w), 30*time.Second)
	ae, dae, cae := corruptedErr(t, p, "ae"), corruptedErr(t, p, "dae"), corruptedErr(t, p, "cae")
	t.Logf("errors on digits with Gaussian noise σ = 0.5: AE %.4f, DAE %.4f, CAE %.4f", ae, dae, cae)
	if !(dae < ae-0.01 && dae < cae) {
		t.Errorf("the DAE's error on corrupted digits %.4f is not clearly the lowest (AE %.4f, CAE %.4f)", dae, ae, cae)
	}
	if s := p.Text(status); !regexp.MustCompile(`AE, DAE \(Gaussian noise, σ = 0.5\) and CAE`).MatchString(s) {
		t.Errorf("status %q does not name the three models and the corruption", s)
	}
	if v := e2e.Eval[string](p, `document.getElementById("features-noise").value`); v != "0.5" {
		t.Errorf("the level slider is at %q, want the lesson's 0.5", v)
	}
	shootWidget(t, p, widgetFrame(p, "mnist-features"), "dae-mnist-features-1280")

	// Salt and pepper through the widget's own control.
	noisy := w + ` canvas[aria-label="Corrupted test digits"]`
	before := p.CanvasHash(noisy)
	sel := w + ` select`
	p.Do(chromedp.ScrollIntoView(sel), chromedp.SetValue(sel, "salt"))
	e2e.Eval[bool](p, fmt.Sprintf(`(() => { document.querySelector(%q).dispatchEvent(new Event("change", {bubbles: true})); return true; })()`, sel))
	p.WaitJS(`new URLSearchParams(location.search).get("features.corruption") === "salt"`, 10*time.Second)
	p.WaitCanvasChange(noisy, before, 10*time.Second)
	p.WaitBodyText("salt and pepper, ν = 0.5")

	// Zoom: a click on the DAE's first filter, then the keyboard.
	grid := w + ` canvas[aria-label="Filters of the denoising autoencoder"]`
	p.Do(chromedp.ScrollIntoView(grid))
	p.ClickStill(grid) // the middle of the grid: some unit
	p.WaitJS(fmt.Sprintf(`!!document.querySelector('%s .mf-zoom')`, w), 10*time.Second)
	for _, m := range []string{"ae", "dae", "cae"} {
		p.WaitJS(inkPixelsJS(fmt.Sprintf(`%s canvas[id$="-zoom-%s"]`, w, m))+" >= 50", 10*time.Second)
	}
	unit := func() int {
		m := regexp.MustCompile(`Hidden unit (\d+) of`).FindStringSubmatch(p.Text(w + ` .mf-zoom`))
		if m == nil {
			t.Fatalf("zoom title %q", p.Text(w+` .mf-zoom`))
		}
		n, _ := strconv.Atoi(m[1])
		return n
	}
	u := unit()
	p.Do(chromedp.Focus(grid), chromedp.KeyEvent(kb.ArrowRight))
	p.WaitJS(fmt.Sprintf(`new RegExp("Hidden unit %d of").test(document.querySelector('%s .mf-zoom').textContent)`, u+1, w), 10*time.Second)
	p.Do(chromedp.KeyEvent(kb.Escape))
	p.WaitJS(fmt.Sprintf(`!document.querySelector('%s .mf-zoom')`, w), 10*time.Second)
	p.Do(chromedp.KeyEvent(kb.Enter))
	p.WaitJS(fmt.Sprintf(`!!document.querySelector('%s .mf-zoom')`, w), 10*time.Second)
	shootWidget(t, p, widgetFrame(p, "mnist-features"), "dae-mnist-features-zoom-1280")
	p.NoConsoleErrors()

	// A phone.
	n := e2e.Open(t, "/lessons/dae?features.corruption=salt&features.noise=0.2")
	n.Do(chromedp.EmulateViewport(400, 860))
	n.ScrollTo(status)
	n.WaitJS(fmt.Sprintf(`(() => { const s = document.querySelector(%q); return !!s && /ready/.test(s.textContent); })()`, status), 120*time.Second)
	n.WaitJS(inkPixelsJS(den)+" >= 200", 30*time.Second)
	overflow := e2e.Eval[int](n, fmt.Sprintf(`(() => { const w = document.querySelector(%q); return w.scrollWidth - w.clientWidth; })()`, w))
	if overflow > 0 {
		t.Errorf("the widget is %d px wider than a 400 px screen", overflow)
	}
	shootWidget(t, n, widgetFrame(n, "mnist-features"), "dae-mnist-features-400")
}
