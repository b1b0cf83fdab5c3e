package quizview

import (
	"html"
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/quiz"
	"latentlab/web/store"
)

// mountView mounts a quiz of lesson vae and returns it with a function that
// runs f on the UI goroutine with the view's context, then its HTML.
func mountView(t *testing.T) (*View, func(f func(app.Context)) string) {
	t.Helper()
	v := New("vae", sampleQuiz(), false).(*View)
	d := app.NewClientTester(v)
	t.Cleanup(d.Close)
	d.Consume()
	return v, func(f func(app.Context)) string {
		d.Dispatch(app.Dispatch{Mode: app.Update, Source: v, Function: f})
		d.Consume()
		return app.HTMLString(v)
	}
}

func answerKL(v *View) func(app.Context) {
	return func(ctx app.Context) {
		v.resp[0] = quiz.Response{Choices: []int{1}}
		v.check(ctx, 0)
	}
}

// Storage full: the answer counts on the page, the question says it is not
// saved and offers Try again; once there is room the retry stores it.
func TestAnswerNotSavedWhenFull(t *testing.T) {
	m, r := useMemory(t)
	var retries []time.Duration
	old := after
	after = func(_ app.Context, d time.Duration, _ func(app.Context)) { retries = append(retries, d) }
	t.Cleanup(func() { after = old })
	v, run := mountView(t)
	used := 0
	for k, val := range m.Raw() {
		used += len(k) + len(val)
	}
	m.SetQuota(used + 8)
	out := run(answerKL(v))
	for _, want := range []string{html.EscapeString(unsavedFull), ">Try again<", "Score: 1 / 4", `role="alert"`} {
		if !strings.Contains(out, want) {
			t.Errorf("full: missing %q in\n%s", want, out)
		}
	}
	if p, _ := quiz.NewRecords(store.New(m)).Lesson("vae"); p.Question("vae", "vae-check", "kl") != nil {
		t.Fatal("answer stored although the storage was full")
	}
	if len(retries) != 1 || retries[0] != firstRetry {
		t.Errorf("retries scheduled: %v", retries)
	}
	run(func(ctx app.Context) { v.retrying = false; v.retry(ctx) }) // still full: the next wait doubles
	if len(retries) != 2 || retries[1] != 2*firstRetry {
		t.Errorf("retries scheduled: %v", retries)
	}
	m.SetQuota(0)
	out = run(func(ctx app.Context) { v.retry(ctx) })
	if strings.Contains(out, "Not saved") {
		t.Errorf("note kept after a successful retry:\n%s", out)
	}
	if p, _ := quiz.NewRecords(store.New(m)).Lesson("vae"); p.Question("vae", "vae-check", "kl") == nil {
		t.Error("retry did not store the answer")
	}
	if s := r.Summary("vae"); !s.Started {
		t.Error("answer lost from the records")
	}
}

// Storage blocked: one note at the top, none per question, and answers
// count for the visit.
func TestBlockedStorageNote(t *testing.T) {
	m, _ := useMemory(t)
	m.SetBlocked(true)
	v, run := mountView(t)
	html := run(answerKL(v))
	if !strings.Contains(html, noteNotKept) || strings.Count(html, noteNotKept) != 1 {
		t.Errorf("missing the not-kept note once:\n%s", html)
	}
	if strings.Contains(html, "Not saved") || !strings.Contains(html, "Score: 1 / 4") {
		t.Errorf("blocked: per-question note or lost score:\n%s", html)
	}
}

// Reset progress, then Undo, puts the answers back.
func TestResetUndo(t *testing.T) {
	_, r := useMemory(t)
	qz := sampleQuiz()
	if _, _, err := r.Update("vae", func(p *quiz.Progress) {
		p.Record("vae", qz, "kl", quiz.Result{Answered: true, Correct: true, Score: 1}, false)
	}); err != nil {
		t.Fatal(err)
	}
	b := &resetButton{Lesson: "vae"}
	d := app.NewClientTester(b)
	t.Cleanup(d.Close)
	run := func(f func(app.Context, app.Event)) string {
		d.Dispatch(app.Dispatch{Mode: app.Update, Source: b, Function: func(ctx app.Context) { f(ctx, app.Event{}) }})
		d.Consume()
		return app.HTMLString(b)
	}
	html := run(b.click)
	if !strings.Contains(html, saidReset) || !strings.Contains(html, ">Undo<") || r.Summary("vae").Started {
		t.Fatalf("after reset:\n%s", html)
	}
	html = run(b.clickUndo)
	if !strings.Contains(html, saidRestored) || strings.Contains(html, ">Undo<") || !r.Summary("vae").Started {
		t.Errorf("after undo:\n%s", html)
	}
}
