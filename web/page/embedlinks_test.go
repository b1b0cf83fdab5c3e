package page

import "testing"

func TestLessonLinkCarriesTheEmbedSettings(t *testing.T) {
	got := lessonLink("/embed/vae/trainer", "?beta=2&seed=7&controls=locked&origin=https%3A%2F%2Fx.edu", "#widget-trainer")
	if want := "/lessons/vae?trainer.beta=2&trainer.seed=7#widget-trainer"; got != want {
		t.Fatalf("lessonLink = %q, want %q", got, want)
	}
	if got := lessonLink("/embed/cae", "", ""); got != "/lessons/cae" {
		t.Fatalf("whole-lesson embed: %q", got)
	}
}
