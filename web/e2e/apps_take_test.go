package e2e_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"latentlab/web/e2e"
)

// recordDefaultsJS makes the window, the last to see an event, record for
// each event of the types named whether its default was prevented by the
// end of the browser's dispatch.
const recordDefaultsJS = `((types) => { window.__taken = [];
	for (const t of types) window.addEventListener(t, (e) => window.__taken.push(t + ":" + e.defaultPrevented));
	return true; })(%s)`

// centre is the middle of the element css in the viewport, after scrolling
// it into view.
func centre(t *testing.T, p *e2e.Page, css string) (x, y float64) {
	t.Helper()
	e2e.Eval[bool](p, fmt.Sprintf(`(() => { document.querySelector(%q).scrollIntoView({block: "center", behavior: "instant"}); return true; })()`, css))
	r := e2e.Eval[mapRect](p, fmt.Sprintf(`(() => { const r = document.querySelector(%q).getBoundingClientRect(); return {X: r.left, Y: r.top, W: r.width, H: r.height}; })()`, css))
	return r.X + r.W/2, r.Y + r.H/2
}

// wantTaken checks that the window saw the events want, each with its
// default prevented.
func wantTaken(t *testing.T, p *e2e.Page, want ...string) {
	t.Helper()
	p.TryWaitJS(fmt.Sprintf(`window.__taken.length >= %d`, len(want)), 10*time.Second)
	got := e2e.Eval[[]string](p, `window.__taken`)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("the window saw %v; want %v (every default prevented inside the dispatch)", got, want)
	}
}

// TestApplicationsTakeInput presses the applications widgets' inputs in
// their single-widget embeds, where no other widget is on the page: the
// detector's threshold keys (arrows, Home, End: they would scroll the
// page), a press on its drawing pad and on the inpainter's mask (text
// selection), and the right button on the mask (the context menu; it
// shows pixels again). Each must reach the window with its default
// already prevented (kit.TakeKeys, kit.TakePointer, kit.OnDocument), not
// by go-app's handler, which may run after the dispatch.
func TestApplicationsTakeInput(t *testing.T) {
	p := e2e.Open(t, "/embed/applications/detector")
	const det = `[data-widget="anomaly-detector"]`
	hist, pad := det+` canvas[aria-label="Threshold on the score histograms"]`, det+` canvas[aria-label^="Drawing pad"]`
	readout := det + ` [id$="-readout"]`
	p.WaitJS(fmt.Sprintf(`/Step 0 · AUC/.test(document.querySelector(%q).textContent)`, readout), 90*time.Second)
	e2e.Eval[bool](p, fmt.Sprintf(recordDefaultsJS, `["keydown", "pointerdown"]`))
	e2e.Eval[bool](p, fmt.Sprintf(`(() => { document.querySelector(%q).focus({preventScroll: true}); return true; })()`, hist))
	p.WaitJS(fmt.Sprintf(`document.activeElement === document.querySelector(%q)`, hist), 5*time.Second)
	p.Do(chromedp.KeyEvent(kb.ArrowLeft), chromedp.KeyEvent(kb.End))
	p.WaitJS(fmt.Sprintf(`/\(yours\)/.test(document.querySelector(%q).textContent)`, readout), 10*time.Second)
	x, y := centre(t, p, pad)
	p.Do(chromedp.MouseEvent(chromedp.MouseMoved, x, y),
		chromedp.MouseEvent(chromedp.MousePressed, x, y, chromedp.Button("left")),
		chromedp.MouseEvent(chromedp.MouseReleased, x, y, chromedp.Button("left")))
	wantTaken(t, p, "keydown:true", "keydown:true", "pointerdown:true")

	p.Goto("/embed/applications/inpaint")
	const inp = `[data-widget="inpainting"]`
	mask, errs := inp+` canvas[aria-label^="Digit with its hidden pixels"]`, inp+` [id$="-errors"]`
	p.WaitJS(fmt.Sprintf(`/hidden pixels/.test(document.querySelector(%q).textContent)`, errs), 90*time.Second)
	e2e.Eval[bool](p, fmt.Sprintf(recordDefaultsJS, `["pointerdown", "contextmenu"]`))
	x, y = centre(t, p, mask)
	p.Do(chromedp.MouseEvent(chromedp.MouseMoved, x, y),
		chromedp.MouseEvent(chromedp.MousePressed, x, y, chromedp.Button("left")),
		chromedp.MouseEvent(chromedp.MouseReleased, x, y, chromedp.Button("left")),
		chromedp.MouseEvent(chromedp.MousePressed, x, y, chromedp.Button("right")),
		chromedp.MouseEvent(chromedp.MouseReleased, x, y, chromedp.Button("right")))
	wantTaken(t, p, "pointerdown:true", "pointerdown:true", "contextmenu:true")
	p.NoConsoleErrors()
}
