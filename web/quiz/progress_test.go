package quiz

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestProgressRoundTripAndCompletion(t *testing.T) {
	q := decodeSample(t)
	p := NewProgress()
	p.Seen("vae", q)
	if s := p.Summary("vae"); s.Total != 8 || s.Done != 0 || s.Completed || s.Started {
		t.Fatalf("seen: %+v", s)
	}
	wrong := Grade(&q.Questions[0], Response{Choices: []int{0}})
	p.Record("vae", q, "kl-term", wrong, false)
	right := Grade(&q.Questions[0], Response{Choices: []int{1}})
	p.Record("vae", q, "kl-term", right, false)
	p.Record("vae", q, "kl-term", wrong, false) // a later wrong answer keeps the best
	s := p.Question("vae", "vae-check", "kl-term")
	if s == nil || !s.Correct || s.Score != 1 || s.Attempts != 3 {
		t.Fatalf("question progress: %+v", s)
	}
	p.Record("vae", q, "multi", Result{}, false) // unanswered: not recorded
	if p.Question("vae", "vae-check", "multi") != nil {
		t.Error("empty response recorded")
	}
	back, notice := roundTrip(t, p, "vae")
	if notice != "" || back.Summary("vae") != p.Summary("vae") {
		t.Fatalf("round trip: %q %+v", notice, back.Summary("vae"))
	}
	if got := back.Summary("vae"); got.Done != 1 || got.Percent != 12 || !got.Started {
		t.Errorf("summary: %+v", got)
	}
	for i := range q.Questions {
		qid := q.QuestionID(i)
		r := Result{Answered: true, Correct: true, Score: 1}
		refl := q.Questions[i].Type == Reflection
		if refl {
			r = Result{Answered: true, Score: 0} // "not yet" still completes
		}
		p.Record("vae", q, qid, r, refl)
	}
	if s := p.Summary("vae"); !s.Completed || s.Percent != 100 {
		t.Errorf("completion: %+v", s)
	}
	if s := p.Summary("cae"); s != (LessonSummary{}) {
		t.Errorf("unknown lesson: %+v", s)
	}
	p.ResetLesson("vae")
	if s := p.Summary("vae"); s.Total != 0 {
		t.Errorf("reset lesson: %+v", s)
	}
}

// Reflection text survives encode/decode, is capped, and blank text leaves
// no entry behind; resetting the lesson forgets it.
func TestProgressReflectionText(t *testing.T) {
	q := decodeSample(t)
	p := NewProgress()
	p.Seen("vae", q)
	draft := "The encoder outputs μ and log σ²; z = μ + σ·ε."
	p.SetText("vae", q, "refl", draft)
	if s := p.Question("vae", "vae-check", "refl"); s == nil || s.Attempts != 0 || s.Done() {
		t.Fatalf("draft entry: %+v", s)
	}
	if s := p.Summary("vae"); s.Started || s.Done != 0 {
		t.Errorf("a draft counts as progress: %+v", s)
	}
	back, notice := roundTrip(t, p, "vae")
	if notice != "" || back.Text("vae", "vae-check", "refl") != draft {
		t.Fatalf("round trip: %q, %q", notice, back.Text("vae", "vae-check", "refl"))
	}
	back.Record("vae", q, "refl", Result{Answered: true, Score: 1}, true)
	back.SetText("vae", q, "refl", "  \n ")
	if s := back.Question("vae", "vae-check", "refl"); s == nil || s.Text != "" || !s.Rated {
		t.Errorf("blank text on a rated question: %+v", s)
	}
	back.SetText("vae", q, "other", "x")
	back.SetText("vae", q, "other", "")
	if back.Question("vae", "vae-check", "other") != nil {
		t.Error("emptied draft left an entry")
	}
	back.SetText("vae", q, "refl", draft)
	back.ResetLesson("vae")
	if back.Text("vae", "vae-check", "refl") != "" {
		t.Error("reset kept the text")
	}
}

func TestCapText(t *testing.T) {
	long := strings.Repeat("é", MaxTextLen+10) // two bytes a rune
	if got := CapText(long); utf8.RuneCountInString(got) != MaxTextLen || !utf8.ValidString(got) {
		t.Errorf("capped to %d runes", utf8.RuneCountInString(got))
	}
	exact := strings.Repeat("a", MaxTextLen)
	if CapText(exact) != exact || CapText("short") != "short" {
		t.Error("text within the cap changed")
	}
	q := decodeSample(t)
	p := NewProgress()
	p.SetText("vae", q, "refl", long)
	if n := utf8.RuneCountInString(p.Text("vae", "vae-check", "refl")); n != MaxTextLen {
		t.Errorf("SetText kept %d runes", n)
	}
	// Over-long stored text (edited by hand) is cut on load, not a reset.
	raw := `{"version":3,"quizzes":{"q":{"questions":{"a":{"text":"` + strings.Repeat("b", MaxTextLen+1) + `"}}}}}`
	l, st := decodeLesson([]byte(raw))
	back := &Progress{Lessons: map[string]*LessonProgress{"vae": l}}
	notice := noticeFor(st, false)
	if notice != "" || len(back.Text("vae", "q", "a")) != MaxTextLen {
		t.Errorf("long stored text: notice %q, %d bytes", notice, len(back.Text("vae", "q", "a")))
	}
}
