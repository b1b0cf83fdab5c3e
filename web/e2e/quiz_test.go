package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"latentlab/web/lesson"
	"latentlab/web/quiz"
)

// findSingleQuestion returns a lesson quiz with a single-choice question
// (the dae lesson's if it has one), and that question's index.
func findSingleQuestion(t *testing.T) (slug string, qz *quiz.Quiz, qi int) {
	t.Helper()
	idx, ls := bundle(t)
	slugs := []string{"dae"}
	for _, m := range idx.Lessons {
		slugs = append(slugs, m.Slug)
	}
	for _, s := range slugs {
		l := ls[s]
		if l == nil {
			continue
		}
		for _, b := range l.Blocks {
			if b.Kind != lesson.KindQuiz || b.Quiz == nil {
				continue
			}
			for i, q := range b.Quiz.Questions {
				if q.Type == quiz.Single && len(q.Choices) >= 2 {
					return s, b.Quiz, i
				}
			}
		}
	}
	t.Skip("no lesson has a quiz with a single-choice question")
	return
}

// clickCSS clicks the element matching css with a real mouse event.
func clickCSS(p *Page, css string) {
	p.T.Helper()
	p.WaitJS(fmt.Sprintf(`!!document.querySelector(%q)`, css), Timeout)
	Eval[bool](p, fmt.Sprintf(`(document.querySelector(%q).scrollIntoView({block: "center"}), true)`, css))
	p.Do(chromedp.Click(chromedp.CSS(css)))
}

// TestQuizWrongThenRightPersistsAndResets answers a question wrong, then
// right, checks the feedback (the explanation for the chosen answer) and the
// score, reloads and finds the progress kept, then resets it.
func TestQuizWrongThenRightPersistsAndResets(t *testing.T) {
	slug, qz, qi := findSingleQuestion(t)
	q := qz.Questions[qi]
	right, _ := q.Answer.Index()
	wrong := (right + 1) % len(q.Choices)
	n := len(qz.Questions)
	path := "/lessons/" + slug
	base := "#q-" + qz.ID + "-" + qz.QuestionID(qi)
	score := "#quiz-" + qz.ID + "-score"

	p := Open(t, path)
	Eval[bool](p, `(localStorage.removeItem("latentlab.progress"), true)`)
	p.Goto(path)
	p.WaitJS(fmt.Sprintf(`!!document.querySelector(%q)`, base+" legend"), Timeout)

	// Structure: fieldset + legend, real radio inputs with labels.
	if !Eval[bool](p, fmt.Sprintf(`(() => {
	  const fs = document.querySelector(%q);
	  if (!fs || fs.tagName !== "FIELDSET" || !fs.querySelector("legend")) return false;
	  const radios = fs.querySelectorAll("input[type=radio]");
	  if (radios.length !== %d) return false;
	  return [...radios].every(r => document.querySelector('label[for="' + r.id + '"]'));
	})()`, base, len(q.Choices))) {
		t.Fatalf("question %s is not a fieldset with a legend and labelled radios", base)
	}
	p.WaitText(score, fmt.Sprintf("Score: 0 / %d", n))

	// Wrong answer: "Not quite." plus the explanation for that choice.
	clickCSS(p, fmt.Sprintf("%s-c%d", base, wrong))
	clickCSS(p, base+" .quiz-check")
	fb := p.WaitText(base+"-feedback", "Not quite.")
	wantWrong := q.Explain
	if wrong < len(q.Feedback) && q.Feedback[wrong] != "" {
		wantWrong = q.Feedback[wrong]
	}
	if !strings.Contains(fb, strings.TrimSpace(wantWrong)) {
		t.Errorf("wrong-answer feedback %q lacks the explanation %q", fb, wantWrong)
	}
	if role := Eval[string](p, fmt.Sprintf(`document.querySelector(%q).getAttribute("role")`, base+"-feedback")); role != "status" {
		t.Errorf("feedback role %q, want status", role)
	}
	p.WaitText(score, fmt.Sprintf("Score: 0 / %d", n))

	// Retry with the right answer.
	clickCSS(p, fmt.Sprintf("%s-c%d", base, right))
	clickCSS(p, base+" .quiz-check")
	fb = p.WaitText(base+"-feedback", "Correct.")
	if q.Explain != "" && !strings.Contains(fb, strings.TrimSpace(q.Explain)) {
		t.Errorf("right-answer feedback %q lacks the explanation", fb)
	}
	p.WaitText(score, fmt.Sprintf("Score: 1 / %d", n))
	stored := Eval[string](p, `localStorage.getItem("latentlab.progress") || ""`)
	if !strings.Contains(stored, `"version":1`) || !strings.Contains(stored, `"correct":true`) {
		t.Errorf("stored progress: %s", stored)
	}

	// Reload: the progress is kept.
	p.Goto(path)
	p.WaitText(score, fmt.Sprintf("Score: 1 / %d", n))
	p.WaitText(base+" .quiz-saved", "Answered correctly before (2 attempts)")

	// Reset.
	clickCSS(p, "#quiz-"+qz.ID+" .quiz-footer button")
	p.WaitText(score, fmt.Sprintf("Score: 0 / %d", n))
	p.WaitText("#quiz-"+qz.ID+" .quiz-footer [role=status]", "Progress reset.")
	p.Goto(path)
	p.WaitText(score, fmt.Sprintf("Score: 0 / %d", n))
	if p.Exists(base + " .quiz-saved") {
		t.Error("progress still shown after reset and reload")
	}
	p.NoConsoleErrors()
}

// TestQuizCorruptProgress stores garbage under the progress key: the page
// shows a notice, still works, and the garbage is gone.
func TestQuizCorruptProgress(t *testing.T) {
	slug, qz, _ := findSingleQuestion(t)
	path := "/lessons/" + slug
	p := Open(t, path)
	Eval[bool](p, `(localStorage.setItem("latentlab.progress", '{"version":99,"lessons":[1,2'), true)`)
	p.Goto(path)
	p.WaitText("#quiz-"+qz.ID+" .notice", "has been reset")
	p.WaitText("#quiz-"+qz.ID+"-score", "Score: 0 /")
	stored := Eval[string](p, `localStorage.getItem("latentlab.progress") || ""`)
	if strings.Contains(stored, "99") {
		t.Errorf("corrupt progress kept: %s", stored)
	}
	p.NoConsoleErrors()
}

// TestCatalogFollowsProgress: the catalog open in one tab shows the progress
// made in a quiz in another tab (localStorage "storage" event).
func TestCatalogFollowsProgress(t *testing.T) {
	slug, qz, qi := findSingleQuestion(t)
	c := Open(t, "/")
	Eval[bool](c, `(localStorage.removeItem("latentlab.progress"), true)`)
	c.Goto("/")
	p := Open(t, "/lessons/"+slug)
	base := "#q-" + qz.ID + "-" + qz.QuestionID(qi)
	right, _ := qz.Questions[qi].Answer.Index()
	clickCSS(p, fmt.Sprintf("%s-c%d", base, right))
	clickCSS(p, base+" .quiz-check")
	p.WaitText(base+"-feedback", "Correct.")
	c.WaitBodyText(fmt.Sprintf("1 of %d questions done", len(qz.Questions)))
	Eval[bool](c, `(localStorage.removeItem("latentlab.progress"), true)`)
}
