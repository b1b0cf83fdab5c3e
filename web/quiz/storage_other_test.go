//go:build !(js && wasm)

package quiz

import "testing"

func TestStorageNative(t *testing.T) {
	setStoredForTest([]byte("{corrupt"))
	p, notice := LoadProgress()
	if notice == "" || len(p.Lessons) != 0 {
		t.Fatalf("corrupt store: %q", notice)
	}
	if _, notice := LoadProgress(); notice != "" {
		t.Errorf("notice shown twice: %q", notice)
	}
	q := decodeSample(t)
	p.Record("vae", q, "tf", Result{Answered: true, Correct: true, Score: 1}, false)
	if err := SaveProgress(p); err != nil {
		t.Fatal(err)
	}
	back, _ := LoadProgress()
	if !back.Question("vae", "vae-check", "tf").Correct {
		t.Error("saved progress lost")
	}
	_ = ResetProgress()
	if back, _ := LoadProgress(); len(back.Lessons) != 0 {
		t.Error("reset kept progress")
	}
}

// Two writers with copies read at different times both keep their changes
// when they go through UpdateProgress.
func TestUpdateProgressKeepsOtherWriters(t *testing.T) {
	_ = ResetProgress()
	q := decodeSample(t)
	other := &Quiz{ID: "other", Questions: q.Questions[:1]}
	if _, _, err := UpdateProgress(func(p *Progress) { p.SetText("vae", q, "refl", "draft") }); err != nil {
		t.Fatal(err)
	}
	if _, _, err := UpdateProgress(func(p *Progress) {
		p.Record("vae", other, "kl-term", Result{Answered: true, Correct: true, Score: 1}, false)
	}); err != nil {
		t.Fatal(err)
	}
	back, _ := LoadProgress()
	if back.Text("vae", "vae-check", "refl") != "draft" || back.Question("vae", "other", "kl-term") == nil {
		t.Errorf("a writer's change was lost: %s", back.Encode())
	}
	_ = ResetProgress()
}
