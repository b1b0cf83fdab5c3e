package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// press sends one key to the focused element, as a keyboard would.
func (p *Page) press(key string) {
	p.T.Helper()
	p.Do(chromedp.KeyEvent(key))
}

// active is a JavaScript expression for the focused element.
const active = `document.activeElement`

// tabTo presses Tab (Shift+Tab when the first element that makes pred
// true comes before the focus) until the focused element makes the
// expression pred (over the variable a) true; it fails after max presses,
// naming where focus is.
func (p *Page) tabTo(what, pred string, max int) {
	p.T.Helper()
	check := fmt.Sprintf(`(a => !!a && !!(%s))(%s)`, pred, active)
	back := Eval[bool](p, fmt.Sprintf(`(() => {
	  const m = [...document.querySelectorAll("a, button, input, textarea, select, iframe, [tabindex]")].find(a => !!(%s));
	  return !!m && !!(m.compareDocumentPosition(%s) & Node.DOCUMENT_POSITION_FOLLOWING); })()`, pred, active))
	for i := 0; i < max; i++ {
		if Eval[bool](p, check) {
			return
		}
		if back {
			p.Do(chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift)))
		} else {
			p.press(kb.Tab)
		}
	}
	p.T.Fatalf("%s not reached with %d Tab presses; focus is on %s", what, max, p.focusName())
}

// focusName describes the focused element (tag, class, name).
func (p *Page) focusName() string {
	return Eval[string](p, `(a => a ? a.tagName + "." + a.className + " " + JSON.stringify((a.getAttribute("aria-label") || a.textContent || "").trim().slice(0, 40)) : "nothing")(document.activeElement)`)
}

// isButton is a tabTo predicate: the focused element is the button named
// name inside the widget frame data-widget=widget.
func isButton(widget, name string) string {
	return fmt.Sprintf(`a.tagName === "BUTTON" && a.textContent.trim() === %q && !!a.closest('[data-widget=%q]')`, name, widget)
}

// TestKeyboardJourney goes through the VAE lesson with the keyboard alone,
// from page load: train, pause, three Step presses (three steps, focus kept
// on the button), move the latent point and read what the live region says,
// answer a quiz question, open the Embed dialog, check that Tab stays inside
// it (its preview iframe included), close it with Escape and find focus back
// on the Embed button. While training runs it counts the changes of the
// visible status line and of the announcement region over 10 s.
func TestKeyboardJourney(t *testing.T) {
	p := Open(t, "/lessons/vae")
	p.Settle(30 * time.Second)
	const trainer = "vae-trainer"
	status := `[data-widget="vae-trainer"] [role="status"][aria-label="Training status"]`
	say := `[data-widget="vae-trainer"] .ll-sr-only[aria-live="polite"]`
	p.ScrollTo(status)
	p.WaitJS(fmt.Sprintf(`/ready|step [1-9]/.test(document.querySelector(%q).textContent)`, status), 60*time.Second)

	p.tabTo("Train", isButton(trainer, "Train"), 400)
	p.press(kb.Enter)
	p.WaitStep(status, 1, 60*time.Second)
	if !Eval[bool](p, `(a => a.tagName === "BUTTON" && a.textContent.trim() === "Train")(`+active+`)`) {
		t.Fatalf("after Enter on Train, focus moved to %s", p.focusName())
	}
	// Announcements while training: the visible line vs the live region.
	visible, spoken := Eval[string](p, fmt.Sprintf(`new Promise(r => {
	  const count = sel => { const el = document.querySelector(sel); let n = 0;
	    new MutationObserver(() => n++).observe(el, {childList: true, characterData: true, subtree: true}); return () => n; };
	  const v = count(%q), s = count(%q);
	  setTimeout(() => r(v() + " " + s()), 10000); })`, status, say)), ""
	visible, spoken, _ = strings.Cut(visible, " ")
	t.Logf("while training, in 10 s: the visible status changed %s times, the live region announced %s times", visible, spoken)
	var nSpoken int
	fmt.Sscan(spoken, &nSpoken)
	if nSpoken > int(10*time.Second/(5*time.Second))+1 {
		t.Errorf("the live region announced %d times in 10 s of training; want at most 3", nSpoken)
	}

	p.press(kb.Tab) // Pause follows Train
	if !Eval[bool](p, `(a => a.textContent.trim() === "Pause")(`+active+`)`) {
		t.Fatalf("Tab from Train reached %s, want Pause", p.focusName())
	}
	p.press(kb.Enter)
	p.WaitText(status, "paused")
	p.WaitJS(fmt.Sprintf(`[...document.querySelectorAll('[data-widget="vae-trainer"] button')].some(b => b.textContent.trim() === "Step" && b.getAttribute("aria-disabled") !== "true")`), 30*time.Second)
	p.WaitFrames(5)
	before := Eval[int](p, stepJS(status))
	p.tabTo("Step", isButton(trainer, "Step"), 5)
	for range 3 {
		p.press(kb.Enter)
	}
	p.WaitStep(status, before+3, 30*time.Second)
	p.WaitFrames(10)
	if after := Eval[int](p, stepJS(status)); after != before+3 {
		t.Errorf("three Enter presses on Step: step %d → %d, want +3", before, after)
	}
	if !Eval[bool](p, `(a => a.textContent.trim() === "Step")(`+active+`)`) {
		t.Errorf("after stepping, focus is on %s, want Step", p.focusName())
	}
	if !strings.Contains(p.Text(say), "paused") {
		t.Errorf("the live region says %q after stepping, want the paused status", p.Text(say))
	}

	// The latent map: arrow keys move z, the live region says where and what.
	p.tabTo("the latent map", `a.matches('[data-widget="latent-explorer"] canvas[aria-label="Latent space"]')`, 200)
	p.press(kb.ArrowRight)
	p.press(kb.ArrowUp)
	heard := p.WaitText(`[data-widget="latent-explorer"] .ll-sr-only[aria-live="polite"]`, "z = (")
	t.Logf("the explorer says: %q", heard)
	if !(strings.Contains(heard, "looks like a ") || strings.Contains(heard, "nearest held-out digit a ")) || strings.Contains(heard, "z = (0, 0)") {
		t.Errorf("the explorer announced %q, want the new position and what it looks like", heard)
	}

	// A quiz question: choose an answer (Space on a choice, or type), check it.
	p.tabTo("a quiz answer", `a.closest(".quiz-question") && a.matches("input, textarea")`, 300)
	if Eval[bool](p, `["radio", "checkbox"].includes(`+active+`.type)`) {
		p.press(" ")
	} else {
		p.Do(chromedp.KeyEvent("1"))
	}
	fieldset := Eval[string](p, active+`.closest(".quiz-question").querySelector("[role=status]").id`)
	p.tabTo("Check answer", `a.classList.contains("quiz-check")`, 20)
	p.press(kb.Enter)
	p.WaitJS(fmt.Sprintf(`document.getElementById(%q).textContent.trim() !== ""`, fieldset), 10*time.Second)
	t.Logf("quiz feedback: %q", p.Text("#"+fieldset))

	// The Embed dialog: focus goes in, Tab stays in (through the preview),
	// Escape closes from inside the preview, focus returns to Embed.
	p.tabTo("Embed", `a.classList.contains("embed-button")`, 300)
	button := Eval[string](p, active+`.id`)
	p.press(kb.Enter)
	p.WaitJS(`!!document.querySelector('[role=dialog]') && document.querySelector('[role=dialog]').contains(document.activeElement)`, 10*time.Second)
	p.WaitJS(`(() => { const f = document.querySelector(".embed-preview"); return !!f && !!f.contentDocument && !!f.contentDocument.querySelector(".embed"); })()`, 60*time.Second)
	inFrame := 0
	for i := range 30 {
		p.press(kb.Tab)
		where := Eval[string](p, `(a => a.tagName === "IFRAME" ? "frame" : (a.closest("[role=dialog]") ? "dialog" : "outside"))(document.activeElement)`)
		if where == "outside" {
			t.Fatalf("Tab press %d left the Embed dialog for %s", i+1, p.focusName())
		}
		if where == "frame" {
			inFrame++
		}
	}
	if inFrame == 0 {
		t.Error("30 Tab presses never reached the preview iframe")
	}
	p.tabTo("the preview", `a.tagName === "IFRAME"`, 30)
	p.press(kb.Escape)
	p.WaitJS(`!document.querySelector('[role=dialog]')`, 10*time.Second)
	p.WaitJS(fmt.Sprintf(`document.activeElement.id === %q`, button), 5*time.Second)
	p.NoConsoleErrors()
}
