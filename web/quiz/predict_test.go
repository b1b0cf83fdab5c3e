package quiz

import (
	"strings"
	"testing"

	"latentlab/web/store"
)

// TestPredictionsStoredUngraded: a prediction survives the lesson's record,
// a later one replaces it, it does not complete the lesson or score, a
// long text is cut, and a lesson record without predictions still reads.
func TestPredictionsStoredUngraded(t *testing.T) {
	r := NewRecords(store.New(store.NewMemory()))
	long := strings.Repeat("é", MaxTextLen+10)
	for _, guess := range []string{"inside", "outside"} {
		if _, _, err := r.Update("vae", func(p *Progress) { p.SetPrediction("vae", "step:z", guess, "between") }); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := r.Update("vae", func(p *Progress) { p.SetPrediction("vae", "step:update", long, "down") }); err != nil {
		t.Fatal(err)
	}
	back, note := r.Lesson("vae")
	if note != "" {
		t.Errorf("notice %q", note)
	}
	if pr := back.Prediction("vae", "step:z"); pr == nil || pr.Guess != "outside" || pr.Observed != "between" {
		t.Errorf("prediction %+v", pr)
	}
	if pr := back.Prediction("vae", "step:update"); pr == nil || len([]rune(pr.Guess)) != MaxTextLen {
		t.Errorf("long guess kept as %d runes", len([]rune(pr.Guess)))
	}
	if s := back.Summary("vae"); s.Completed || back.Lessons["vae"].Completed {
		t.Errorf("predictions completed the lesson: %+v", s)
	}
	if back.Prediction("vae", "none") != nil || back.Prediction("dae", "step:z") != nil {
		t.Error("a prediction that was never made")
	}
	l, st := decodeLesson([]byte(`{"version":3,"quizzes":{},"completed":false,"predictions":{"a":null}}`))
	if st != recordOK || len(l.Predictions) != 0 {
		t.Errorf("a null prediction: state %v, %v", st, l.Predictions)
	}
}
