package e2e

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"latentlab/web/lesson"
	"latentlab/web/quiz"
)

// The embedded quiz: statements to the host page, and only to its origin.

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
		t.Fatal("every quiz has parameterised questions; this test needs one with fixed answers (lessons/*.md)")
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
		p.WaitFrames(2) // go-app has seen the step before the next one
	}
	n := len(qz.Questions)
	p.WaitJS(fmt.Sprintf(`[...document.querySelectorAll("#event-log .event-xapi")].filter(li => li.textContent.includes(" answered ")).length >= %d`, n), Timeout)
	p.WaitJS(`[...document.querySelectorAll("#event-log .event-xapi")].some(li => li.textContent.includes(" completed ") && li.textContent.includes("success=true") && li.textContent.includes("scaled=1"))`, Timeout)
	// The example page's class table: a row per question and one for the
	// completed quiz, every one a success with score 1.
	table := Eval[string](p, `JSON.stringify([...document.querySelectorAll("#class-table tbody tr")].map(tr => [...tr.cells].map(td => td.textContent)))`)
	var rows [][]string
	if err := json.Unmarshal([]byte(table), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != n+1 {
		t.Errorf("class table has %d rows, want %d (questions) + 1 (completed): %v", len(rows), n, rows)
	}
	for _, r := range rows {
		if len(r) != 5 || r[0] != "frame-quiz" || r[3] != "1" || r[4] != "yes" {
			t.Errorf("class table row %v, want frame-quiz, best score 1, success yes", r)
		}
	}
	shootCSS(t, p, "#class-table", "embed-example-class-table")
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
	p.WaitFrames(2) // go-app has seen the choice
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
	// The other frames answered earlier, so anything they posted to this
	// page was queued before frame-ref's statement, which has arrived.
	p.WaitFrames(2)
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
