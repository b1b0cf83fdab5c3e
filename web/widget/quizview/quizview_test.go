package quizview

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/quiz"
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
	if c.Verb.ID != VerbCompleted || c.Result.Score.Scaled != 0.75 || c.Result.Success || !c.Result.Completion {
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
