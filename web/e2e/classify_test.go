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

// classifierCells reads the code-classifier's table: representation →
// accuracies (%) per labelled size, NaN-free only once measured.
const classifierCellsJS = `(() => { const out = {};
	for (const td of document.querySelectorAll('[data-widget="code-classifier"] td[data-features]')) {
		(out[td.dataset.features] ||= []).push(td.textContent.trim()); }
	return out; })()`

// allMeasured is true when every cell of the table holds a percentage.
const allMeasuredJS = `(() => { const tds = [...document.querySelectorAll('[data-widget="code-classifier"] td[data-features]')];
	return tds.length === 15 && tds.every(td => /^[0-9.]+ %$/.test(td.textContent.trim())); })()`

var vaeStepRE = regexp.MustCompile(`The VAE's row was measured at step ([0-9]+)`)

// TestCodeClassifier opens the applications lesson's classifier: Fit
// classifiers fills the table in for the served models, the pixels and the
// untrained VAE; Train
// pressed from the keyboard trains the VAE and its row is measured again at
// a later step; the plot is drawn; a weight decay typed in refits; and the
// widget is screenshot 1280 and 400 px wide.
func TestCodeClassifier(t *testing.T) {
	p := e2e.Open(t, "/lessons/applications")
	const w = `[data-widget="code-classifier"]`
	status := w + ` [role="status"][aria-label="Training status"]`
	caption := w + ` table caption`
	plot := w + ` canvas[aria-label^="Held-out accuracy against the number of labelled digits"]`
	// Fit classifiers (from the keyboard) fills every cell: the served
	// models loaded, the VAE created, each classifier fitted in the worker.
	p.WaitJS(fmt.Sprintf(`/step 0/.test(document.querySelector(%q).textContent)`, status), 90*time.Second)
	keyPress(t, p, w, "Fit classifiers", `(() => { const b = [...document.querySelectorAll('[data-widget="code-classifier"] button')].find(b => b.textContent.trim() === "Fit classifiers"); return !!b && b.disabled; })()`)
	p.WaitJS(allMeasuredJS, 240*time.Second)
	before := e2e.Eval[map[string][]string](p, classifierCellsJS)
	t.Logf("table at step 0: %v", before)
	for name, row := range before {
		for k, cell := range row {
			v, err := strconv.ParseFloat(cell[:len(cell)-2], 64)
			if err != nil || v <= 0 || v > 100 {
				t.Errorf("%s, column %d: %q is not an accuracy", name, k, cell)
			}
		}
	}
	if pct(before["pixels"][2]) < pct(before["pixels"][0])+10 {
		t.Errorf("pixels: 1,000 labels give %s, 10 give %s: want a clear gain", before["pixels"][2], before["pixels"][0])
	}
	if n := inkPixels(p, plot); n < 300 {
		t.Errorf("the plot looks blank (%d drawn pixels)", n)
	}

	// Keyboard: Train is a button reached and pressed with the keyboard.
	keyPress(t, p, w, "Train", fmt.Sprintf(`/step [1-9]/.test(document.querySelector(%q).textContent)`, status))
	st := p.WaitStep(status, 30, 300*time.Second)
	t.Logf("classifier status: %s", st)
	if !regexp.MustCompile(`VAE −ELBO [0-9.]+ nats`).MatchString(st) {
		t.Errorf("Training status shows no −ELBO: %q", st)
	}
	keyPress(t, p, w, "Pause", fmt.Sprintf(`(() => { const b = [...document.querySelectorAll('%s button')].find(b => b.textContent.trim() === "Train"); return !!b && !b.disabled; })()`, w))
	// Pausing measures the VAE's code again, at the step it paused at.
	p.WaitJS(fmt.Sprintf(`(() => { const m = /measured at step ([0-9]+)/.exec(document.querySelector(%q).textContent); return !!m && +m[1] > 0; })()`, caption), 120*time.Second)
	p.WaitJS(allMeasuredJS, 60*time.Second)
	t.Logf("caption after training: %s", vaeStepRE.FindString(p.Text(caption)))

	// A weight decay typed in refits every classifier (the table empties,
	// then fills again).
	decay := w + ` input[id$="-decay"]`
	e2e.Eval[bool](p, fmt.Sprintf(`(() => { const i = document.querySelector(%q); i.scrollIntoView({block: "center"}); i.focus(); i.select(); return true; })()`, decay))
	p.Do(chromedp.KeyEvent("0.5"), chromedp.KeyEvent(kb.Tab))
	p.WaitJS(fmt.Sprintf(`document.querySelector(%q).value === "0.5"`, decay), 10*time.Second)
	p.WaitJS(allMeasuredJS, 180*time.Second)
	after := e2e.Eval[map[string][]string](p, classifierCellsJS)
	t.Logf("table with weight decay 0.5: %v", after)
	if fmt.Sprint(after["pixels"]) == fmt.Sprint(before["pixels"]) {
		t.Errorf("weight decay 0.5 left the pixels' row as it was: %v", after["pixels"])
	}

	shootWidget(t, p, widgetFrame(p, "code-classifier"), "apps-code-classifier-1280")
	p.Do(chromedp.EmulateViewport(400, 900))
	p.WaitFrames(4)
	shootWidget(t, p, widgetFrame(p, "code-classifier"), "apps-code-classifier-400")
	if sw := e2e.Eval[int](p, `document.documentElement.scrollWidth`); sw > 402 {
		t.Errorf("the lesson is %d px wide at 400 px (horizontal scrolling)", sw)
	}
	p.NoConsoleErrors()
}

// pct reads "87.5 %".
func pct(cell string) float64 {
	v, _ := strconv.ParseFloat(regexp.MustCompile(`^[0-9.]+`).FindString(cell), 64)
	return v
}

// keyPress focuses the widget's enabled button named name and presses
// Enter, until done (a JavaScript condition) holds: a key press very soon
// after the page reports ready is sometimes lost, so it presses once more.
func keyPress(t *testing.T, p *e2e.Page, scope, name, done string) {
	t.Helper()
	focus := fmt.Sprintf(`(() => { const b = [...document.querySelectorAll('%s button')].find(b => b.textContent.trim() === %q && !b.disabled && b.getAttribute("aria-disabled") !== "true");
		if (!b) return false; b.scrollIntoView({block: "center"}); b.focus(); return document.activeElement === b; })()`, scope, name)
	for try := 0; try < 2; try++ {
		p.WaitJS(focus, 30*time.Second)
		p.Do(chromedp.KeyEvent(kb.Enter))
		if p.TryWaitJS(done, 15*time.Second) {
			return
		}
		t.Logf("Enter on %s had no effect; pressing again", name)
	}
	p.WaitJS(done, 30*time.Second)
}
