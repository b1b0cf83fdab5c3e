package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"latentlab/web/e2e"
)

const graphsWidget = `[data-widget="two-graphs"]`

// graphTrace is the traced step the graphs show (their table's data-trace).
type graphTrace struct {
	Mu, LogVar, Sigma, Eps, Z, GradZ []float64
	Recon, KL                        float64
	Label, Step                      int
}

// liveGraphs is what the two-graphs widget shows of its traced step: the
// full-precision trace and each table row's value text.
type liveGraphs struct {
	Trace string
	Rows  map[string]string
}

const liveGraphsJS = `(() => {
  const t = document.querySelector('[data-widget="two-graphs"] table.tg-values');
  if (!t || !t.dataset.trace) return null;
  const rows = {};
  for (const r of t.querySelectorAll("tr[data-q]")) rows[r.dataset.q] = r.querySelector("td .tg-value").textContent;
  return {Trace: t.dataset.trace, Rows: rows};
})()`

// readGraphs waits for the graphs' traced step whose ε differs from
// notEps (nil: any) and returns it with the table.
func readGraphs(t *testing.T, p *e2e.Page, notEps []float64) (graphTrace, map[string]string) {
	t.Helper()
	old, _ := json.Marshal(notEps)
	p.WaitJS(fmt.Sprintf(`(() => { const t = document.querySelector('[data-widget="two-graphs"] table.tg-values');
	  return !!t && !!t.dataset.trace && JSON.stringify(JSON.parse(t.dataset.trace).Eps) !== %q; })()`, string(old)), 90*time.Second)
	l := e2e.Eval[liveGraphs](p, liveGraphsJS)
	var g graphTrace
	if err := json.Unmarshal([]byte(l.Trace), &g); err != nil {
		t.Fatalf("data-trace %q: %v", l.Trace, err)
	}
	return g, l.Rows
}

var numberRE = regexp.MustCompile(`−?[0-9]+(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?`)

// shownVector parses "(0.523, −1.3)" as the table writes a vector.
func shownVector(t *testing.T, s string) []float64 {
	t.Helper()
	var v []float64
	for _, m := range numberRE.FindAllString(s, -1) {
		f, err := strconv.ParseFloat(strings.Replace(m, "−", "-", 1), 64)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		v = append(v, f)
	}
	return v
}

// sameShown reports whether shown is want written with the table's
// precision (one decimal from 1, three significant digits below).
func sameShown(shown, want []float64) bool {
	if len(shown) != len(want) {
		return false
	}
	for i := range want {
		tol := 0.051
		if math.Abs(want[i]) < 1 {
			tol = 0.0051 * math.Abs(want[i]) // three significant digits
		}
		if math.Abs(shown[i]-want[i]) > tol {
			return false
		}
	}
	return true
}

// TestTwoGraphsLive: on /lessons/reparameterization the computation graphs
// carry the pretrained VAE's traced step. The table's values are the
// trace's, the trace is consistent (z = μ + σ·ε, σ = exp(½ log σ²), ∂L/∂σ
// = ∂L/∂z ⊙ ε), its μ is the posterior the page computes by itself for the
// same digit (eps-to-z, decoded locally), the live graphs draw their
// numbers, Draw another ε (pressed from the keyboard) moves z and not μ,
// and with prefers-reduced-motion a pass is shown at once. Screenshots at
// 1280 and 400 px.
func TestTwoGraphsLive(t *testing.T) {
	p := e2e.Open(t, "/lessons/reparameterization")
	e2e.Eval[bool](p, `(document.querySelector('[data-widget="two-graphs"]').scrollIntoView({block: "start"}), true)`)
	g, rows := readGraphs(t, p, nil)
	t.Logf("traced step %d on a held-out %d: μ %v σ %v ε %v z %v, −log p(x|z) %.4g, KL %.4g, ∂L/∂z %v", g.Step, g.Label, g.Mu, g.Sigma, g.Eps, g.Z, g.Recon, g.KL, g.GradZ)
	if len(g.Mu) != 2 || !(g.Recon > 0) || !(g.KL > 0) {
		t.Fatalf("not a 2-D VAE's step: %+v", g)
	}
	gradSigma := make([]float64, 2)
	for i := range g.Mu {
		if z := g.Mu[i] + g.Sigma[i]*g.Eps[i]; math.Abs(z-g.Z[i]) > 1e-5*math.Max(1, math.Abs(z)) {
			t.Errorf("z[%d] = %v, but μ + σ·ε = %v", i, g.Z[i], z)
		}
		if s := math.Exp(g.LogVar[i] / 2); math.Abs(s-g.Sigma[i]) > 1e-5*s {
			t.Errorf("σ[%d] = %v, but exp(½ log σ²) = %v", i, g.Sigma[i], s)
		}
		gradSigma[i] = g.GradZ[i] * g.Eps[i]
	}
	for key, want := range map[string][]float64{"mu": g.Mu, "sigma": g.Sigma, "logvar": g.LogVar, "eps": g.Eps, "z": g.Z,
		"grad-z": g.GradZ, "grad-mu": g.GradZ, "grad-sigma": gradSigma, "recon": {g.Recon}, "kl": {g.KL}} {
		if got := shownVector(t, rows[key]); !sameShown(got, want) {
			t.Errorf("table row %s shows %q, the trace has %v", key, rows[key], want)
		}
	}

	// The live graphs draw their numbers: the values' blue is on the canvas.
	for i := range 2 {
		css := fmt.Sprintf(`%s figure:nth-of-type(%d) canvas`, graphsWidget, i+1)
		if n := colourPixels(p, css, 0x00, 0x5a, 0x8c); n < 150 {
			t.Errorf("graph %d draws %d pixels of the values' colour: no numbers on it", i+1, n)
		}
	}

	// The same μ by another road: eps-to-z decodes the first held-out digit
	// of that label with the page's own copy of the model.
	e2e.Eval[bool](p, fmt.Sprintf(`(() => { const s = document.querySelector('[data-widget="eps-to-z"] select');
	  s.value = "%d"; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`, g.Label))
	post := p.WaitText(`[data-widget="eps-to-z"]`, fmt.Sprintf("first held-out %d", g.Label))
	m := regexp.MustCompile(`μ = \(([−-]?[0-9.]+), ([−-]?[0-9.]+)\)`).FindStringSubmatch(post)
	if m == nil {
		t.Fatalf("eps-to-z shows no posterior mean: %q", post)
	}
	for i := range 2 {
		f, err := strconv.ParseFloat(strings.Replace(m[i+1], "−", "-", 1), 64)
		if err != nil {
			t.Fatalf("eps-to-z's μ %q: %v", m[i+1], err)
		}
		if math.Abs(f-g.Mu[i]) > 0.006 {
			t.Errorf("μ[%d]: the graphs' trace %v, eps-to-z's posterior %v", i, g.Mu[i], f)
		}
	}

	// Draw another ε from the keyboard: the same digit and weights (μ
	// unchanged), a new ε, z = μ + σ·ε moves.
	e2e.Eval[bool](p, `(() => { const b = [...document.querySelectorAll('[data-widget="two-graphs"] button')].find(b => b.textContent === "Draw another ε");
	  b.scrollIntoView({block: "center"}); b.focus(); return document.activeElement === b; })()`)
	p.Do(chromedp.KeyEvent(kb.Enter))
	g2, _ := readGraphs(t, p, g.Eps)
	if fmt.Sprint(g2.Mu) != fmt.Sprint(g.Mu) || fmt.Sprint(g2.Z) == fmt.Sprint(g.Z) {
		t.Errorf("another ε: μ %v → %v (want unchanged), z %v → %v (want moved)", g.Mu, g2.Mu, g.Z, g2.Z)
	}
	shootWidget(t, p, widgetFrame(p, "two-graphs"), "two-graphs-live-1280")

	// prefers-reduced-motion: Play forward shows the whole pass at once.
	p.Do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}})
		return err
	}))
	canvas := graphsWidget + ` figure:nth-of-type(2) canvas`
	before := p.CanvasHash(canvas)
	clickIn(t, p, "two-graphs", "Play forward")
	at := p.WaitCanvasChange(canvas, before, 10*time.Second)
	p.WaitFrames(20)
	if p.CanvasHash(canvas) != at {
		t.Error("with prefers-reduced-motion the forward pass is still animating")
	}

	p.Do(chromedp.EmulateViewport(400, 900))
	p.WaitJS(`(() => { const c = document.querySelector('[data-widget="two-graphs"] canvas'); return c.clientWidth < 480 && Math.abs(c.width / c.height - 360/355) < 0.02; })()`, 10*time.Second)
	clickIn(t, p, "two-graphs", "Play backward") // at once: motion is still reduced
	p.WaitText(graphsWidget+` [role="status"]`, "backward pass")
	p.WaitFrames(3)
	shootWidget(t, p, widgetFrame(p, "two-graphs"), "two-graphs-live-400")
}

// colourPixels counts the pixels of the canvas css within 40 of (r, g, b).
func colourPixels(p *e2e.Page, css string, r, g, b int) int {
	return e2e.Eval[int](p, fmt.Sprintf(`(() => { const c = document.querySelector(%q); if (!c || !c.width) return -1;
	  const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data; let n = 0;
	  for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i]-%d) + Math.abs(d[i+1]-%d) + Math.abs(d[i+2]-%d) < 40) n++;
	  return n; })()`, css, r, g, b))
}
