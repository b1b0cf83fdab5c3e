package e2e_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"latentlab/web/e2e"
)

// TestKeysTakenWhileTraining presses ArrowDown on the contraction lab's
// reconstruction field while the lab trains — the page's UI goroutine
// busy with worker replies, when go-app runs an element's handler after
// the browser's dispatch has returned. The field takes the arrow keys
// synchronously (kit.TakeKeys): every press must have its default
// prevented by the end of its dispatch (a window listener, the last one
// to see it, records defaultPrevented), the page must not scroll, and the
// probe must still move down by 0.05 a press. The race itself depends on
// where the UI goroutine is when a key arrives, which a test cannot choose:
// with the field's TakeKeys removed this test still passed on a loaded
// 2-core machine (go-app's handler ran inside the dispatch that time); it
// guards the outcome, not the timing.
func TestKeysTakenWhileTraining(t *testing.T) {
	p := e2e.Open(t, "/lessons/cae")
	const lab = `[data-widget="contraction-lab"]`
	field := lab + ` canvas[aria-label^="Reconstruction field"]`
	status := lab + ` [role="status"][aria-label="Training status"]`
	probe := lab + ` [id$="-probe"]`
	p.ScrollTo(lab) // the lab's engine starts as the reader scrolls to it
	p.WaitJS(fmt.Sprintf(`(e => !!e && /\(-?[0-9.]+, -?[0-9.]+\)/.test(e.textContent))(document.querySelector(%q))`, probe), 90*time.Second)
	started := fmt.Sprintf(`/step [1-9]/.test(document.querySelector(%q).textContent)`, status)
	pressTrain(t, p, "contraction-lab", started)
	p.WaitJS(started, 30*time.Second)

	// Focus the field mid-window (the page can scroll both ways) and start
	// recording what the keys did.
	e2e.Eval[bool](p, fmt.Sprintf(`(e => { e.scrollIntoView({block: "center", behavior: "instant"}); e.focus({preventScroll: true});
		window.__keys = [];
		window.addEventListener("keydown", k => window.__keys.push(k.defaultPrevented));
		return document.activeElement === e; })(document.querySelector(%q))`, field))
	p.WaitJS(fmt.Sprintf(`document.activeElement === document.querySelector(%q)`, field), 5*time.Second)
	if e2e.Eval[float64](p, `document.documentElement.scrollHeight - window.innerHeight - window.scrollY`) < 100 {
		t.Fatal("the page cannot scroll down from the lab's field: the test would prove nothing")
	}
	first, training := p.Text(probe), p.Text(status)
	y0 := e2e.Eval[float64](p, `window.scrollY`)
	const presses = 5
	for range presses {
		p.Do(chromedp.KeyEvent(kb.ArrowDown))
	}
	// The read-out follows in a later animation frame: wait for the
	// position the presses lead to (0.05 each; the field ends at -1.7).
	p.WaitJS(fmt.Sprintf(`((probe, first) => {
	  const pos = s => { const m = /\((-?[0-9.]+), (-?[0-9.]+)\)/.exec(s || ""); return m ? [+m[1], +m[2]] : null; };
	  const a = pos(first), b = pos(probe && probe.textContent);
	  return !!a && !!b && Math.abs(b[0] - a[0]) < 0.011 && Math.abs(b[1] - Math.max(a[1] - %d * 0.05, -1.7)) < 0.011;
	})(document.querySelector(%q), %q)`, presses, probe, first), 20*time.Second)
	keys := e2e.Eval[[]bool](p, `window.__keys`)
	if len(keys) != presses {
		t.Fatalf("the window saw %d keydowns, want %d", len(keys), presses)
	}
	for i, prevented := range keys {
		if !prevented {
			t.Errorf("ArrowDown %d reached the window with its default not prevented (it scrolls the page)", i+1)
		}
	}
	if y1 := e2e.Eval[float64](p, `window.scrollY`); y1 != y0 {
		t.Errorf("the page scrolled from %g to %g while the field took the arrow keys", y0, y1)
	}
	t.Logf("probe %s → %s, scrollY %g; training status before the presses: %q", first, p.Text(probe), y0, training)
	p.NoConsoleErrors()
}
