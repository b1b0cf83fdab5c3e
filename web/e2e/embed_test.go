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
	// The course page origin goes into the snippet as origin=; a value with
	// a path is left out with a note.
	codeJS := fmt.Sprintf(`document.querySelector(%q).value`, "#embed-"+slug+"-"+id+"-code")
	originField := "#embed-" + slug + "-" + id + "-origin"
	typeKeys(p, originField, "https://course.example.edu")
	p.WaitJS(codeJS+`.includes("origin=https%3A%2F%2Fcourse.example.edu")`, Timeout)
	typeKeys(p, originField, "/moodle")
	p.WaitText(originField+"-help", "left out of the code")
	if strings.Contains(Eval[string](p, codeJS), "origin=") {
		t.Error("snippet kept an origin with a path")
	}
	shootCSS(t, p, dlg, "embed-dialog-origin")
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
	clearProgress(p)
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
	clearProgress(c)
}

// addFrame appends an iframe of src with id to the host page (embed-host.js
// picks it up); policy sets its referrerpolicy when not "".
func addFrame(p *Page, id, src, policy string) {
	p.T.Helper()
	Eval[bool](p, fmt.Sprintf(`(() => {
	  const f = document.createElement("iframe");
	  f.id = %q; f.title = %q; f.height = "600";
	  if (%q) f.referrerPolicy = %q;
	  f.src = %q;
	  document.body.appendChild(f);
	  return true;
	})()`, id, "Latent Lab: "+id, policy, policy, src))
}

// answerInFrame answers single-choice question qi of qz correctly inside
// the iframe with id frameID, once the quiz has loaded there.
func answerInFrame(p *Page, frameID string, qz *quiz.Quiz, qi int) {
	p.T.Helper()
	base := "#q-" + qz.ID + "-" + qz.QuestionID(qi)
	right, _ := qz.Questions[qi].Answer.Index()
	doc := fmt.Sprintf(`document.getElementById(%q).contentDocument`, frameID)
	p.WaitJS(fmt.Sprintf(`(() => { const d = %s; return !!d && !!d.querySelector(%q); })()`, doc, base), 60*time.Second)
	Eval[bool](p, fmt.Sprintf(`(%s.querySelector(%q).click(), true)`, doc, fmt.Sprintf("%s-c%d", base, right)))
	time.Sleep(300 * time.Millisecond) // let go-app see the change
	Eval[bool](p, fmt.Sprintf(`(%s.querySelector(%q).click(), true)`, doc, base+" .quiz-check"))
	p.WaitJS(fmt.Sprintf(`(%s.querySelector(%q).textContent || "").includes("Correct.")`, doc, base+"-feedback"), Timeout)
}

// xapiFrom counts the quiz statements the example page logged for frameID.
func xapiFrom(p *Page, frameID string) int {
	return Eval[int](p, fmt.Sprintf(`[...document.querySelectorAll("#event-log .event-xapi")].filter(li => li.textContent.includes(%q)).length`, "xapi "+frameID+" "))
}

// TestEmbedQuizOrigin: quiz statements go only to the course page's origin.
// On the example host page (served by the test server), a quiz embed whose
// origin= names another site, one with a refused origin= (with a visible
// notice), and one with neither origin= nor a referrer deliver nothing; one
// without origin= delivers through the referrer's origin. Resizes still
// arrive from every frame.
func TestEmbedQuizOrigin(t *testing.T) {
	w1, w2, qp, qz, qi := embedTargets(t)
	other := qp + "?origin=" + url.QueryEscape("https://course.example.edu")
	q := url.Values{"w1": {w1}, "w2": {w2}, "quiz": {other}}
	p := openStatic(t, "/web/embed-example.html?"+q.Encode())
	addFrame(p, "frame-ref", qp, "")
	addFrame(p, "frame-noref", qp, "no-referrer")
	addFrame(p, "frame-bad", qp+"?origin="+url.QueryEscape("https://course.example.edu/moodle"), "")

	for _, id := range []string{"frame-quiz", "frame-noref", "frame-bad", "frame-ref"} {
		answerInFrame(p, id, qz, qi)
	}
	p.WaitJS(fmt.Sprintf(`[...document.querySelectorAll("#event-log .event-xapi")].some(li =>
	  li.textContent.includes("xapi frame-ref answered") && li.textContent.includes(%q))`, "#"+qz.ID+"/"+qz.QuestionID(qi)), Timeout)
	time.Sleep(2 * time.Second) // the other frames answered earlier; give stray messages time
	for _, id := range []string{"frame-quiz", "frame-noref", "frame-bad"} {
		if n := xapiFrom(p, id); n != 0 {
			t.Errorf("%s: %d quiz statements reached a page of another origin", id, n)
		}
		p.WaitJS(fmt.Sprintf(`[...document.querySelectorAll("#event-log .event-resize")].some(li => li.textContent.includes(%q))`, "resize "+id+" "), Timeout)
	}
	note := Eval[string](p, `(document.getElementById("frame-bad").contentDocument.querySelector(".quiz-origin-note") || {}).textContent || ""`)
	if !strings.Contains(note, "is not an origin like") || strings.Contains(note, "moodle") {
		t.Errorf("refused origin= notice: %q", note)
	}
	if Eval[string](p, `(document.getElementById("frame-ref").contentDocument.querySelector(".quiz-origin-note") || {}).textContent || ""`) != "" {
		t.Error("notice shown without origin=")
	}
	shootCSS(t, p, "#event-log", "embed-quiz-origin-log")
	p.NoConsoleErrors()
	// What the instructor sees opening the refused embed on its own.
	bad := Open(t, qp+"?origin="+url.QueryEscape("https://course.example.edu/moodle"))
	bad.WaitText(".quiz-origin-note", "is not an origin like")
	Eval[bool](bad, `(document.querySelector(".quiz").style.maxWidth = "40rem", true)`)
	shootCSS(t, bad, ".quiz", "embed-quiz-origin-refused")
}
