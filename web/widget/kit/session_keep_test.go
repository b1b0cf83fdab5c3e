package kit

import (
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/spec"
	"latentlab/web/engine"
	"latentlab/web/engine/enginetest"
)

// TestSessionRestoresKeptWeights: a session keeps its model's weights while
// it trains; when the engine stops (here: the worker answers with the
// shim's crash report), training stops with a notice in words and no rate,
// and Start (the bar's Reset) loads the kept weights into a fresh engine:
// the step count goes on from where they were kept.
func TestSessionRestoresKeptWeights(t *testing.T) {
	client, stop := enginetest.NewStoppable()
	s := &Session{Models: []*engine.Model{client.Model("a")}, Limit: 60}
	s.Setup = func(_ app.Context, _ int, m *engine.Model, done func(engine.Info, error)) {
		c := spec.Default(spec.AE)
		c.Hidden, c.Latent, c.Output, c.LR, c.Batch = []int{8}, 1, "", 0.01, 20
		m.Create(c, engine.Toy("moons", 100, 20, 0.05, 1), done)
	}
	s.Terms = func() []Term { return []Term{{Name: "loss", Value: 1}} }
	s.Start(nil)
	s.train(nil) // synchronous: to the limit, keeping the weights after the first chunk
	if s.kept.files == nil || s.kept.Step() <= 0 || s.kept.Step() >= 60 {
		t.Fatalf("kept %d files at step %d", len(s.kept.files), s.kept.Step())
	}
	kept := s.kept.Step()
	stop(true)
	s.Limit = 0
	s.step(nil)
	if !strings.Contains(s.Alert(), "stopped working") || !strings.Contains(s.Alert(), "kept at step") {
		t.Errorf("alert after the stop: %q", s.Alert())
	}
	if st := s.Status(); !strings.Contains(st, "the engine stopped") || strings.Contains(st, "steps/s") {
		t.Errorf("status after the stop: %q", st)
	}
	stop(false)
	gen := client.Generation()
	s.Start(nil) // Reset
	if !s.IsReady() || s.Step() != kept || s.Alert() != "" || client.Generation() != gen+1 {
		t.Fatalf("after Reset: ready %v, step %d (kept %d), alert %q, generation %d (was %d)",
			s.IsReady(), s.Step(), kept, s.Alert(), client.Generation(), gen)
	}
	s.step(nil)
	if s.Step() != kept+1 {
		t.Errorf("a step after the restore: step %d", s.Step())
	}
	// A Reset while the engine runs builds a new model and forgets the kept weights.
	s.Start(nil)
	if s.Step() != 0 || s.kept.files != nil {
		t.Errorf("a plain Reset: step %d, %d kept files", s.Step(), len(s.kept.files))
	}
}

// TestDownloadedMB: a compressed download counts the bytes on the wire, its
// unpacked share scaled to its compressed size; others as they come.
func TestDownloadedMB(t *testing.T) {
	for _, c := range []struct {
		d    engine.Download
		want string
	}{
		{engine.Download{Got: 785_000, Total: 1_570_000, Sent: 275_000}, "0.1 of 0.3 MB"},
		{engine.Download{Got: 1_570_000, Total: 1_570_000, Sent: 275_000}, "0.3 of 0.3 MB"},
		{engine.Download{Got: 500_000, Total: 1_000_000}, "0.5 of 1.0 MB"},
		{engine.Download{Got: 200_000}, "0.2 MB"},
	} {
		if got := downloadedMB(c.d); got != c.want {
			t.Errorf("downloadedMB(%+v) = %q, want %q", c.d, got, c.want)
		}
	}
}
