package e2e

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// inMain is a JavaScript expression: the focus is on an element inside the
// main landmark (not on <main> itself).
const inMain = `(a => !!a && a.id !== "main" && !!document.getElementById("main") && document.getElementById("main").contains(a))(document.activeElement)`

// TestSkipAndContentsLinksMoveFocus: Enter on the skip link puts the focus on
// the main content, so the next Tab goes into it (not back to the header);
// Enter on a table-of-contents link puts it on that heading, so the next Tab
// goes on from the section.
func TestSkipAndContentsLinksMoveFocus(t *testing.T) {
	p := Open(t, "/lessons/vae")
	p.WaitJS(`!!document.querySelector("nav.toc a")`, 60*time.Second)
	// Every block has woken: a widget that replaces its placeholder while
	// the test tabs would move what "the next control" is.
	p.WaitJS(`!document.querySelector(".widget-placeholder, .quiz-preview")`, 90*time.Second)
	p.Settle(30 * time.Second)

	p.press(kb.Tab)
	if !Eval[bool](p, `document.activeElement.classList.contains("skip-link")`) {
		t.Fatalf("the first Tab reached %s, want the skip link", p.focusName())
	}
	p.press(kb.Enter)
	p.WaitJS(`document.activeElement === document.getElementById("main")`, 5*time.Second)
	p.press(kb.Tab)
	if !Eval[bool](p, inMain) {
		t.Errorf("Tab after the skip link reached %s, want the main content", p.focusName())
	}

	// The third entry of the contents (not the first: it may sit right
	// after the contents in the Tab order anyway).
	link := `nav.toc li:nth-of-type(3) a`
	target := Eval[string](p, fmt.Sprintf(`document.querySelector(%q).hash.slice(1)`, link))
	Eval[bool](p, fmt.Sprintf(`(document.querySelector(%q).focus(), true)`, link))
	p.press(kb.Enter)
	p.WaitJS(fmt.Sprintf(`document.activeElement.id === %q`, target), 5*time.Second)
	p.WaitFrames(5) // the navigation to the fragment has finished scrolling
	if !Eval[bool](p, fmt.Sprintf(`document.activeElement.id === %q`, target)) {
		t.Fatalf("focus left the heading #%s for %s before any key was pressed", target, p.focusName())
	}
	p.press(kb.Tab)
	after := Eval[bool](p, fmt.Sprintf(`(h => !!h && !!(h.compareDocumentPosition(document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING))(document.getElementById(%q))`, target))
	if !after || !Eval[bool](p, inMain) {
		t.Errorf("Tab after the contents link to #%s reached %s, want the next control of that section", target, p.focusName())
	}
	p.NoConsoleErrors()
}

// focusRing is one control type and where to find one.
type focusRing struct {
	name, path, css string
	prepare         string // JavaScript run first ("" for none)
}

// TestFocusRingShots focuses each control type with the keyboard's focus
// style (:focus-visible) in both themes, checks that it draws a visible ring
// (an outline at least 2 px wide, 3:1 against the page) and writes a
// screenshot of the control and its surroundings to web/e2e/out/focus-*.png.
func TestFocusRingShots(t *testing.T) {
	openCode := `(d => (d && (d.open = true), true))(document.querySelector('[data-widget="vae-trainer"] details.ll-code'))`
	controls := []focusRing{
		{"button", "/lessons/vae", `[data-widget="vae-trainer"] button`, ""},
		{"link", "/lessons/vae", `nav.toc a`, ""},
		{"slider", "/lessons/vae", `[data-widget="latent-explorer"] input[type=range]`, ""},
		{"select", "/lessons/reparameterization", `[data-widget="eps-to-z"] select`, ""},
		{"checkbox", "/about", `input[type=checkbox]`, ""},
		{"canvas", "/lessons/vae", `[data-widget="latent-explorer"] canvas[tabindex="0"]`, ""},
		{"tab", "/lessons/vae", `[data-widget="vae-trainer"] [role=tab][aria-selected=true]`, openCode},
	}
	var p *Page
	at := ""
	for _, c := range controls {
		if c.path != at {
			p, at = Open(t, c.path), c.path
		}
		p.WaitJS(fmt.Sprintf(`(%s, !!document.querySelector(%q))`, orTrue(c.prepare), c.css), 60*time.Second)
		for _, theme := range []string{"light", "dark"} {
			Eval[bool](p, fmt.Sprintf(`(document.documentElement.setAttribute("data-theme", %q), true)`, theme))
			Eval[bool](p, fmt.Sprintf(`(e => (e.scrollIntoView({block: "center", behavior: "instant"}), e.focus(), true))(document.querySelector(%q))`, c.css))
			p.WaitJS(fmt.Sprintf(`document.activeElement === document.querySelector(%q) && document.activeElement.matches(":focus-visible")`, c.css), 5*time.Second)
			p.WaitFrames(2)
			ring := Eval[ringStyle](p, ringJS)
			if ring.Style == "none" || ring.Width < 2 || ring.Contrast < 3 {
				t.Errorf("%s (%s theme, %s): focus ring %+v, want an outline ≥ 2 px at ≥ 3:1 against the page", c.name, theme, c.css, ring)
			}
			p.shotAround(c.css, 14, fmt.Sprintf("focus-%s-%s", c.name, theme))
		}
	}
}

func orTrue(js string) string {
	if js == "" {
		return "true"
	}
	return js
}

// ringStyle is the focused element's outline and its contrast with the
// page background.
type ringStyle struct {
	Style    string
	Width    float64
	Color    string
	Contrast float64
}

// ringJS reads ringStyle of the focused element (the background is the
// nearest ancestor's opaque background colour).
const ringJS = `(() => {
  const a = document.activeElement, s = getComputedStyle(a);
  const rgb = c => (c.match(/[\d.]+/g) || []).map(Number);
  const lum = c => { const v = rgb(c).slice(0, 3).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
  let bg = "rgb(255, 255, 255)";
  for (let e = a.parentElement; e; e = e.parentElement) { const b = getComputedStyle(e).backgroundColor, v = rgb(b);
    if (v.length === 3 || (v.length === 4 && v[3] > 0.9)) { bg = b; break; } }
  const l1 = lum(s.outlineColor), l2 = lum(bg);
  return {Style: s.outlineStyle, Width: parseFloat(s.outlineWidth) || 0, Color: s.outlineColor,
    Contrast: (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05)};
})()`

// shotAround writes a PNG of the element matching css with pad CSS pixels
// around it (the ring is drawn outside the element) to web/e2e/out/NAME.png.
func (p *Page) shotAround(css string, pad float64, name string) {
	p.T.Helper()
	r := Eval[struct{ X, Y, W, H float64 }](p, fmt.Sprintf(`(r => ({X: r.left + scrollX, Y: r.top + scrollY, W: r.width, H: r.height}))(document.querySelector(%q).getBoundingClientRect())`, css))
	clip := &page.Viewport{X: math.Max(r.X-pad, 0), Y: math.Max(r.Y-pad, 0), Width: r.W + 2*pad, Height: r.H + 2*pad, Scale: 2}
	ctx, cancel := context.WithTimeout(p.Ctx, Timeout)
	defer cancel()
	yes := true
	buf, err := chromedp.Run(ctx, chromedp.Action[[]byte](func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		res, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Format: page.CaptureScreenshotFormatPng, CaptureBeyondViewport: &yes, Clip: clip})
		return res.Data, err
	}))
	if err != nil {
		p.T.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.MkdirAll(OutDir(), 0o755); err != nil {
		p.T.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(OutDir(), name+".png"), buf, 0o644); err != nil {
		p.T.Fatal(err)
	}
}
