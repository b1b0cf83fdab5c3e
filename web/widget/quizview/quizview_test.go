package quizview

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/quiz"
	"latentlab/web/store"
)

func sampleQuiz() *quiz.Quiz {
	tol := 0.01
	return &quiz.Quiz{ID: "vae-check", Title: "VAE check", Questions: []quiz.Question{
		{ID: "kl", Type: quiz.Single, Prompt: "Which term <b>keeps</b> q close to p?", Choices: []string{"Reconstruction", "KL"}, Answer: quiz.NewAnswer(1), Hint: "Think of the prior."},
		{ID: "multi", Type: quiz.Multiple, Prompt: "Generative?", Choices: []string{"VAE", "CAE"}, Answer: quiz.NewAnswer([]int{0})},
		{ID: "num", Type: quiz.Numeric, Prompt: "KL of N({mu}, {sigma}²)?", Formula: "kl_gaussian", Tolerance: &tol,
			Params: map[string]quiz.Range{"mu": {Min: 1, Max: 1, Step: 1}, "sigma": {Min: 1, Max: 1, Step: 1}}, Unit: "nats"},
		{ID: "refl", Type: quiz.Reflection, Prompt: "Explain.", ModelAnswer: "Because."},
	}}
}

func TestRenderAccessibleStructure(t *testing.T) {
	v := New("vae", sampleQuiz(), false).(*View)
	d := app.NewClientTester(v)
	defer d.Close()
	d.Consume()
	html := app.HTMLString(v)
	for _, want := range []string{
		"<fieldset", "<legend", `type="radio"`, `type="checkbox"`, `for="q-vae-check-kl-c1"`, `id="q-vae-check-kl-c1"`,
		`role="status"`, `aria-live="polite"`, ">Check answer<", ">Show hint<", ">Reveal model answer<",
		"Score: 0 / 4", "KL of N(1, 1²)?", "Your answer (in nats)", "&lt;b&gt;keeps&lt;/b&gt;",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in\n%s", want, html)
		}
	}
	if strings.Contains(html, "<b>keeps") {
		t.Error("prompt rendered as HTML")
	}
	if n := strings.Count(html, "<fieldset"); n != 4 {
		t.Errorf("%d fieldsets", n)
	}
}

func TestStatements(t *testing.T) {
	qz := sampleQuiz()
	q := qz.Questions[0]
	r := quiz.Grade(&q, quiz.Response{Choices: []int{1}})
	s := AnsweredStatement("https://lab.example/embed/vae/vae-check", "vae", qz, 0, &q, r, time.Unix(0, 0))
	b, _ := json.Marshal(Message{Type: MessageType, Statement: s})
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	st := m["statement"].(map[string]any)
	if m["type"] != "latentlab:xapi" ||
		st["verb"].(map[string]any)["id"] != VerbAnswered ||
		st["object"].(map[string]any)["id"] != "https://lab.example/embed/vae/vae-check#vae-check/kl" ||
		st["result"].(map[string]any)["success"] != true ||
		st["result"].(map[string]any)["score"].(map[string]any)["scaled"] != 1.0 ||
		st["result"].(map[string]any)["response"] != "KL" {
		t.Errorf("statement: %s", b)
	}
	c := CompletedStatement("https://lab.example/lessons/vae", "vae", qz, 3, 4, time.Unix(0, 0))
	if c.Verb.ID != VerbCompleted || c.Result.Score.Scaled != 0.75 || c.Result.Succeeded() || !c.Result.Completion {
		t.Errorf("completed: %+v", c)
	}
}

func TestSummaryText(t *testing.T) {
	if s := SummaryText(quiz.LessonSummary{Done: 3, Total: 8, Percent: 37, Started: true}); s != "3 of 8 questions done (37%)" {
		t.Error(s)
	}
	if SummaryText(quiz.LessonSummary{Completed: true}) != "Completed" || SummaryText(quiz.LessonSummary{}) != "" {
		t.Error("summary text")
	}
}

func renderHTML(t *testing.T, v *View) string {
	t.Helper()
	d := app.NewClientTester(v)
	t.Cleanup(d.Close)
	d.Consume()
	return app.HTMLString(v)
}

// useMemory makes the quizzes keep progress in a fresh in-memory storage
// for the test, and returns it (to inspect, or to make it fail).
func useMemory(t *testing.T) (*store.Memory, *quiz.Records) {
	t.Helper()
	m := store.NewMemory()
	r := quiz.NewRecords(store.New(m))
	old := records
	records = func() *quiz.Records { return r }
	t.Cleanup(func() { records = old })
	return m, r
}

// A stored reflection text comes back in its field when the quiz mounts.
func TestReflectionDraftRestored(t *testing.T) {
	_, r := useMemory(t)
	qz := sampleQuiz()
	if _, _, err := r.Update("vae", func(p *quiz.Progress) { p.SetText("vae", qz, "refl", "My <draft> answer") }); err != nil {
		t.Fatal(err)
	}
	v := New("vae", qz, false).(*View)
	html := renderHTML(t, v)
	if v.resp[3].Text != "My <draft> answer" {
		t.Errorf("restored response %q", v.resp[3].Text)
	}
	for _, want := range []string{draftRestored, `maxlength="4000"`} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in\n%s", want, html)
		}
	}
}

// controls=locked shows Reset progress disabled with a note; hidden leaves
// it out; the questions stay answerable either way.
func TestLockedAndHiddenReset(t *testing.T) {
	open := renderHTML(t, &View{Lesson: "vae", Quiz: sampleQuiz()})
	locked := renderHTML(t, &View{Lesson: "vae", Quiz: sampleQuiz(), Locked: true})
	hidden := renderHTML(t, &View{Lesson: "vae", Quiz: sampleQuiz(), Hidden: true})
	if !strings.Contains(open, ">Reset progress<") || disabledTag(resetTag(open)) || strings.Contains(open, "turned off") {
		t.Error("default: Reset progress missing or locked")
	}
	if btn := resetTag(locked); !strings.Contains(btn, `aria-describedby="quiz-vae-check-locked-note"`) || !disabledTag(btn) ||
		!strings.Contains(locked, "Resetting progress is turned off") {
		t.Errorf("locked footer:\n%s", locked)
	}
	if strings.Contains(hidden, "Reset progress") {
		t.Error("hidden: Reset progress shown")
	}
	for name, h := range map[string]string{"locked": locked, "hidden": hidden} {
		if strings.Count(h, ">Check answer<") != 3 || strings.Contains(h, `type="radio" disabled`) {
			t.Errorf("%s: questions not answerable", name)
		}
	}
}

// resetTag returns the opening tag of the Reset progress button in html.
func resetTag(html string) string {
	end := strings.Index(html, ">Reset progress<")
	if end < 0 {
		return ""
	}
	return html[strings.LastIndex(html[:end], "<button"):end]
}

// disabledTag reports whether an opening tag has a true disabled attribute
// (HTMLString writes a false one as disabled="false").
func disabledTag(tag string) bool {
	return strings.Contains(tag, " disabled") && !strings.Contains(tag, `disabled="false"`)
}
