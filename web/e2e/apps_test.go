package e2e_test

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"latentlab/core/safetensors"
	"latentlab/web/e2e"
)

var aucRE = regexp.MustCompile(`AUC ([0-9.]+) · threshold ([^:]+): ([0-9]+) digits flagged, precision ([0-9.]+), recall ([0-9.]+)`)

// flaggedJS is a JavaScript expression for the number of digits flagged in
// the detector's read-out matching css (-1 when it says none).
func flaggedJS(css string) string {
	return fmt.Sprintf(`(e => { const m = e && /([0-9]+) digits flagged/.exec(e.textContent); return m ? +m[1] : -1; })(document.querySelector(%q))`, css)
}

// TestAnomalyDetector trains the applications lesson's anomaly detector for
// a few seconds: its Training status advances, the held-out digits are
// scored (histograms, ROC curve and top digits drawn, an AUC between 0 and
// 1 in the read-out), the arrow keys and a click on the histograms move the
// threshold, Show the code exports the weights, and the widget is
// screenshot 1280 and 400 px wide.
func TestAnomalyDetector(t *testing.T) {
	p := e2e.Open(t, "/lessons/applications")
	const w = `[data-widget="anomaly-detector"]`
	status := w + ` [role="status"][aria-label="Training status"]`
	hist, roc, top := w+` canvas[aria-label="Threshold on the score histograms"]`, w+` canvas[aria-label="ROC curve of the detector"]`,
		w+` canvas[aria-label="The highest-scoring held-out digits"]`
	readout := w + ` [id$="-readout"]`
	p.ScrollTo(status)
	p.WaitJS(fmt.Sprintf(`(() => { const s = document.querySelector(%q); return !!s && /ready/.test(s.textContent); })()`, status), 90*time.Second)
	started := fmt.Sprintf(`/step [1-9]/.test(document.querySelector(%q).textContent)`, status)
	pressTrain(t, p, "anomaly-detector", started)
	st := p.WaitStep(status, 20, 300*time.Second)
	t.Logf("detector status: %s", st)
	if !regexp.MustCompile(`−ELBO [0-9.]+ nats`).MatchString(st) {
		t.Errorf("Training status shows no −ELBO: %q", st)
	}
	clickIn(t, p, "anomaly-detector", "Pause")
	// Pausing rescores: the read-out names a step past 0 and an AUC.
	p.WaitJS(fmt.Sprintf(`/Step [1-9]/.test(document.querySelector(%q).textContent)`, readout), 60*time.Second)
	r := p.Text(readout)
	m := aucRE.FindStringSubmatch(r)
	if m == nil {
		t.Fatalf("read-out %q has no AUC, precision and recall", r)
	}
	if auc, _ := strconv.ParseFloat(m[1], 64); !(auc > 0 && auc < 1) {
		t.Errorf("AUC %v out of (0, 1)", auc)
	}
	t.Logf("detector read-out: %s", r)
	if m[2] == "" || !regexp.MustCompile(`\(the best F1\)$`).MatchString(m[2]) {
		t.Errorf("the threshold %q does not start at the best F1", m[2])
	}
	if flagged := atoi(m[3]); flagged > 1000 {
		t.Errorf("the starting threshold flags %d of 2,000 digits", flagged)
	}
	for _, c := range []string{hist, roc} {
		if n := inkPixels(p, c); n < 200 {
			t.Errorf("%s looks blank (%d drawn pixels)", c, n)
		}
	}
	if n := inkPixels(p, top); n < 100 {
		t.Errorf("the top digits look blank (%d drawn pixels)", n)
	}

	// Keyboard: the arrow keys move the threshold, so fewer digits are flagged.
	e2e.Eval[bool](p, fmt.Sprintf(`(() => { document.querySelector(%q).focus(); return true; })()`, hist))
	for range 5 {
		p.Do(chromedp.KeyEvent(kb.ArrowRight))
	}
	// The read-out is redrawn in a later animation frame (the page's shared
	// frame queue runs late under load): wait for it, not for a frame count.
	p.TryWaitJS(fmt.Sprintf(`%s < %d`, flaggedJS(readout), atoi(m[3])), 10*time.Second)
	after := aucRE.FindStringSubmatch(p.Text(readout))
	if after == nil || atoi(after[3]) >= atoi(m[3]) {
		t.Errorf("five ArrowRight presses: flagged %v, before %s", after, m[3])
	}
	// Pointer: a click near the left end of the histogram flags nearly everything.
	e2e.Eval[bool](p, fmt.Sprintf(`(() => { document.querySelector(%q).scrollIntoView({block: "center"}); return true; })()`, hist))
	p.WaitFrames(2)
	hr := e2e.Eval[mapRect](p, fmt.Sprintf(`(() => { const r = document.querySelector(%q).getBoundingClientRect(); return {X: r.left, Y: r.top, W: r.width, H: r.height}; })()`, hist))
	x, y := hr.X+62, hr.Y+hr.H/2
	p.Do(chromedp.MouseEvent(chromedp.MouseMoved, x, y),
		chromedp.MouseEvent(chromedp.MousePressed, x, y, chromedp.Button("left")),
		chromedp.MouseEvent(chromedp.MouseReleased, x, y, chromedp.Button("left")))
	p.TryWaitJS(fmt.Sprintf(`%s >= 1500`, flaggedJS(readout)), 10*time.Second)
	low := aucRE.FindStringSubmatch(p.Text(readout))
	if low == nil || atoi(low[3]) < 1500 {
		t.Errorf("a click at the left of the histograms: read-out %q, want nearly all 2,000 digits flagged", p.Text(readout))
	}
	detectorExtras(t, p)
	detectorCode(t, p)
	shootWidget(t, p, widgetFrame(p, "anomaly-detector"), "apps-anomaly-detector-1280")
	p.Do(chromedp.EmulateViewport(400, 900))
	p.WaitFrames(4)
	shootWidget(t, p, widgetFrame(p, "anomaly-detector"), "apps-anomaly-detector-400")
	if sw := e2e.Eval[int](p, `document.documentElement.scrollWidth`); sw > 402 {
		t.Errorf("the lesson is %d px wide at 400 px (horizontal scrolling)", sw)
	}
	p.NoConsoleErrors()
}

// detectorExtras scores rotated digits (a third histogram, the share
// flagged in the read-out) and a stroke drawn on the pad (its score against
// the threshold).
func detectorExtras(t *testing.T, p *e2e.Page) {
	const w = `[data-widget="anomaly-detector"]`
	extra, hist := w+` [id$="-extra"]`, w+` canvas[aria-label="Threshold on the score histograms"]`
	before := p.CanvasHash(hist)
	e2e.Eval[bool](p, fmt.Sprintf(`(() => { const s = document.querySelector(%q); s.value = "rotation"; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`, w+` select[id$="-corrupt"]`))
	p.WaitJS(fmt.Sprintf(`/of the [0-9]+ rotated digits \(trained classes\) flagged/.test(document.querySelector(%q).textContent)`, extra), 60*time.Second)
	p.WaitCanvasChange(hist, before, 10*time.Second)
	pad := w + ` canvas[aria-label^="Drawing pad"]`
	e2e.Eval[bool](p, fmt.Sprintf(`(() => { document.querySelector(%q).scrollIntoView({block: "center"}); return true; })()`, pad))
	p.WaitFrames(2)
	r := e2e.Eval[mapRect](p, fmt.Sprintf(`(() => { const r = document.querySelector(%q).getBoundingClientRect(); return {X: r.left, Y: r.top, W: r.width, H: r.height}; })()`, pad))
	x := r.X + r.W/2
	p.Do(chromedp.MouseEvent(chromedp.MouseMoved, x, r.Y+0.2*r.H),
		chromedp.MouseEvent(chromedp.MousePressed, x, r.Y+0.2*r.H, chromedp.Button("left")))
	for i := 1; i <= 8; i++ {
		p.Do(chromedp.MouseEvent(chromedp.MouseMoved, x, r.Y+(0.2+0.075*float64(i))*r.H, chromedp.Button("left")))
	}
	p.Do(chromedp.MouseEvent(chromedp.MouseReleased, x, r.Y+0.8*r.H, chromedp.Button("left")))
	p.WaitJS(fmt.Sprintf(`/Your drawing scores [0-9.]+: (above|below) the threshold/.test(document.querySelector(%q).textContent)`, extra), 30*time.Second)
	t.Logf("detector extras: %s", p.Text(extra))
}

// detectorCode opens the detector's "Show the code": the VAE's PyTorch
// code, and its weights exported as safetensors named as that code.
func detectorCode(t *testing.T, p *e2e.Page) {
	panel := `[data-widget="anomaly-detector"] details[data-code-panel]`
	openCodePanel(p, panel)
	p.WaitText(panel+` pre[role="tabpanel"]`, "class VAE(nn.Module)")
	path := p.Download(func() { vaeClick(t, p, panel, "Export weights (.safetensors)") })
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := safetensors.Unmarshal(b)
	if err != nil {
		t.Fatalf("the detector's weights do not parse as safetensors: %v", err)
	}
	var names []string
	for _, tn := range f.Tensors {
		names = append(names, tn.Name)
	}
	if !slices.Contains(names, "mu.weight") || !slices.Contains(names, "out.weight") {
		t.Errorf("the detector's weights hold %v, want the generated module's mu.weight and out.weight", names)
	}
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

var fillRE = regexp.MustCompile(`([0-9]+) hidden pixels · mean squared error on them: mean ([0-9.]+), AE ([0-9.]+), VAE ([0-9.]+)`)

// TestInpainting trains the inpainting widget's VAE and AE for a few
// seconds: the fills are drawn with their errors on the hidden pixels, a
// stroke on the digit switches to a drawn mask, and the widget is
// screenshot 1280 and 400 px wide.
func TestInpainting(t *testing.T) {
	p := e2e.Open(t, "/lessons/applications")
	const w = `[data-widget="inpainting"]`
	status := w + ` [role="status"][aria-label="Training status"]`
	errs := w + ` [id$="-errors"]`
	p.ScrollTo(status)
	p.WaitJS(fmt.Sprintf(`(() => { const s = document.querySelector(%q); return !!s && /ready/.test(s.textContent); })()`, status), 90*time.Second)
	started := fmt.Sprintf(`/step [1-9]/.test(document.querySelector(%q).textContent)`, status)
	pressTrain(t, p, "inpainting", started)
	st := p.WaitStep(status, 10, 300*time.Second)
	t.Logf("inpainting status: %s", st)
	if !regexp.MustCompile(`VAE −ELBO [0-9.]+ nats · AE reconstruction [0-9.]+ nats`).MatchString(st) {
		t.Errorf("Training status shows no losses: %q", st)
	}
	clickIn(t, p, "inpainting", "Pause")
	p.WaitJS(fmt.Sprintf(`/Step [1-9]/.test(document.querySelector(%q).textContent)`, errs), 60*time.Second)
	m := fillRE.FindStringSubmatch(p.Text(errs))
	if m == nil || m[1] != "392" {
		t.Fatalf("errors read-out %q: want the left half (392 pixels) hidden and three errors", p.Text(errs))
	}
	t.Logf("inpainting read-out: %s", p.Text(errs))
	for _, c := range []string{`canvas[aria-label="The VAE's fill after its passes"]`, `canvas[aria-label="The VAE's fill pass by pass"]`,
		`canvas[aria-label="Error on the hidden pixels per VAE pass"]`} {
		if n := inkPixels(p, w+" "+c); n < 20 {
			t.Errorf("%s looks blank (%d drawn pixels)", c, n)
		}
	}
	// A stroke across the right half hides more pixels: the mask becomes "drawn".
	pad := w + ` canvas[aria-label^="Digit with its hidden pixels"]`
	e2e.Eval[bool](p, fmt.Sprintf(`(() => { document.querySelector(%q).scrollIntoView({block: "center"}); return true; })()`, pad))
	p.WaitFrames(2)
	r := e2e.Eval[mapRect](p, fmt.Sprintf(`(() => { const r = document.querySelector(%q).getBoundingClientRect(); return {X: r.left, Y: r.top, W: r.width, H: r.height}; })()`, pad))
	y := r.Y + r.H/2
	p.Do(chromedp.MouseEvent(chromedp.MouseMoved, r.X+0.55*r.W, y),
		chromedp.MouseEvent(chromedp.MousePressed, r.X+0.55*r.W, y, chromedp.Button("left")))
	for i := 1; i <= 8; i++ {
		p.Do(chromedp.MouseEvent(chromedp.MouseMoved, r.X+(0.55+0.05*float64(i))*r.W, y, chromedp.Button("left")))
	}
	p.Do(chromedp.MouseEvent(chromedp.MouseReleased, r.X+0.95*r.W, y, chromedp.Button("left")))
	p.WaitJS(fmt.Sprintf(`(() => { const m = /([0-9]+) hidden pixels/.exec(document.querySelector(%q).textContent); return !!m && +m[1] > 392; })()`, errs), 20*time.Second)
	if v := e2e.Eval[string](p, fmt.Sprintf(`document.querySelector(%q).value`, w+` select`)); v != "drawn" {
		t.Errorf("after drawing, the mask control says %q, want drawn", v)
	}
	shootWidget(t, p, widgetFrame(p, "inpainting"), "apps-inpainting-1280")
	p.Do(chromedp.EmulateViewport(400, 900))
	p.WaitFrames(4)
	shootWidget(t, p, widgetFrame(p, "inpainting"), "apps-inpainting-400")
	p.NoConsoleErrors()
}
