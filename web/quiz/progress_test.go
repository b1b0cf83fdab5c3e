package quiz

import (
	"strings"
	"testing"
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
	back, notice := DecodeProgress(p.Encode())
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

func TestDecodeProgressHostile(t *testing.T) {
	cases := map[string]string{
		"corrupt":        `{"version":1,"lessons":{`,
		"not json":       `hello`,
		"old version":    `{"version":0,"lessons":{}}`,
		"future version": `{"version":2,"lessons":{}}`,
		"no version":     `{"lessons":{}}`,
		"string version": `{"version":"1","lessons":{}}`,
		"array":          `[1,2,3]`,
		"lessons array":  `{"version":1,"lessons":[]}`,
		"quizzes string": `{"version":1,"lessons":{"vae":{"quizzes":"x"}}}`,
		"score too big":  `{"version":1,"lessons":{"vae":{"quizzes":{"q":{"questions":{"a":{"score":7}}}}}}}`,
		"neg attempts":   `{"version":1,"lessons":{"vae":{"quizzes":{"q":{"questions":{"a":{"attempts":-1}}}}}}}`,
		"neg total":      `{"version":1,"lessons":{"vae":{"quizzes":{"q":{"total":-3}}}}}`,
		"correct string": `{"version":1,"lessons":{"vae":{"quizzes":{"q":{"questions":{"a":{"correct":"yes"}}}}}}}`,
		"huge version":   `{"version":1e400,"lessons":{}}`,
	}
	for name, in := range cases {
		p, notice := DecodeProgress([]byte(in))
		if p == nil || p.Version != ProgressVersion || len(p.Lessons) != 0 || notice == "" {
			t.Errorf("%s: got %+v, notice %q", name, p, notice)
		}
		if strings.Contains(notice, "<") {
			t.Errorf("%s: notice echoes markup", name)
		}
	}
	for _, in := range []string{"", "  ", "null"} {
		if p, notice := DecodeProgress([]byte(in)); notice != "" || p == nil {
			t.Errorf("%q: notice %q", in, notice)
		}
	}
	// Nulls inside are tolerated and cleaned.
	p, notice := DecodeProgress([]byte(`{"version":1,"lessons":{"vae":null,"cae":{"quizzes":{"q":null,"r":{"questions":{"a":null}}}}}}`))
	if notice != "" || p.Lessons["vae"] != nil || p.Lessons["cae"].Quizzes["q"] != nil {
		t.Errorf("nulls: %q %+v", notice, p)
	}
}
