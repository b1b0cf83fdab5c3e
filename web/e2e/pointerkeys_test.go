package e2e

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"
)

// focusCanvas checks that the element matching css is in the Tab order
// (tabindex ≥ 0), scrolls it into view and focuses it.
func (p *Page) focusCanvas(css string) {
	p.T.Helper()
	p.WaitJS(fmt.Sprintf(`!!document.querySelector(%q)`, css), 60*time.Second)
	if ti := Eval[int](p, fmt.Sprintf(`document.querySelector(%q).tabIndex`, css)); ti < 0 {
		p.T.Fatalf("%s is not in the Tab order (tabIndex %d)", css, ti)
	}
	Eval[bool](p, fmt.Sprintf(`(e => (e.scrollIntoView({block: "center", behavior: "instant"}), e.focus(), document.activeElement === e))(document.querySelector(%q))`, css))
	p.WaitJS(fmt.Sprintf(`document.activeElement === document.querySelector(%q)`, css), 5*time.Second)
}

// waitSaid waits until the live region matching css says something other
// than before that contains want, and returns it.
func (p *Page) waitSaid(css, before, want string) string {
	p.T.Helper()
	p.WaitJS(fmt.Sprintf(`(e => !!e && e.textContent !== %q && e.textContent.includes(%q))(document.querySelector(%q))`, before, want, css), 20*time.Second)
	return p.Text(css)
}

// liveRegion is the polite announcement region inside widget frame name.
func liveRegion(name string) string {
	return fmt.Sprintf(`[data-widget=%q] .ll-sr-only[aria-live="polite"]`, name)
}

var zPair = regexp.MustCompile(`z = \((−?[0-9.]+), (−?[0-9.]+)\)`)

// zOf reads the pair after "z = (" in an announcement (− is U+2212).
func zOf(t *testing.T, s string) (float64, float64) {
	t.Helper()
	m := zPair.FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no z = (x, y) in %q", s)
	}
	num := func(v string) float64 {
		f, err := strconv.ParseFloat(strings.ReplaceAll(v, "−", "-"), 64)
		if err != nil {
			t.Fatalf("bad number %q in %q", v, s)
		}
		return f
	}
	return num(m[1]), num(m[2])
}

// TestInterpolationByKeyboard: the interpolation map's ends A and B, drag
// only before, move with the keys: B picks the end, the arrow keys move it,
// the path redraws and the live region says where B is and what it decodes
// to.
func TestInterpolationByKeyboard(t *testing.T) {
	p := Open(t, "/lessons/vae")
	const w = "interpolation"
	mapCSS := `[data-widget="interpolation"] canvas[aria-roledescription="latent map"]`
	path := `[data-widget="interpolation"] canvas[aria-label*="decoded along"]`
	p.WaitJS(`(e => !!e && !/Loading/.test(e.textContent))(document.querySelector('[data-widget="interpolation"] [id$="-caption"]'))`, 90*time.Second)
	p.focusCanvas(mapCSS)
	before := p.CanvasHash(path)
	p.press("b")
	said := p.waitSaid(liveRegion(w), "", "B at z = (")
	bx, by := zOf(t, said)
	// Three steps towards the centre and one up (rng/20 each).
	key, sign := kb.ArrowLeft, -1.0
	if bx < 0 {
		key, sign = kb.ArrowRight, 1
	}
	for range 3 {
		p.press(key)
	}
	p.press(kb.ArrowUp)
	p.WaitCanvasChange(path, before, 10*time.Second)
	// Announcements are paced: wait for the one of the last press.
	p.WaitJS(fmt.Sprintf(`(e => { const m = /B at z = \((−?[0-9.]+), (−?[0-9.]+)\)/.exec(e.textContent); if (!m) return false;
	  const n = s => parseFloat(s.replace("−", "-")); return %g * (n(m[1]) - %g) > 0.3 && n(m[2]) > %g; })(document.querySelector(%q))`, sign, bx, by, liveRegion(w)), 10*time.Second)
	said = p.Text(liveRegion(w))
	x, y := zOf(t, said)
	t.Logf("B moved from (%g, %g) to (%g, %g); the map says %q", bx, by, x, y, said)
	if !strings.Contains(said, "looks like a ") && !strings.Contains(said, "nearest held-out digit a ") {
		t.Errorf("the interpolation map says %q, want what B decodes to", said)
	}
	p.press("a")
	p.waitSaid(liveRegion(w), said, "A at z = (")
	p.WaitFrames(2)
	p.shotAround(`[data-widget="interpolation"]`, 4, "interp-keyboard")
	p.NoConsoleErrors()
}

// TestEpsCanvasByKeyboard: the ε canvas of the reparameterization page,
// click only before, rings a point with the arrow keys, says where it is and
// where it lands in z, and the z canvas's keys say μ and σ.
func TestEpsCanvasByKeyboard(t *testing.T) {
	p := Open(t, "/lessons/reparameterization")
	const w = "eps-to-z"
	eps := `[data-widget="eps-to-z"] canvas[aria-label^="Epsilon space"]`
	p.focusCanvas(eps)
	before := p.CanvasHash(eps)
	p.press(kb.ArrowRight)
	said := p.waitSaid(liveRegion(w), "", "Ringed point ε = (")
	p.WaitCanvasChange(eps, before, 10*time.Second)
	first := said
	// The ring moves right: its ε₁ grows.
	e1 := func(s string) float64 {
		m := regexp.MustCompile(`ε = \((−?[0-9.]+),`).FindStringSubmatch(s)
		if m == nil {
			t.Fatalf("no ε in %q", s)
		}
		f, _ := strconv.ParseFloat(strings.ReplaceAll(m[1], "−", "-"), 64)
		return f
	}
	p.press(kb.ArrowRight)
	said = p.waitSaid(liveRegion(w), first, "Ringed point ε = (")
	if e1(said) <= e1(first) {
		t.Errorf("ArrowRight moved the ring from %q to %q: ε₁ did not grow", first, said)
	}
	p.focusCanvas(`[data-widget="eps-to-z"] canvas[aria-label^="z space"]`)
	p.press(kb.ArrowUp)
	said = p.waitSaid(liveRegion(w), said, "μ = (")
	t.Logf("the ε canvas says %q, then the z canvas %q", first, said)
	p.NoConsoleErrors()
}

// TestProbeAnnounced: the CAE lab's probe, moved with the keys, is
// announced with the flatness of the Jacobian under both models.
func TestProbeAnnounced(t *testing.T) {
	p := Open(t, "/lessons/cae")
	// The lab's own region (the training session has one too).
	const say = `[data-widget="contraction-lab"] .ll-sr-only[id^="cl-"][id$="-say"]`
	field := `[data-widget="contraction-lab"] canvas[aria-label^="Reconstruction field"]`
	// The lab's engine starts as the reader scrolls to it.
	p.ScrollTo(`[data-widget="contraction-lab"]`)
	p.WaitJS(`(e => !!e && !e.textContent.includes("—"))(document.querySelector('[data-widget="contraction-lab"] [id$="-sv-cae"]'))`, 90*time.Second)
	p.focusCanvas(field)
	p.press(kb.ArrowRight)
	said := p.waitSaid(say, "", "Probe at (")
	for range 5 {
		p.press(kb.ArrowUp)
	}
	// The newest position is said once the gap is over: 0.25 above the first
	// (0.05 a press; the field ends at 1.7), in the read-out and in the
	// region alike. The read-out is drawn in a later animation frame, so the
	// test waits for the position the five presses lead to, not for a count
	// of frames (under load the shared frame queue runs late).
	probe := `[data-widget="contraction-lab"] [id$="-probe"]`
	p.WaitJS(fmt.Sprintf(`((say, probe, first) => {
	  const pos = s => { const m = /\((-?[0-9.]+), (-?[0-9.]+)\)/.exec(s || ""); return m ? [+m[1], +m[2]] : null; };
	  const a = pos(first), b = pos(probe && probe.textContent);
	  return !!say && !!a && !!b && Math.abs(b[0] - a[0]) < 0.011 && Math.abs(b[1] - Math.min(a[1] + 0.25, 1.7)) < 0.011 &&
	    say.textContent.includes("Probe at " + probe.textContent); })(document.querySelector(%q), document.querySelector(%q), %q)`,
		say, probe, said), 20*time.Second)
	said = p.Text(say)
	if !strings.Contains(said, "AE σ₂/σ₁ = ") || !strings.Contains(said, "CAE σ₂/σ₁ = ") {
		t.Errorf("the lab says %q, want σ₂/σ₁ under both models", said)
	}
	t.Logf("the lab says %q", said)
	p.NoConsoleErrors()
}
