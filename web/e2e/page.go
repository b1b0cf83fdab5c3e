package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// This file holds the helpers a test calls on an open Page: evaluate,
// click, read, wait, screenshot, console and long tasks.

// Eval evaluates a JavaScript expression and decodes its value into T.
func Eval[T any](p *Page, expr string) T {
	p.T.Helper()
	defer p.profile("eval", time.Now(), oneLine(expr))
	ctx, cancel := context.WithTimeout(p.Ctx, Timeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		p.T.Fatalf("evaluate %s: %v", oneLine(expr), err)
	}
	return v
}

// Do runs chromedp actions in the tab (for anything the helpers lack).
func (p *Page) Do(actions ...chromedp.Action[chromedp.Void]) {
	p.T.Helper()
	ctx, cancel := context.WithTimeout(p.Ctx, Timeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.T.Fatal(err)
	}
}

// findButtonJS returns the first visible, enabled button (or role=button)
// whose accessible name is exactly name: aria-label, else its text.
const findButtonJS = `(name) => {
  const els = document.querySelectorAll("button, [role=button], input[type=button], input[type=submit]");
  for (const el of els) {
    const label = (el.getAttribute("aria-label") || el.value || el.textContent || "").trim().replace(/\s+/g, " ");
    if (label !== name) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    return el;
  }
  return null;
}`

// HasButton reports whether a visible button with this accessible name exists.
func (p *Page) HasButton(name string) bool {
	p.T.Helper()
	return Eval[bool](p, fmt.Sprintf(`(%s)(%q) !== null`, findButtonJS, name))
}

// Click waits for the button with accessible name name (e.g. "Train") to be
// present and enabled, then clicks it with a real mouse event.
func (p *Page) Click(name string) {
	p.T.Helper()
	p.WaitJS(fmt.Sprintf(`(() => { const b = (%s)(%q); return !!b && !b.disabled && b.getAttribute("aria-disabled") !== "true"; })()`, findButtonJS, name), Timeout)
	// Mark the element so a CSS selector can address it, then click it.
	mark := fmt.Sprintf("e2e-%d", time.Now().UnixNano())
	Eval[bool](p, fmt.Sprintf(`(() => { const b = (%s)(%q); b.setAttribute("data-e2e", %q); b.scrollIntoView({block: "center"}); return true; })()`, findButtonJS, name, mark))
	p.ClickStill(fmt.Sprintf(`[data-e2e=%q]`, mark))
}

// stillJS is true (a Promise) when the element matching css is on the page
// and has not moved over two animation frames.
func stillJS(css string) string {
	return fmt.Sprintf(`new Promise(r => { const e = document.querySelector(%q); if (!e) return r(false);
  const at = () => { const b = e.getBoundingClientRect(); return [b.x, b.y, b.width, b.height].join(); }, a = at();
  requestAnimationFrame(() => requestAnimationFrame(() => r(e.isConnected && at() === a))); })`, css)
}

// ClickStill clicks the element matching css with a real mouse event once
// it has stopped moving: a page still laying out (widgets waking, fonts,
// canvases taking their size) moves what is below, and a click aimed at
// where a button was lands beside it.
func (p *Page) ClickStill(css string) {
	p.T.Helper()
	p.WaitJS(stillJS(css), Timeout)
	p.Do(chromedp.Click(chromedp.CSS(css)))
}

// Text returns the text of the first element that matches a CSS selector
// ("" when none does).
func (p *Page) Text(css string) string {
	p.T.Helper()
	return Eval[string](p, fmt.Sprintf(`(() => { const e = document.querySelector(%q); return e ? e.innerText : ""; })()`, css))
}

// Status returns the text of the role=status region with aria-label label
// (e.g. "Training status").
func (p *Page) Status(label string) string {
	p.T.Helper()
	return p.Text(fmt.Sprintf(`[role="status"][aria-label=%q]`, label))
}

// WaitText waits until the element matching css contains substr and
// returns its text.
func (p *Page) WaitText(css, substr string) string {
	p.T.Helper()
	p.WaitJS(fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.innerText.includes(%q); })()`, css, substr), Timeout)
	return p.Text(css)
}

// WaitBodyText waits until the page's text contains substr.
func (p *Page) WaitBodyText(substr string) {
	p.T.Helper()
	p.WaitJS(fmt.Sprintf(`document.body.innerText.includes(%q)`, substr), Timeout)
}

// Exists reports whether a CSS selector matches an element.
func (p *Page) Exists(css string) bool {
	p.T.Helper()
	return Eval[bool](p, fmt.Sprintf(`document.querySelector(%q) !== null`, css))
}

// CanvasHash returns a hash of the pixels of the canvas matching css, so a
// test can tell whether a drawing changed.
func (p *Page) CanvasHash(css string) string {
	p.T.Helper()
	data := Eval[string](p, fmt.Sprintf(`(() => {
  const c = document.querySelector(%q);
  if (!c || !c.width || !c.height) return "";
  const ctx = c.getContext("2d");
  if (!ctx) return c.toDataURL();
  const d = ctx.getImageData(0, 0, c.width, c.height).data;
  let h = 2166136261 >>> 0, s = "";
  for (let i = 0; i < d.length; i++) { h ^= d[i]; h = Math.imul(h, 16777619) >>> 0; }
  return c.width + "x" + c.height + ":" + h.toString(16);
})()`, css))
	if data == "" {
		p.T.Fatalf("no drawable canvas matches %s", css)
	}
	sum := sha256.Sum256([]byte(data))
	return hex.EncodeToString(sum[:8])
}

// OutDir is where screenshots go (web/e2e/out, git-ignored).
func OutDir() string { return filepath.Join(Root(), "web", "e2e", "out") }

// Screenshot saves the page as web/e2e/out/NAME.png and returns its path:
// the whole page, or with E2E_SHOTS=viewport (make test) the viewport as it
// stands (1280 × 900 unless the test set another size). A whole lesson page takes Chromium seconds to render
// and encode (measured 14–20 s against 0.3–0.5 s for the viewport on a busy
// 2-core machine), and no test reads the picture: it is there to be looked
// at, so a run for that (go test -run …) keeps the default.
func (p *Page) Screenshot(name string) string {
	p.T.Helper()
	defer p.profile("shot", time.Now(), name)
	ctx, cancel := context.WithTimeout(p.Ctx, Timeout)
	defer cancel()
	shot := chromedp.FullScreenshot(100)
	if os.Getenv("E2E_SHOTS") == "viewport" {
		shot = chromedp.CaptureScreenshot()
	}
	buf, err := chromedp.Run(ctx, shot)
	if err != nil {
		p.T.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.MkdirAll(OutDir(), 0o755); err != nil {
		p.T.Fatal(err)
	}
	file := filepath.Join(OutDir(), name+".png")
	if err := os.WriteFile(file, buf, 0o644); err != nil {
		p.T.Fatal(err)
	}
	return file
}

// Console returns the console messages so far.
func (p *Page) Console() []chromedp.ConsoleMessage {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]chromedp.ConsoleMessage(nil), p.console...)
}

// ConsoleErrors returns the console errors and uncaught exceptions so far.
func (p *Page) ConsoleErrors() []string {
	var out []string
	for _, m := range p.Console() {
		if m.Type == chromedp.ConsoleError || m.IsException() {
			out = append(out, fmt.Sprintf("%s %s:%d: %s", m.Type, m.URL, m.Line+1, m.Text))
		}
	}
	return out
}

// NoConsoleErrors fails the test when the page logged an error or threw.
func (p *Page) NoConsoleErrors() {
	p.T.Helper()
	p.WaitFrames(3) // what the page was doing has run: its messages are in
	if errs := p.ConsoleErrors(); len(errs) > 0 {
		p.T.Errorf("console errors on %s:\n  %s", p.Location(), strings.Join(errs, "\n  "))
	}
}

func (p *Page) consoleDump() string {
	msgs := p.Console()
	if len(msgs) == 0 {
		return "(no console output)"
	}
	if len(msgs) > 30 {
		msgs = msgs[len(msgs)-30:]
	}
	var b strings.Builder
	b.WriteString("console (last messages):\n")
	for _, m := range msgs {
		fmt.Fprintf(&b, "  %s: %s\n", m.Type, m.Text)
	}
	return b.String()
}

// Location returns the tab's current URL.
func (p *Page) Location() string {
	ctx, cancel := context.WithTimeout(p.Ctx, Timeout)
	defer cancel()
	u, _ := chromedp.Run(ctx, chromedp.Location())
	return u
}

// ResetLongTasks forgets the long tasks recorded so far.
func (p *Page) ResetLongTasks() {
	p.T.Helper()
	Eval[bool](p, `(window.__longtasks = [], true)`)
}

// LongTasks returns the durations (ms) of the main-thread long tasks
// recorded since the page loaded or since ResetLongTasks.
func (p *Page) LongTasks() []float64 {
	p.T.Helper()
	return Eval[[]float64](p, `window.__longtasks || []`)
}

// WaitFrames waits until the page has drawn n more animation frames. It is
// no proof that a result is shown: go-app renders on its own timer, and the
// widgets' shared frame queue (kit.Frame) spreads draws over later frames
// when a loaded machine makes each draw slow. To look at a result, wait for
// it (WaitJS, WaitCanvasChange, WaitStep); WaitFrames suits screenshots and
// "nothing more happens" checks.
func (p *Page) WaitFrames(n int) {
	p.T.Helper()
	Eval[bool](p, fmt.Sprintf(`new Promise(r => { let k = %d; const f = () => (--k <= 0 ? r(true) : requestAnimationFrame(f)); requestAnimationFrame(f); })`, max(n, 1)))
}

// WaitCanvasChange waits until the canvas matching css no longer has the
// pixels hashed as before (CanvasHash) and returns the new hash.
func (p *Page) WaitCanvasChange(css, before string, timeout time.Duration) string {
	p.T.Helper()
	deadline := time.Now().Add(timeout)
	for {
		if h := p.CanvasHash(css); h != before {
			return h
		}
		if time.Now().After(deadline) {
			p.T.Fatalf("the canvas %s did not change within %v", css, timeout)
		}
		p.WaitFrames(2)
	}
}

// stepJS is a JavaScript expression for the step count N of the first
// "step N" in the text of the element matching css (-1 when none).
func stepJS(css string) string {
	return fmt.Sprintf(`(() => { const e = document.querySelector(%q); const m = e && /step ([0-9,]+)/.exec(e.textContent);
		return m ? +m[1].replace(/,/g, "") : -1; })()`, css)
}

// WaitStep waits until the status matching css says "step N" with N ≥ n and
// returns its text.
func (p *Page) WaitStep(css string, n int, timeout time.Duration) string {
	p.T.Helper()
	p.WaitJS(fmt.Sprintf(`%s >= %d`, stepJS(css), n), timeout)
	return p.Text(css)
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return s
}
