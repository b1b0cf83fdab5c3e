package e2e

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"latentlab/web/lesson"
	"latentlab/web/quiz"
)

// embedTargets picks two widget embeds (from different lessons when
// possible) and a quiz embed from the built lesson bundle.
func embedTargets(t *testing.T) (w1, w2, quizPath string, qz *quiz.Quiz, qi int) {
	t.Helper()
	idx, ls := bundle(t)
	var widgets []string
	seen := map[string]bool{}
	for pass := 0; pass < 2; pass++ {
		for _, m := range idx.Lessons {
			for _, b := range ls[m.Slug].Blocks {
				if b.Kind != lesson.KindWidget {
					continue
				}
				p := "/embed/" + m.Slug + "/" + b.ID
				if seen[p] || (pass == 0 && seen[m.Slug]) {
					continue
				}
				seen[p], seen[m.Slug] = true, true
				widgets = append(widgets, p)
				break
			}
		}
	}
	if len(widgets) < 2 {
		t.Skip("the bundle has fewer than two widgets")
	}
	slug, q, i := findSingleQuestion(t)
	return widgets[0], widgets[1], "/embed/" + slug + "/" + q.ID, q, i
}

// openStatic opens a page that is not the go-app shell (no ReadyJS).
func openStatic(t *testing.T, path string) *Page {
	t.Helper()
	p := NewTab(t)
	ctx, cancel := context.WithTimeout(p.Ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(p.URL(path))); err != nil {
		t.Fatalf("navigate to %s: %v", path, err)
	}
	return p
}

// TestEmbedExampleHostPage loads static/embed-example.html with two widget
// embeds and a quiz embed: every iframe is resized to its content by
// embed-host.js, and answering the embedded quiz delivers an xAPI-shaped
// statement to the host page's event log.
func TestEmbedExampleHostPage(t *testing.T) {
	w1, w2, qp, qz, qi := embedTargets(t)
	q := url.Values{"w1": {w1}, "w2": {w2}, "quiz": {qp}}
	p := openStatic(t, "/web/embed-example.html?"+q.Encode())

	frames := []string{"frame-w1", "frame-w2", "frame-quiz"}
	for _, id := range frames {
		// A resize message arrived and the iframe fits its content: the
		// embedded document does not scroll.
		p.WaitJS(fmt.Sprintf(`(() => {
		  const f = document.getElementById(%q);
		  const got = [...document.querySelectorAll("#event-log .event-resize")].some(li => li.textContent.includes(%q));
		  if (!got || !f.contentDocument || !f.contentDocument.querySelector(".embed")) return false;
		  const d = f.contentDocument.documentElement;
		  return d.scrollHeight <= d.clientHeight + 2;
		})()`, id, id+" "), 90*time.Second)
		h := Eval[float64](p, fmt.Sprintf(`parseFloat(document.getElementById(%q).style.height) || 0`, id))
		if h < 80 {
			t.Errorf("%s: height %v after resize", id, h)
		}
	}

	// Answer the embedded quiz (in the iframe, same origin).
	qid := qz.QuestionID(qi)
	right, _ := qz.Questions[qi].Answer.Index()
	base := "#q-" + qz.ID + "-" + qid
	p.WaitJS(fmt.Sprintf(`(() => { const d = document.getElementById("frame-quiz").contentDocument; return !!d && !!d.querySelector(%q); })()`, base), 60*time.Second)
	Eval[bool](p, fmt.Sprintf(`(() => {
	  const d = document.getElementById("frame-quiz").contentDocument;
	  d.querySelector(%q).click();
	  return true;
	})()`, fmt.Sprintf("%s-c%d", base, right)))
	// Let go-app see the change before checking.
	time.Sleep(300 * time.Millisecond)
	Eval[bool](p, fmt.Sprintf(`(document.getElementById("frame-quiz").contentDocument.querySelector(%q).click(), true)`, base+" .quiz-check"))
	objectID := "#" + qz.ID + "/" + qid
	p.WaitJS(fmt.Sprintf(`[...document.querySelectorAll("#event-log .event-xapi")].some(li =>
	  li.textContent.includes("answered") && li.textContent.includes(%q) && li.textContent.includes("success=true") && li.textContent.includes("scaled=1"))`, objectID), Timeout)
	if n := Eval[string](p, `document.getElementById("xapi-count").textContent`); n == "0" {
		t.Error("xapi counter not updated")
	}
	p.NoConsoleErrors()
}

// TestHostileQueryValuesRenderAsText puts markup in parameter, controls and
// theme values on a lesson page and a single-widget embed: nothing runs, no
// element is injected, and a notice is shown as text.
func TestHostileQueryValuesRenderAsText(t *testing.T) {
	idx, ls := bundle(t)
	var slug, id, param string
	for _, m := range idx.Lessons {
		for _, b := range ls[m.Slug].Blocks {
			if b.Kind == lesson.KindWidget && id == "" {
				slug, id = m.Slug, b.ID
				for k := range b.Params {
					if k != "id" {
						param = k
						break
					}
				}
			}
		}
	}
	if id == "" {
		t.Skip("no widget in the bundle")
	}
	if param == "" {
		param = "seed"
	}
	payloads := []string{
		`<script>window.__pwned=1</script>`,
		`"><img src=x onerror="window.__pwned=1">`,
	}
	for _, h := range payloads {
		lessonQ := url.Values{id + "." + param: {h}, "theme": {h}, "controls": {h}}
		embedQ := url.Values{param: {h}, "theme": {h}}
		for _, path := range []string{"/lessons/" + slug + "?" + lessonQ.Encode(), "/embed/" + slug + "/" + id + "?" + embedQ.Encode()} {
			p := Open(t, path)
			time.Sleep(300 * time.Millisecond)
			if Eval[bool](p, `window.__pwned === 1`) {
				t.Fatalf("%s: injected script ran", path)
			}
			if p.Exists(`img[src="x"]`) || p.Exists(`script:not([src])`) && Eval[bool](p, `[...document.querySelectorAll("script:not([src])")].some(s => s.textContent.includes("__pwned"))`) {
				t.Errorf("%s: hostile markup became an element", path)
			}
			html := Eval[string](p, `document.body.innerHTML`)
			if strings.Contains(html, "<script>window.__pwned") || strings.Contains(html, `<img src="x"`) {
				t.Errorf("%s: hostile markup in the DOM", path)
			}
		}
	}
}

// TestControlsLocked: ?controls=locked disables every control of an embedded
// widget that has controls (and they are enabled without it).
func TestControlsLocked(t *testing.T) {
	idx, ls := bundle(t)
	checked := 0
	for _, m := range idx.Lessons {
		for _, b := range ls[m.Slug].Blocks {
			if b.Kind != lesson.KindWidget || checked >= 2 {
				continue
			}
			path := "/embed/" + m.Slug + "/" + b.ID
			p := Open(t, path)
			const controls = `[...document.querySelectorAll(".embed input, .embed select, .embed textarea")].filter(e => e.type !== "hidden")`
			n := Eval[int](p, controls+`.length`)
			if n == 0 {
				continue
			}
			if Eval[int](p, controls+`.filter(e => !e.disabled).length`) == 0 {
				t.Errorf("%s: every control disabled without controls=locked", path)
			}
			p.Goto(path + "?controls=locked")
			if k := Eval[int](p, controls+`.filter(e => !e.disabled).length`); k != 0 {
				t.Errorf("%s?controls=locked: %d controls still enabled", path, k)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Skip("no embedded widget has controls")
	}
}

// TestEmbedDialog opens the Embed dialog of a widget on a lesson page: it is
// a modal dialog with the iframe snippet mapping {id}.{param} to {param}, a
// Copy button, a preview, and Escape returns focus to the Embed button.
func TestEmbedDialog(t *testing.T) {
	idx, ls := bundle(t)
	var slug, id string
	for _, m := range idx.Lessons {
		for _, b := range ls[m.Slug].Blocks {
			if b.Kind == lesson.KindWidget && id == "" {
				slug, id = m.Slug, b.ID
			}
		}
	}
	if id == "" {
		t.Skip("no widget")
	}
	p := Open(t, "/lessons/"+slug+"?"+id+".seed=7&theme=dark")
	btn := "#embed-" + slug + "-" + id + "-button"
	clickCSS(p, btn)
	dlg := "#embed-" + slug + "-" + id + "-dialog"
	p.WaitJS(fmt.Sprintf(`(() => { const d = document.querySelector(%q); return !!d && d.getAttribute("role") === "dialog" && d.getAttribute("aria-modal") === "true"; })()`, dlg), Timeout)
	code := Eval[string](p, fmt.Sprintf(`document.querySelector(%q).value`, "#embed-"+slug+"-"+id+"-code"))
	want := "/embed/" + slug + "/" + id + "?"
	if !strings.Contains(code, want) || !strings.Contains(code, "theme=dark") || !strings.Contains(code, "<iframe") {
		t.Errorf("snippet %q lacks %q / theme=dark", code, want)
	}
	if strings.Contains(code, "seed=7") && strings.Contains(code, id+".seed") {
		t.Errorf("snippet kept the lesson key: %q", code)
	}
	if !p.Exists(dlg + " iframe.embed-preview") {
		t.Error("no preview iframe")
	}
	if !p.HasButton("Copy") {
		t.Error("no Copy button")
	}
	p.Do(chromedp.KeyEvent("\u001b")) // Escape
	p.WaitJS(fmt.Sprintf(`!document.querySelector(%q) && document.activeElement === document.querySelector(%q)`, dlg, btn), Timeout)
}

// answerAllJS returns JavaScript that answers every question of qz
// correctly inside document d (reflections: write, reveal, "Got it"), one
// question per step so go-app sees each change.
func answerAllJS(qz *quiz.Quiz) []string {
	var steps []string
	for i, q := range qz.Questions {
		base := "#q-" + qz.ID + "-" + qz.QuestionID(i)
		click := func(sel string) string { return fmt.Sprintf(`d.querySelector(%q).click();`, sel) }
		typeIn := func(text string) string {
			return fmt.Sprintf(`(() => { const e = d.querySelector(%q); e.value = %q; e.dispatchEvent(new Event("input", {bubbles: true})); })();`, base+"-input", text)
		}
		switch q.Type {
		case quiz.Single:
			k, _ := q.Answer.Index()
			steps = append(steps, click(fmt.Sprintf("%s-c%d", base, k)), click(base+" .quiz-check"))
		case quiz.TrueFalse:
			b, _ := q.Answer.Bool()
			k := 1
			if b {
				k = 0
			}
			steps = append(steps, click(fmt.Sprintf("%s-c%d", base, k)), click(base+" .quiz-check"))
		case quiz.Multiple:
			ks, _ := q.Answer.Indices()
			for _, k := range ks {
				steps = append(steps, click(fmt.Sprintf("%s-c%d", base, k)))
			}
			steps = append(steps, click(base+" .quiz-check"))
		case quiz.Numeric:
			x, _ := q.Answer.Number()
			steps = append(steps, typeIn(quiz.FormatNumber(x)), click(base+" .quiz-check"))
		case quiz.Text:
			ts, _ := q.Answer.Texts()
			steps = append(steps, typeIn(ts[0]), click(base+" .quiz-check"))
		case quiz.Reflection:
			steps = append(steps, typeIn("My own answer."), click(base+" .quiz-reveal"),
				fmt.Sprintf(`[...d.querySelectorAll(%q)].find(b => b.textContent === "Got it").click();`, base+" .quiz-rate"))
		}
	}
	return steps
}

// TestEmbeddedQuizCompleted answers a whole embedded quiz correctly: the
// host page receives an "answered" statement per question and one
// "completed" statement with a full score.
func TestEmbeddedQuizCompleted(t *testing.T) {
	idx, ls := bundle(t)
	var slug string
	var qz *quiz.Quiz
	for _, m := range idx.Lessons {
		for _, b := range ls[m.Slug].Blocks {
			if b.Kind != lesson.KindQuiz || b.Quiz == nil || qz != nil {
				continue
			}
			fixed := true
			for _, q := range b.Quiz.Questions {
				fixed = fixed && !q.Parameterised()
			}
			if fixed {
				slug, qz = m.Slug, b.Quiz
			}
		}
	}
	if qz == nil {
		t.Skip("every quiz has parameterised questions")
	}
	w1, w2, _, _, _ := embedTargets(t)
	q := url.Values{"w1": {w1}, "w2": {w2}, "quiz": {"/embed/" + slug + "/" + qz.ID}}
	p := openStatic(t, "/web/embed-example.html?"+q.Encode())
	// Start from empty progress (same origin as the host page).
	Eval[bool](p, `(localStorage.removeItem("latentlab.progress"), true)`)
	p.Do(chromedp.Reload())
	first := "#q-" + qz.ID + "-" + qz.QuestionID(0)
	p.WaitJS(fmt.Sprintf(`(() => { const f = document.getElementById("frame-quiz"); const d = f && f.contentDocument; return !!d && !!d.querySelector(%q); })()`, first), 60*time.Second)
	for _, step := range answerAllJS(qz) {
		Eval[bool](p, `(() => { const d = document.getElementById("frame-quiz").contentDocument; `+step+` return true; })()`)
		time.Sleep(150 * time.Millisecond)
	}
	n := len(qz.Questions)
	p.WaitJS(fmt.Sprintf(`[...document.querySelectorAll("#event-log .event-xapi")].filter(li => li.textContent.includes(" answered ")).length >= %d`, n), Timeout)
	p.WaitJS(`[...document.querySelectorAll("#event-log .event-xapi")].some(li => li.textContent.includes(" completed ") && li.textContent.includes("success=true") && li.textContent.includes("scaled=1"))`, Timeout)
	score := Eval[string](p, fmt.Sprintf(`document.getElementById("frame-quiz").contentDocument.querySelector(%q).textContent`, "#quiz-"+qz.ID+"-score"))
	if want := fmt.Sprintf("Score: %d / %d", n, n); score != want {
		t.Errorf("score %q, want %q", score, want)
	}
	// The catalog shows the lesson as completed (same origin, same storage).
	c := Open(t, "/")
	c.WaitBodyText("Completed")
	Eval[bool](c, `(localStorage.removeItem("latentlab.progress"), true)`)
}
