package e2e_test

import (
	"fmt"
	"regexp"
	"strconv"
	"testing"
	"time"

	"latentlab/web/e2e"
)

// clickIn clicks the button named name inside the first widget frame of kind
// widget (pages such as the CAE lesson have several Train buttons).
func clickIn(t *testing.T, p *e2e.Page, widget, name string) {
	t.Helper()
	mark := fmt.Sprintf("e2e-%s-%d", widget, time.Now().UnixNano())
	js := fmt.Sprintf(`(() => { const w = document.querySelector('[data-widget=%q]'); if (!w) return false;
		const b = [...w.querySelectorAll("button")].find(b => b.textContent.trim() === %q && !b.disabled && b.getAttribute("aria-disabled") !== "true");
		if (!b) return false; b.setAttribute("data-e2e", %q); b.scrollIntoView({block: "center", behavior: "instant"}); return true; })()`, widget, name, mark)
	p.WaitJS(js, 30*time.Second)
	p.ClickStill(fmt.Sprintf(`[data-e2e=%q]`, mark)) // once the scroll and the layout have settled
}

// pressTrain clicks the widget's Train button and waits until training has
// visibly started: Pause is enabled or started (a JS condition) holds. A
// click very soon after the page reports ready is sometimes lost (the page
// is still settling): then it clicks once more.
func pressTrain(t *testing.T, p *e2e.Page, widget, started string) {
	t.Helper()
	going := fmt.Sprintf(`(() => { const w = document.querySelector('[data-widget=%q]');
		const b = w && [...w.querySelectorAll("button")].find(b => b.textContent.trim() === "Pause");
		return (!!b && !b.disabled && b.getAttribute("aria-disabled") !== "true") || %s; })()`, widget, started)
	clickIn(t, p, widget, "Train")
	if !p.TryWaitJS(going, 10*time.Second) {
		t.Log("Train click had no effect; clicking again")
		clickIn(t, p, widget, "Train")
		p.WaitJS(going, 30*time.Second)
	}
}

// inkPixels counts the pixels of a canvas that differ from its background
// (the top-left pixel): 0 means nothing was drawn.
func inkPixels(p *e2e.Page, css string) int { return e2e.Eval[int](p, inkPixelsJS(css)) }

// inkPixelsJS is inkPixels as a JavaScript expression.
func inkPixelsJS(css string) string {
	return fmt.Sprintf(`(() => { const c = document.querySelector(%q); if (!c || !c.width) return -1;
		const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data; let n = 0;
		for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i]-d[0]) + Math.abs(d[i+1]-d[1]) + Math.abs(d[i+2]-d[2]) > 30) n++;
		return n; })()`, css)
}

var ratioRE = regexp.MustCompile(`AE ([0-9]+(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?), CAE ([0-9]+(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?)`)

// TestCAELesson trains the contraction lab for a few seconds: the Training
// status and the plots must update, the reconstruction fields must be drawn,
// and the CAE's measured contraction ratio must end below the AE's. It then
// checks penalty-by-hand against the closed form, trains the sensitivity
// meter, and screenshots every widget into web/e2e/out.
func TestCAELesson(t *testing.T) {
	p := e2e.Open(t, "/lessons/cae")
	const lab = `[data-widget="contraction-lab"]`
	field := lab + ` canvas[aria-label="Reconstruction field, CAE (λ = 0.3)"]`
	loss := lab + ` canvas[aria-label="Reconstruction loss plot"]`
	status := lab + ` [role="status"][aria-label="Training status"]`
	p.WaitJS(fmt.Sprintf(`!!document.querySelector(%q)`, field), 60*time.Second)
	// The fields are drawn once the worker has built the models and sent
	// their first snapshots (the engine starts as the reader scrolls to the lab).
	p.ScrollTo(status)
	if !p.TryWaitJS(inkPixelsJS(field)+" >= 500", 60*time.Second) {
		t.Fatalf("CAE reconstruction field looks blank (%d drawn pixels); status %q", inkPixels(p, field), p.Text(status))
	}
	fieldBefore, lossBefore := p.CanvasHash(field), p.CanvasHash(loss)

	started := fmt.Sprintf(`/step [1-9]/.test(document.querySelector(%q).textContent)`, status)
	pressTrain(t, p, "contraction-lab", started)
	p.WaitJS(started, 30*time.Second)
	first := stepOf(p.Text(status))
	st := p.WaitStep(status, first+200, 60*time.Second)
	if !regexp.MustCompile(`recon [0-9.]+`).MatchString(st) {
		t.Errorf("Training status shows no loss: %q", st)
	}
	t.Logf("lab status 200 steps later: %s", st)
	p.WaitCanvasChange(field, fieldBefore, 30*time.Second) // the CAE's field follows its training
	p.WaitCanvasChange(loss, lossBefore, 30*time.Second)   // and so does the loss plot
	p.WaitJS(fmt.Sprintf(`/step ([2-9]\d{3}|\d{5})/.test(document.querySelector(%q).textContent)`, status), 60*time.Second)
	clickIn(t, p, "contraction-lab", "Pause")
	if lt := p.LongTasks(); len(lt) > 0 {
		t.Logf("main-thread long tasks while the lab trained (ms): %v", lt)
	}
	readout := p.Text(lab + ` .ll-readout:nth-of-type(2)`)
	if m := ratioRE.FindStringSubmatch(readout); m == nil {
		t.Errorf("no contraction ratios in %q", readout)
	} else {
		ae, _ := strconv.ParseFloat(m[1], 64)
		cae, _ := strconv.ParseFloat(m[2], 64)
		t.Logf("measured contraction ratio: AE %.3f, CAE %.3f", ae, cae)
		if !(cae < ae) {
			t.Errorf("CAE ratio %.3f is not below the AE's %.3f", cae, ae)
		}
	}
	shootWidget(t, p, widgetFrame(p, "contraction-lab"), "cae-contraction-lab")

	// Penalty by hand: the explicit sum and the closed form agree (0.2636).
	ex, cl := p.Text(`.bh-explicit`), p.Text(`.bh-closed`)
	if ex != "0.2636" || cl != "0.2636" {
		t.Errorf("penalty by hand: explicit %q, closed form %q, want 0.2636", ex, cl)
	}
	shootWidget(t, p, widgetFrame(p, "penalty-by-hand"), "cae-penalty-by-hand")

	// Sensitivity meter: train the three models to the end.
	clickIn(t, p, "sensitivity-meter", "Train")
	p.WaitJS(`/trained for/.test(document.querySelector('[data-widget="sensitivity-meter"] [role="status"]').textContent)`, 60*time.Second)
	t.Logf("meter: %s", p.Text(`[data-widget="sensitivity-meter"] [role="status"]`))
	shootWidget(t, p, widgetFrame(p, "sensitivity-meter"), "cae-sensitivity-meter")

	// MNIST features: loaded or explained.
	p.WaitJS(`(() => { const w = document.querySelector('[data-widget="mnist-features"]'); return !!w && !/Loading/.test(w.textContent); })()`, 60*time.Second)
	shootWidget(t, p, widgetFrame(p, "mnist-features"), "cae-mnist-features")
	p.NoConsoleErrors()
}

// TestCAEClamp opens the lab alone with an out-of-range learning rate and λ:
// both are clamped with a visible note.
func TestCAEClamp(t *testing.T) {
	p := e2e.Open(t, "/embed/cae/lab?lr=50&lambda=-3")
	p.WaitBodyText("out of range")
	body := e2e.Eval[string](p, `document.body.innerText`)
	for _, want := range []string{"lr=50", "lambda=-3"} {
		if !regexp.MustCompile(regexp.QuoteMeta(want)).MatchString(body) {
			t.Errorf("no clamping note mentions %s", want)
		}
	}
}

// TestCAEMNISTFeatures trains the AE and the CAE of the mnist-features
// widget on the CAE lesson page for a few seconds: its Training status must
// advance and show both models' losses, and the CAE's filters must change.
func TestCAEMNISTFeatures(t *testing.T) {
	p := e2e.Open(t, "/lessons/cae")
	const w = `[data-widget="mnist-features"]`
	status := w + ` [role="status"][aria-label="Training status"]`
	filters := w + ` canvas[aria-label="Filters of the contractive autoencoder"]`
	// Ready: both models built in the worker and their filters drawn.
	p.ScrollTo(status)
	if !p.TryWaitJS(fmt.Sprintf(`(() => { const s = document.querySelector(%q); return !!s && /ready/.test(s.textContent) &&
		!/Loading/.test(document.querySelector(%q).textContent); })()`, status, w), 90*time.Second) {
		t.Fatalf("the models were not ready: status %q, widget %q", p.Text(status), p.Text(w+` [role="alert"], `+w+` .notice`))
	}
	// The first snapshots arrive just after "ready" and are drawn on the next frame.
	if !p.TryWaitJS(inkPixelsJS(filters)+" >= 500", 30*time.Second) {
		n := inkPixels(p, filters)
		shootWidget(t, p, widgetFrame(p, "mnist-features"), "cae-mnist-features-blank")
		t.Fatalf("CAE filters look blank (%d drawn pixels); status %q, widget %q", n, p.Text(status), p.Text(w))
	}
	before := p.CanvasHash(filters)
	first := stepOf(p.Text(status))
	t.Logf("before training: %s", p.Text(status))

	p.ResetLongTasks()
	pressTrain(t, p, "mnist-features", fmt.Sprintf(`(() => { const m = /^step (\d+)/.exec(document.querySelector(%q).textContent); return !!m && +m[1] > %d; })()`, status, first))
	p.WaitJS(fmt.Sprintf(`(() => { const m = /^step (\d+)/.exec(document.querySelector(%q).textContent); return !!m && +m[1] > %d; })()`, status, first), 30*time.Second)
	mid := stepOf(p.Text(status))
	st := p.WaitStep(status, mid+20, 90*time.Second)
	for _, re := range []string{`AE recon [0-9.]+`, `CAE recon [0-9.]+`, `CAE ‖J‖² [0-9.]+`} {
		if !regexp.MustCompile(re).MatchString(st) {
			t.Errorf("Training status lacks %s: %q", re, st)
		}
	}
	t.Logf("20 steps on: %s", st)
	clickIn(t, p, "mnist-features", "Pause")
	p.WaitCanvasChange(filters, before, 30*time.Second) // the CAE's filters changed as it trained
	if lt := p.LongTasks(); len(lt) > 0 {
		t.Logf("main-thread long tasks while training (ms): %v", lt)
	}
	t.Logf("paused: %s", p.Text(status))
	shootWidget(t, p, widgetFrame(p, "mnist-features"), "cae-mnist-features-trained")
	p.NoConsoleErrors()
}
