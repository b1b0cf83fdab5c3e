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

// TestReparamLesson runs the estimator lab: histograms are drawn, the four
// variance figures appear, and the reparameterized (pathwise) variances are
// the smaller ones; Optimize runs both SGD paths. It plays the graphs'
// backward pass, drags the ε-to-z cloud, and screenshots every widget.
func TestReparamLesson(t *testing.T) {
	p := e2e.Open(t, "/lessons/reparameterization")
	const lab = `[data-widget="estimator-lab"]`
	p.WaitJS(`(() => { const s = document.querySelector('[data-widget="estimator-lab"] [role="status"]'); return !!s && /2000 of 2000/.test(s.textContent); })()`, 60*time.Second)
	for _, h := range []string{"score-mu", "path-mu", "score-sigma", "path-sigma"} {
		css := fmt.Sprintf(`%s canvas[id$=%q]`, lab, "-"+h)
		if n := inkPixels(p, css); n < 200 {
			t.Errorf("histogram %s looks blank (%d drawn pixels)", h, n)
		}
	}
	v := map[string]float64{}
	for _, k := range []string{"score-mu", "path-mu", "score-sigma", "path-sigma"} {
		txt := p.Text(fmt.Sprintf(`%s td[data-est=%q]`, lab, k))
		f, err := strconv.ParseFloat(txt, 64)
		if err != nil {
			t.Fatalf("variance %s is %q", k, txt)
		}
		v[k] = f
	}
	t.Logf("variances (K = 10): ∂μ score %.4g, pathwise %.4g; ∂σ score %.4g, pathwise %.4g", v["score-mu"], v["path-mu"], v["score-sigma"], v["path-sigma"])
	if !(v["path-mu"] < v["score-mu"]) || !(v["path-sigma"] < v["score-sigma"]) {
		t.Errorf("the reparameterized variance shown is not the smaller: %v", v)
	}
	if !regexp.MustCompile(`(?i)variance`).MatchString(p.Text(lab + ` table`)) {
		t.Error("the variance figures are not labelled as variances")
	}

	clickIn(t, p, "estimator-lab", "Optimize")
	p.WaitJS(`/SGD step 300/.test(document.querySelector('[data-widget="estimator-lab"] [role="status"]').textContent)`, 60*time.Second)
	t.Logf("estimator lab: %s", p.Text(lab+` [role="status"]`))
	if lt := p.LongTasks(); len(lt) > 0 {
		t.Logf("main-thread long tasks so far (ms): %v", lt)
	}
	shootWidget(t, p, widgetFrame(p, "estimator-lab"), "reparam-estimator-lab")

	// Two graphs: play the backward pass to its end.
	clickIn(t, p, "two-graphs", "Play backward")
	waitStill(t, p, `[data-widget="two-graphs"] canvas`, 30*time.Second) // the animation has ended
	if txt := p.Text(`[data-widget="two-graphs"]`); !regexp.MustCompile(`stops`).MatchString(txt) {
		t.Errorf("two-graphs does not say where the gradient stops: %q", txt)
	}
	shootWidget(t, p, widgetFrame(p, "two-graphs"), "reparam-two-graphs")

	// ε → z: drag the cloud; μ in the read-out must change.
	zc := `[data-widget="eps-to-z"] canvas[aria-label^="z space"]`
	e2e.Eval[bool](p, fmt.Sprintf(`(() => { document.querySelector(%q).scrollIntoView({block: "center"}); return true; })()`, zc))
	r := e2e.Eval[mapRect](p, fmt.Sprintf(`(() => { const r = document.querySelector(%q).getBoundingClientRect(); return {X: r.left, Y: r.top, W: r.width, H: r.height}; })()`, zc))
	before := p.Text(`[data-widget="eps-to-z"] .ll-readout`)
	x0, y0 := r.X+0.62*r.W, r.Y+0.44*r.H
	p.Do(chromedp.MouseEvent(chromedp.MouseMoved, x0, y0),
		chromedp.MouseEvent(chromedp.MousePressed, x0, y0, chromedp.Button("left")),
		chromedp.MouseEvent(chromedp.MouseMoved, r.X+0.3*r.W, r.Y+0.7*r.H, chromedp.Button("left")),
		chromedp.MouseEvent(chromedp.MouseReleased, r.X+0.3*r.W, r.Y+0.7*r.H, chromedp.Button("left")))
	if after := p.Text(`[data-widget="eps-to-z"] .ll-readout`); after == before {
		t.Errorf("dragging the z-space cloud did not move μ: %q", after)
	}
	shootWidget(t, p, widgetFrame(p, "eps-to-z"), "reparam-eps-to-z")
	p.NoConsoleErrors()
}

// waitStill waits until the canvas matching css looks the same before and
// after ten animation frames: whatever animates it has stopped.
func waitStill(t *testing.T, p *e2e.Page, css string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for h := p.CanvasHash(css); ; {
		p.WaitFrames(10)
		next := p.CanvasHash(css)
		if next == h {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s still changes after %v", css, timeout)
		}
		h = next
	}
}
