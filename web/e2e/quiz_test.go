package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
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
	t.Fatal("no lesson has a quiz with a single-choice question; this test needs one (lessons/*.md)")
	return
}

// clearProgress removes every quiz progress record from the page's storage
// (the records of every version, not what was set aside).
func clearProgress(p *Page) {
	p.T.Helper()
	Eval[bool](p, `(Object.keys(localStorage).filter(k => k.startsWith("latentlab.progress")).forEach(k => localStorage.removeItem(k)), true)`)
}

// storedProgress returns lesson slug's stored progress record ("" if none).
func storedProgress(p *Page, slug string) string {
	p.T.Helper()
	return Eval[string](p, fmt.Sprintf(`localStorage.getItem(%q) || ""`, quiz.LessonKey(slug)))
}

// clickCSS clicks the element matching css with a real mouse event.
func clickCSS(p *Page, css string) {
	p.T.Helper()
	p.WaitJS(fmt.Sprintf(`!!document.querySelector(%q)`, css), Timeout)
	Eval[bool](p, fmt.Sprintf(`(document.querySelector(%q).scrollIntoView({block: "center"}), true)`, css))
	p.ClickStill(css)
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
	clearProgress(p)
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

	// A reflection typed with real keystrokes is saved once typing pauses.
	field := reflectionField(qz)
	const draft = "Noise makes the code keep what matters."
	if field != "" {
		typeKeys(p, field, draft)
		p.WaitText(field+"-draft", "Saved in this browser.")
		shootCSS(t, p, strings.TrimSuffix(field, "-input"), "quiz-reflection-saved")
	}
	stored := storedProgress(p, slug)
	if !strings.Contains(stored, fmt.Sprintf(`"version":%d`, quiz.ProgressVersion)) || !strings.Contains(stored, `"correct":true`) ||
		(field != "" && !strings.Contains(stored, draft)) {
		t.Errorf("stored progress: %s", stored)
	}

	// Reload: the progress and the reflection are kept.
	p.Goto(path)
	p.WaitText(score, fmt.Sprintf("Score: 1 / %d", n))
	p.WaitText(base+" .quiz-saved", "Answered correctly before (2 attempts)")
	if field != "" {
		p.WaitJS(fmt.Sprintf(`document.querySelector(%q).value === %q`, field, draft), Timeout)
		p.WaitText(field+"-draft", "Restored from your last visit.")
		shootCSS(t, p, strings.TrimSuffix(field, "-input"), "quiz-reflection-restored")
	}

	// Reset, then Undo: everything comes back.
	footer := "#quiz-" + qz.ID + " .quiz-footer"
	clickCSS(p, footer+" button")
	p.WaitText(score, fmt.Sprintf("Score: 0 / %d", n))
	p.WaitText(footer+" [role=status]", "Progress reset.")
	shootCSS(t, p, footer, "quiz-reset-undo")
	clickCSS(p, footer+" .progress-undo")
	p.WaitText(footer+" [role=status]", "Progress restored.")
	p.WaitText(score, fmt.Sprintf("Score: 1 / %d", n))
	p.WaitText(base+" .quiz-saved", "Answered correctly before (2 attempts)")
	if field != "" {
		p.WaitJS(fmt.Sprintf(`document.querySelector(%q).value === %q`, field, draft), Timeout)
	}

	// Reset again: scores and the reflection go, also after a reload.
	clickCSS(p, footer+" button")
	p.WaitText(score, fmt.Sprintf("Score: 0 / %d", n))
	p.WaitText(footer+" [role=status]", "Progress reset.")
	if field != "" {
		p.WaitJS(fmt.Sprintf(`document.querySelector(%q).value === ""`, field), Timeout)
	}
	p.Goto(path)
	p.WaitText(score, fmt.Sprintf("Score: 0 / %d", n))
	if p.Exists(base + " .quiz-saved") {
		t.Error("progress still shown after reset and reload")
	}
	if field != "" && Eval[string](p, fmt.Sprintf(`document.querySelector(%q).value`, field)) != "" {
		t.Error("reflection still shown after reset and reload")
	}
	if stored := storedProgress(p, slug); strings.Contains(stored, draft) {
		t.Errorf("reflection still stored after reset: %s", stored)
	}
	p.NoConsoleErrors()
}

// reflectionField is the CSS selector of the text field of qz's first
// reflection question, "" when it has none.
func reflectionField(qz *quiz.Quiz) string {
	for i, q := range qz.Questions {
		if q.Type == quiz.Reflection {
			return "#q-" + qz.ID + "-" + qz.QuestionID(i) + "-input"
		}
	}
	return ""
}

// typeKeys focuses the element matching css and types text key by key.
func typeKeys(p *Page, css, text string) {
	p.T.Helper()
	p.WaitJS(fmt.Sprintf(`!!document.querySelector(%q)`, css), Timeout)
	Eval[bool](p, fmt.Sprintf(`(document.querySelector(%q).scrollIntoView({block: "center"}), true)`, css))
	p.Do(chromedp.SendKeys(chromedp.CSS(css), text))
}

// shootCSS saves a screenshot of the element matching css as out/NAME.png.
func shootCSS(t *testing.T, p *Page, css, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.Ctx, Timeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.ScrollIntoView(chromedp.CSS(css))); err != nil {
		t.Errorf("scroll to %s: %v", css, err)
		return
	}
	p.WaitFrames(2)
	buf, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(css)))
	if err != nil {
		t.Errorf("screenshot %s: %v", css, err)
		return
	}
	if err := os.MkdirAll(OutDir(), 0o755); err == nil {
		_ = os.WriteFile(filepath.Join(OutDir(), name+".png"), buf, 0o644)
	}
}

// TestQuizCorruptProgress stores garbage under the progress key: the page
// shows a notice, still works, and the garbage is gone.
func TestQuizCorruptProgress(t *testing.T) {
	slug, qz, _ := findSingleQuestion(t)
	path := "/lessons/" + slug
	p := Open(t, path)
	clearProgress(p) // an earlier release had only this one record
	Eval[bool](p, `(localStorage.setItem("latentlab.progress", '{"version":99,"lessons":[1,2'), true)`)
	p.Goto(path)
	p.WaitText("#quiz-"+qz.ID+" .notice", "has been reset")
	p.WaitText("#quiz-"+qz.ID+"-score", "Score: 0 /")
	if stored := Eval[string](p, `localStorage.getItem("latentlab.progress") || ""`); stored != "" {
		t.Errorf("corrupt progress kept: %s", stored)
	}
	p.NoConsoleErrors()
}

// TestCatalogFollowsProgress: the catalog open in one tab shows the progress
// made in a quiz in another tab (localStorage "storage" event).
func TestCatalogFollowsProgress(t *testing.T) {
	slug, qz, qi := findSingleQuestion(t)
	c := Open(t, "/")
	clearProgress(c)
	c.Goto("/")
	p := Open(t, "/lessons/"+slug)
	base := "#q-" + qz.ID + "-" + qz.QuestionID(qi)
	right, _ := qz.Questions[qi].Answer.Index()
	clickCSS(p, fmt.Sprintf("%s-c%d", base, right))
	clickCSS(p, base+" .quiz-check")
	p.WaitText(base+"-feedback", "Correct.")
	c.WaitBodyText(fmt.Sprintf("1 of %d questions done", len(qz.Questions)))
	clearProgress(c)
}

// TestQuizLockedEmbed: an embedded quiz with controls=locked is still
// answerable but its Reset progress button is disabled with a note; with
// controls=hidden the button is gone; without the parameter it works.
func TestQuizLockedEmbed(t *testing.T) {
	slug, qz, qi := findSingleQuestion(t)
	path := "/embed/" + slug + "/" + qz.ID
	footer := "#quiz-" + qz.ID + " .quiz-footer"
	resetBtn := `[...document.querySelectorAll("#quiz-` + qz.ID + ` button")].find(b => b.textContent.trim() === "Reset progress")`
	base := "#q-" + qz.ID + "-" + qz.QuestionID(qi)
	right, _ := qz.Questions[qi].Answer.Index()

	p := Open(t, path+"?controls=locked")
	p.WaitJS(fmt.Sprintf(`!!document.querySelector(%q)`, base+" legend"), Timeout)
	if !Eval[bool](p, `(() => { const b = `+resetBtn+`; return !!b && b.disabled && !!document.getElementById(b.getAttribute("aria-describedby")); })()`) {
		t.Error("locked: Reset progress not disabled with a note")
	}
	p.WaitText(footer, "Resetting progress is turned off")
	clickCSS(p, fmt.Sprintf("%s-c%d", base, right))
	clickCSS(p, base+" .quiz-check")
	p.WaitText(base+"-feedback", "Correct.")
	shootCSS(t, p, footer, "quiz-locked-footer")

	p.Goto(path + "?controls=hidden")
	p.WaitJS(fmt.Sprintf(`!!document.querySelector(%q)`, base+" legend"), Timeout)
	if Eval[bool](p, `!!(`+resetBtn+`)`) {
		t.Error("hidden: Reset progress shown")
	}
	p.Goto(path)
	p.WaitJS(fmt.Sprintf(`!!document.querySelector(%q)`, base+" legend"), Timeout)
	if !Eval[bool](p, `(() => { const b = `+resetBtn+`; return !!b && !b.disabled; })()`) {
		t.Error("default: Reset progress missing or disabled")
	}
	clearProgress(p)
	p.NoConsoleErrors()
}

// TestQuizQuizzesOnOnePageKeepEachOther answers a question in two quizzes of
// one lesson page, one after the other: after a reload both are kept (each
// save reads the stored record first instead of writing an older copy).
func TestQuizQuizzesOnOnePageKeepEachOther(t *testing.T) {
	idx, ls := bundle(t)
	type pick struct {
		qz *quiz.Quiz
		qi int
	}
	var slug string
	var picks []pick
	for _, m := range idx.Lessons {
		picks = picks[:0]
		for _, b := range ls[m.Slug].Blocks {
			if b.Kind != lesson.KindQuiz || b.Quiz == nil {
				continue
			}
			for i, q := range b.Quiz.Questions {
				if q.Type == quiz.Single {
					picks = append(picks, pick{b.Quiz, i})
					break
				}
			}
		}
		if len(picks) >= 2 {
			slug = m.Slug
			break
		}
	}
	if slug == "" {
		t.Fatal("no lesson has two quizzes with a single-choice question; this test needs one (lessons/*.md)")
	}
	path := "/lessons/" + slug
	p := Open(t, path)
	clearProgress(p)
	p.Goto(path)
	for _, pk := range picks[:2] {
		base := "#q-" + pk.qz.ID + "-" + pk.qz.QuestionID(pk.qi)
		right, _ := pk.qz.Questions[pk.qi].Answer.Index()
		clickCSS(p, fmt.Sprintf("%s-c%d", base, right))
		clickCSS(p, base+" .quiz-check")
		p.WaitText(base+"-feedback", "Correct.")
	}
	p.Goto(path)
	for _, pk := range picks[:2] {
		p.WaitText("#quiz-"+pk.qz.ID+"-score", fmt.Sprintf("Score: 1 / %d", len(pk.qz.Questions)))
	}
	clearProgress(p)
}

// TestQuizMigratesVersion1: progress stored by an earlier release (schema
// version 1: every lesson in one record, no reflection texts) is read
// without a notice, and split into version 3 lesson records with the old
// answers kept; the old record is then removed.
func TestQuizMigratesVersion1(t *testing.T) {
	slug, qz, qi := findSingleQuestion(t)
	path := "/lessons/" + slug
	qid := qz.QuestionID(qi)
	v1 := fmt.Sprintf(`{"version":1,"lessons":{%q:{"quizzes":{%q:{"total":%d,"questions":{%q:{"correct":true,"score":1,"attempts":1}}}},"completed":false}}}`,
		slug, qz.ID, len(qz.Questions), qid)
	p := Open(t, path)
	clearProgress(p) // an earlier release had only this one record
	Eval[bool](p, fmt.Sprintf(`(localStorage.setItem("latentlab.progress", %q), true)`, v1))
	p.Goto(path)
	p.WaitText("#quiz-"+qz.ID+"-score", fmt.Sprintf("Score: 1 / %d", len(qz.Questions)))
	if p.Exists("#quiz-" + qz.ID + " .notice") {
		t.Errorf("notice for version 1 data: %q", p.Text("#quiz-"+qz.ID+" .notice"))
	}
	if field := reflectionField(qz); field != "" {
		typeKeys(p, field, "x")
		p.WaitText(field+"-draft", "Saved in this browser.")
	}
	stored := storedProgress(p, slug)
	if !strings.Contains(stored, `"version":3`) || !strings.Contains(stored, fmt.Sprintf(`%q:{"correct":true`, qid)) {
		t.Errorf("after migration: %s", stored)
	}
	if old := Eval[string](p, `localStorage.getItem("latentlab.progress") || ""`); old != "" {
		t.Errorf("version 1 record kept after the split: %s", old)
	}
	clearProgress(p)
}
