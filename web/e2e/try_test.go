package e2e_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"latentlab/web/claims"
	"latentlab/web/e2e"
	"latentlab/web/lesson/build"
	_ "latentlab/web/page" // registers the widgets the lessons use
)

// lessonTries reads every "Try this" button from the lesson files, so that a
// new button is tested without touching this file.
func lessonTries(t *testing.T) []build.LessonTries {
	t.Helper()
	ls, probs, err := build.Tries(filepath.Join(e2e.Root(), "lessons"))
	if err != nil || len(probs) > 0 {
		t.Fatalf("lessons: %v %v", err, probs)
	}
	if len(ls) == 0 {
		t.Fatal("no Try buttons in the lessons")
	}
	return ls
}

// expectedQuery is what the widget's figure's data-params (fig: the
// lesson's values with the button's on top, those that differ from the
// defaults) and its keys in the address (addr: those that differ from what
// the lesson declares, as shared links carry them) must be after the button.
func expectedQuery(t *testing.T, b claims.Block, set map[string]string) (fig, addr url.Values) {
	t.Helper()
	v, err := claims.Values(b, &claims.Claim{Set: set}, nil, -1)
	if err != nil {
		t.Fatal(err)
	}
	lesson, err := claims.Values(b, &claims.Claim{}, nil, -1)
	if err != nil {
		t.Fatal(err)
	}
	return b.Table.ToQuery(v), b.Table.Diff(lesson, v)
}

// TestTryButtons clicks every Try button of every lesson (the first of each
// lesson with the keyboard) and checks that its widget started again with
// the stated setup: in the figure's parameters, in the address, in the
// widget's own controls; that the page scrolled to and focused the widget;
// that the link was not followed as well (no history entry); and that the
// other widgets were not started again.
func TestTryButtons(t *testing.T) {
	for _, l := range lessonTries(t) {
		t.Run(l.Slug, func(t *testing.T) {
			p := e2e.Open(t, "/lessons/"+l.Slug)
			p.WaitJS(`document.querySelectorAll(".widget-placeholder").length === 0`, 90*time.Second)
			shootTry(t, p, l.Slug+"-try-1280")
			seen := map[string]int{}
			for i, try := range l.Tries {
				key := try.Widget + "?" + try.Query()
				nth := seen[key]
				seen[key]++
				want, addr := expectedQuery(t, l.Widgets[try.Widget], try.Set)
				entries := e2e.Eval[int](p, `history.length`)
				clickTry(t, p, try.Widget, try.Query(), "Try: "+try.Label, nth, i == 0)
				checkTried(t, p, l.Slug, try.Widget, try.Set, want, addr)
				// The app takes the click itself: the link is not also
				// followed (go-app's in-app navigation would push an entry
				// and race the Try's update).
				if n := e2e.Eval[int](p, `history.length`); n != entries {
					t.Errorf("Try %v: history has %d entries after the click, %d before; want the address replaced, not a navigation", try.Set, n, entries)
				}
			}
			p.NoConsoleErrors()
			p.Do(chromedp.EmulateViewport(400, 860))
			shootTry(t, p, l.Slug+"-try-400")
		})
	}
}

// shootTry screenshots the list item (or paragraph) of the lesson's first
// Try button into web/e2e/out.
func shootTry(t *testing.T, p *e2e.Page, name string) {
	t.Helper()
	e2e.Eval[bool](p, `(() => { const a = document.querySelector("a.try-button"); if (!a) return false;
		const box = a.closest("li") || a.closest("p"); box.setAttribute("data-e2e-shot", "try"); return true; })()`)
	shootWidget(t, p, `[data-e2e-shot="try"]`, name)
	e2e.Eval[bool](p, `(() => { const b = document.querySelector('[data-e2e-shot="try"]'); if (b) b.removeAttribute("data-e2e-shot"); return true; })()`)
}

// clickTry activates the nth button with the given widget and setup: with
// Enter on the focused link, or a click (the element's click(), so that a
// widget above that grows while it starts cannot move the link away from
// under a mouse).
func clickTry(t *testing.T, p *e2e.Page, widget, query, name string, nth int, keyboard bool) {
	t.Helper()
	mark := fmt.Sprintf("e2e-try-%d", time.Now().UnixNano())
	found := e2e.Eval[string](p, fmt.Sprintf(`(() => {
		const as = [...document.querySelectorAll("a.try-button")].filter(a => a.dataset.try === %q && a.dataset.trySet === %q);
		const a = as[%d]; if (!a) return "missing";
		if (a.textContent !== %q) return "named " + JSON.stringify(a.textContent);
		a.setAttribute("data-e2e", %q); a.scrollIntoView({block: "center", behavior: "instant"}); return "ok"; })()`,
		widget, query, nth, name, mark))
	if found != "ok" {
		t.Fatalf("Try button %q (%s) %s", name, query, found)
	}
	p.WaitFrames(2)
	sel := chromedp.CSS(fmt.Sprintf(`[data-e2e=%q]`, mark))
	if keyboard {
		p.Do(chromedp.Focus(sel), chromedp.KeyEvent(kb.Enter))
	} else {
		e2e.Eval[bool](p, fmt.Sprintf(`(() => { document.querySelector('[data-e2e=%q]').click(); return true; })()`, mark))
	}
}

// triedState is what checkTried reads from the page at each poll.
type triedState struct {
	Path    string            `json:"path"`
	Addr    map[string]string `json:"addr"`
	Fig     map[string]string `json:"fig"`
	Focused bool              `json:"focused"`
	Live    bool              `json:"live"`
	Top     float64           `json:"top"`
	VH      float64           `json:"vh"`
	Body    string            `json:"body"`    // the widget body's element: it alternates (div, section) with each start
	Figures int               `json:"figures"` // elements with the figure's id (1)
}

// waitTried reads the page's state with read every 100 ms until done
// accepts it or timeout passes; it returns the last state read and whether
// done accepted it. Each read is decoded into a new value: json.Unmarshal
// into a map that already holds entries keeps them, so a state reused
// across polls would carry the keys of a poll taken between the Try's
// address update and its render (address new, figure still the previous
// Try's) into every later one: the figure's k=100 from Try 1 beside Try 2's
// f=abs, for the whole wait, while the page itself showed f=abs. That was
// the TestTryButtons flake (the window is wider under load).
func waitTried(read func() string, done func(triedState) bool, timeout time.Duration) (triedState, bool, error) {
	deadline := time.Now().Add(timeout)
	for {
		var s triedState
		if err := json.Unmarshal([]byte(read()), &s); err != nil {
			return s, false, err
		}
		if done(s) {
			return s, true, nil
		}
		if time.Now().After(deadline) {
			return s, false, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// sameStrings reports whether a and b hold the same entries.
func sameStrings(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// flatQuery keeps the first value of each key of q.
func flatQuery(q url.Values) map[string]string {
	m := map[string]string{}
	for k, v := range q {
		m[k] = v[0]
	}
	return m
}

// checkTried waits until widget id shows the setup.
func checkTried(t *testing.T, p *e2e.Page, slug, id string, set map[string]string, want, addr url.Values) {
	t.Helper()
	wantAddr := url.Values{}
	for k, v := range addr {
		wantAddr[id+"."+k] = v
	}
	js := fmt.Sprintf(`(() => {
		const f = document.getElementById("widget-" + %q); if (!f) return "no figure";
		const q = new URLSearchParams(location.search), addr = {};
		for (const [k, v] of q) if (k.startsWith(%q + ".")) addr[k] = v;
		const fig = Object.fromEntries(new URLSearchParams(f.dataset.params));
		return JSON.stringify({path: location.pathname, addr, fig, focused: document.activeElement === f,
			live: !!f.querySelector(".ll-widget") && !f.querySelector(".widget-placeholder"),
			top: f.getBoundingClientRect().top, vh: innerHeight,
			body: (f.querySelector(".widget-body") || {}).tagName || "",
			figures: document.querySelectorAll('[id="widget-' + %q + '"]').length}); })()`, id, id, id)
	s, ok, err := waitTried(func() string { return e2e.Eval[string](p, js) }, func(s triedState) bool {
		return sameStrings(s.Addr, flatQuery(wantAddr)) && sameStrings(s.Fig, flatQuery(want)) && s.Focused && s.Live
	}, 20*time.Second)
	if err != nil {
		t.Fatalf("widget %s: %v", id, err)
	}
	if !ok {
		// What the page shows, for whoever debugs a figure that kept
		// its previous setup.
		t.Logf("the figure: %s", e2e.Eval[string](p, fmt.Sprintf(`(() => { const f = document.getElementById("widget-" + %q); if (!f) return "none";
			const b = f.querySelector(".widget-body"); return f.outerHTML.slice(0, 300) + " … body: " + (b ? b.outerHTML.slice(0, 1500) : "none"); })()`, id)))
		t.Logf("console errors: %q", p.ConsoleErrors())
		t.Fatalf("widget %s after Try %v: %+v; want address %v and parameters %v, focused and running", id, set, s, wantAddr, want)
	}
	if s.Path != "/lessons/"+slug {
		t.Errorf("Try %v left the lesson: %s", set, s.Path)
	}
	if s.Top < -2 || s.Top > s.VH/2 {
		t.Errorf("Try %v: the widget's top is at %.0f px of a %.0f px viewport; want it scrolled into view", set, s.Top, s.VH)
	}
	// The widget's own controls (kit fields, id {block}-{param}) show the values.
	for name, v := range set {
		got := e2e.Eval[string](p, fmt.Sprintf(`(() => { const el = document.getElementById(%q); if (!el) return "";
			if (el.type === "checkbox") return el.checked ? "1" : "0";
			if (el.type === "range") { const x = Number(el.value), v = Number(%q);
				return (Math.abs(x - v) < 1e-9 || Math.abs(x - Math.log10(v)) < 1e-3) ? %q : "slider at " + el.value; }
			return el.value; })()`, id+"-"+name, v, v))
		if got != "" && got != v && !sameNumber(got, v) {
			t.Errorf("widget %s: control %s shows %q after Try; want %q", id, name, got, v)
		}
	}
}

func sameNumber(a, b string) bool {
	var x, y float64
	_, e1 := fmt.Sscan(a, &x)
	_, e2 := fmt.Sscan(b, &y)
	return e1 == nil && e2 == nil && x == y
}

// TestTryButtonsRespectLockedControls: with controls=locked or hidden the
// buttons are not shown, and the server's render carries them as links to
// the setup (what a reader without the app follows).
func TestTryButtonsRespectLockedControls(t *testing.T) {
	ls := lessonTries(t)
	l, try := ls[0], ls[0].Tries[0]
	for _, mode := range []string{"locked", "hidden"} {
		p := e2e.Open(t, "/lessons/"+l.Slug+"?controls="+mode)
		shown := e2e.Eval[int](p, `[...document.querySelectorAll("a.try-button")].filter(a => a.offsetParent !== null).length`)
		total := e2e.Eval[int](p, `document.querySelectorAll("a.try-button").length`)
		if total == 0 || shown != 0 {
			t.Errorf("controls=%s: %d of %d Try buttons visible; want 0 of several", mode, shown, total)
		}
	}
	res, err := http.Get(e2e.BaseURL(t) + "/lessons/" + l.Slug)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	code, html := res.StatusCode, string(body)
	want := fmt.Sprintf(`href="%s"`, strings.ReplaceAll(try.Href(), "&", "&amp;"))
	if code != 200 || !strings.Contains(html, want) {
		t.Errorf("server render of %s (status %d) lacks the Try link %s", l.Slug, code, want)
	}
}

// TestWaitTriedForgetsEarlierPolls replays, without a browser, the polls of
// the TestTryButtons run that failed in CI: Try 1 {k: 100}, then Try 2
// {f: abs} read once between its address update and its render, then as
// rendered. The wait must accept the rendered state: a state reused across
// polls kept k=100 from the first read and never matched.
func TestWaitTriedForgetsEarlierPolls(t *testing.T) {
	polls := []string{
		`{"addr": {"estimators.f": "abs"}, "fig": {"k": "100"}, "focused": false, "live": true}`,
		`{"addr": {"estimators.f": "abs"}, "fig": {"f": "abs"}, "focused": true, "live": true}`,
	}
	reads := 0
	read := func() string {
		s := polls[min(reads, len(polls)-1)]
		reads++
		return s
	}
	want := map[string]string{"f": "abs"}
	done := func(s triedState) bool { return sameStrings(s.Fig, want) && s.Focused && s.Live }
	s, ok, err := waitTried(read, done, 5*time.Second)
	if err != nil || !ok {
		t.Fatalf("after %d polls: state %+v, accepted %v, error %v; want the second poll's figure %v accepted", reads, s, ok, err, want)
	}
	if reads != 2 {
		t.Errorf("accepted after %d polls; want 2", reads)
	}
	// A figure that keeps the previous Try's setup still fails the wait.
	reads = 0
	polls = polls[:1]
	if s, ok, err := waitTried(read, done, 200*time.Millisecond); ok || err != nil {
		t.Errorf("a figure stuck at %v was accepted (error %v)", s.Fig, err)
	}
}
