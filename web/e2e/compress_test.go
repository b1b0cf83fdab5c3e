package e2e_test

import (
	"fmt"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"latentlab/web/e2e"
)

// tableRows is the JS that reads the compression widget's table as rows of
// cell texts.
const tableRows = `[...document.querySelectorAll('[data-widget="compression"] table tbody tr')].map(r => [...r.cells].map(c => c.textContent))`

// TestCompression trains the applications lesson's five VAEs for a few
// seconds: the rate–distortion plot and the decoded examples are drawn, the
// table lists a row per latent size (rate latent × bits, an MSE in (0, 1))
// and the PNG and raw sizes; moving the bit depth to 8 measures the same
// models again; the widget is screenshot 1280 and 400 px wide.
func TestCompression(t *testing.T) {
	p := e2e.Open(t, "/lessons/applications")
	const w = `[data-widget="compression"]`
	status := w + ` [role="status"][aria-label="Training status"]`
	caption := w + ` table caption`
	p.ScrollTo(status)
	p.WaitJS(fmt.Sprintf(`(() => { const s = document.querySelector(%q); return !!s && /ready/.test(s.textContent); })()`, status), 120*time.Second)
	started := fmt.Sprintf(`/step [1-9]/.test(document.querySelector(%q).textContent)`, status)
	pressTrain(t, p, "compression", started)
	st := p.WaitStep(status, 20, 300*time.Second)
	t.Logf("compression status: %s", st)
	if !regexp.MustCompile(`−ELBO \(2 dims\) [0-9.]+ nats · −ELBO \(32 dims\) [0-9.]+ nats`).MatchString(st) {
		t.Errorf("Training status shows no losses: %q", st)
	}
	clickIn(t, p, "compression", "Pause")
	// Pausing measures the paused models: the table's caption names a step past 0.
	p.WaitJS(fmt.Sprintf(`(() => { const c = document.querySelector(%q); return !!c && /Step [1-9]/.test(c.textContent); })()`, caption), 60*time.Second)
	// ... and catches up with the status line: the models measured are the
	// paused ones, even when Pause came while an earlier snapshot was in flight.
	sameStep := fmt.Sprintf(`(() => { const s = /step ([0-9]+)/.exec(document.querySelector(%q).textContent), c = /Step ([0-9]+)/.exec(document.querySelector(%q).textContent);
		return !!s && !!c && s[1] === c[1]; })()`, status, caption)
	if !p.TryWaitJS(sameStep, 60*time.Second) {
		t.Errorf("after Pause the table's caption %q lags the status %q", p.Text(caption), p.Text(status))
	}
	checkCompressionTable(t, p, 4)
	for _, c := range []string{`canvas[aria-label^="Rate against distortion"]`, `canvas[aria-label="The original held-out digits"]`,
		`canvas[aria-label="The digits decoded from 32-dimensional codes at 4 bits per dimension"]`} {
		if !p.TryWaitJS(inkPixelsJS(w+" "+c)+" >= 100", 30*time.Second) {
			t.Errorf("%s looks blank (%d drawn pixels)", c, inkPixels(p, w+" "+c))
		}
	}
	shootWidget(t, p, widgetFrame(p, "compression"), "apps-compression-1280")

	// Eight bits per dimension: the same models, measured again.
	e2e.Eval[bool](p, fmt.Sprintf(`(() => { const b = document.querySelector(%q); b.value = "8"; b.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`, w+` input[id$="-bits"]`))
	p.WaitJS(fmt.Sprintf(`/at 8 bits per dimension/.test(document.querySelector(%q).textContent)`, caption), 30*time.Second)
	checkCompressionTable(t, p, 8)

	// Show the code: the 2-dimensional VAE's PyTorch code, and the
	// 32-dimensional one's once chosen.
	panel := w + ` details[data-code-panel]`
	openCodePanel(p, panel)
	p.WaitText(panel+` pre[role="tabpanel"]`, "self.mu = nn.Linear(128, 2)")
	e2e.Eval[bool](p, fmt.Sprintf(`(() => { const s = document.querySelector(%q); s.value = "4"; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`, w+` select[id$="-code-model"]`))
	p.WaitText(panel+` pre[role="tabpanel"]`, "self.mu = nn.Linear(128, 32)")

	p.Do(chromedp.EmulateViewport(400, 900))
	p.WaitFrames(4)
	shootWidget(t, p, widgetFrame(p, "compression"), "apps-compression-400")
	if sw := e2e.Eval[int](p, `document.documentElement.scrollWidth`); sw > 402 {
		t.Errorf("the lesson is %d px wide at 400 px (horizontal scrolling)", sw)
	}
	p.NoConsoleErrors()
}

// openCodePanel opens the "Show the code" disclosure panel (a CSS selector).
func openCodePanel(p *e2e.Page, panel string) {
	e2e.Eval[bool](p, fmt.Sprintf(`(() => { const s = document.querySelector(%q + " > summary"); s.scrollIntoView({block: "center"}); s.click(); return true; })()`, panel))
}

var codeRE = regexp.MustCompile(`^([0-9]+) dims × ([0-9]+) bits$`)

// checkCompressionTable checks the table at bits bits per dimension.
func checkCompressionTable(t *testing.T, p *e2e.Page, bits int) {
	t.Helper()
	rows := e2e.Eval[[][]string](p, tableRows)
	t.Logf("compression table at %d bits: %v", bits, rows)
	if len(rows) != 7 {
		t.Fatalf("table has %d rows, want 5 codes, PNG and raw", len(rows))
	}
	for i, l := range []int{2, 4, 8, 16, 32} {
		r := rows[i]
		if m := codeRE.FindStringSubmatch(r[0]); m == nil || atoi(m[1]) != l || atoi(m[2]) != bits {
			t.Errorf("row %d code %q, want %d dims × %d bits", i, r[0], l, bits)
		}
		if want := fmt.Sprintf("%d bits", l*bits); !regexp.MustCompile(`^` + want + ` `).MatchString(r[1]) {
			t.Errorf("row %d size %q, want %s", i, r[1], want)
		}
		if e, err := strconv.ParseFloat(r[2], 64); err != nil || !(e > 0 && e < 1) {
			t.Errorf("row %d MSE %q", i, r[2])
		}
	}
	png := regexp.MustCompile(`^([0-9.]+) bytes on average$`).FindStringSubmatch(rows[5][1])
	if png == nil {
		t.Fatalf("PNG row %v", rows[5])
	}
	if b, _ := strconv.ParseFloat(png[1], 64); !(b > 100 && b < 784) || rows[6][1] != "784 bytes" {
		t.Errorf("PNG %v bytes, raw %q", b, rows[6][1])
	}
}
