package kit

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/spec"
	"latentlab/web/engine"
	"latentlab/web/engine/enginetest"
)

// toySession is a session over n small autoencoders on the toy moons,
// answered by the real engine in-process.
func toySession(n int, setup func(i int, c *spec.Config)) (*Session, *[][]engine.Trained) {
	client := enginetest.NewClient()
	var got [][]engine.Trained
	s := &Session{Names: []string{"the first", "the second"}}
	for i := range n {
		s.Models = append(s.Models, client.Model(string(rune('a'+i))))
	}
	s.Setup = func(_ app.Context, i int, m *engine.Model, done func(engine.Info, error)) {
		c := spec.Default(spec.AE)
		c.Hidden, c.Latent, c.Output, c.LR, c.Batch = []int{8}, 1, "", 0.01, 20
		if setup != nil {
			setup(i, &c)
		}
		m.Create(c, engine.Toy("moons", 100, 20, 0.05, 1), done)
	}
	s.Trained = func(_ app.Context, r []engine.Trained) { got = append(got, append([]engine.Trained(nil), r...)) }
	s.Terms = func() []Term { return []Term{{Name: "loss", Value: 1}} }
	return s, &got
}

// Two models train in lockstep: every chunk gives both the same steps, Step
// takes one, Train runs to the limit and the status says so.
func TestSessionLockstep(t *testing.T) {
	s, got := toySession(2, nil)
	s.Limit, s.LimitNote = 40, "trained for %d steps"
	s.Start(nil)
	if !s.IsReady() || !strings.Contains(s.Status(), "ready") {
		t.Fatalf("not ready: %q, alert %q", s.Status(), s.Alert())
	}
	s.step(nil)
	if s.Step() != 1 || len(*got) != 1 {
		t.Fatalf("Step took %d steps in %d chunks", s.Step(), len(*got))
	}
	s.train(nil) // replies arrive synchronously: this returns at the limit
	if s.Step() != 40 || s.Driver.Running() {
		t.Fatalf("training stopped at step %d (running %v)", s.Step(), s.Driver.Running())
	}
	for k, r := range *got {
		if len(r) != 2 || len(r[0].Metrics) != len(r[1].Metrics) || r[0].Step != r[1].Step {
			t.Fatalf("chunk %d: the models took different steps: %+v", k, r)
		}
	}
	if !strings.Contains(s.Status(), "step 40") || !strings.Contains(s.Status(), "trained for 40 steps") {
		t.Errorf("status at the limit: %q", s.Status())
	}
}

// The engine's divergence policy stops the session with an alert that
// names the model, and only Reset (Start) trains again.
func TestSessionDivergence(t *testing.T) {
	s, _ := toySession(2, func(i int, c *spec.Config) {
		if i == 1 {
			c.Optimizer, c.Momentum = "sgd", 0
		}
	})
	s.Hint = "Lower the learning rate."
	s.Start(nil)
	s.Models[1].SetLR(10, nil)
	s.train(nil)
	if !s.Diverged() || s.Driver.Running() || !strings.Contains(s.Alert(), "the second: training diverged") ||
		!strings.Contains(s.Alert(), "Lower the learning rate.") || !strings.Contains(s.Status(), "diverged") {
		t.Fatalf("diverged %v, alert %q, status %q", s.Diverged(), s.Alert(), s.Status())
	}
	if s.Driver.Train() != 0 {
		t.Error("Train after a divergence must wait for Reset")
	}
	s.Start(nil)
	if s.Diverged() || s.Alert() != "" || s.Step() != 0 {
		t.Errorf("after Reset: diverged %v, alert %q, step %d", s.Diverged(), s.Alert(), s.Step())
	}
}

// A model the engine cannot build leaves the session not ready, with an
// alert that says which and why.
func TestSessionSetupFails(t *testing.T) {
	s, _ := toySession(2, func(i int, c *spec.Config) {
		if i == 1 {
			c.LR = 50
		}
	})
	s.Start(nil)
	if s.IsReady() || !strings.Contains(s.Alert(), "could not prepare the second") || !strings.Contains(s.Alert(), "learning rate 50") {
		t.Fatalf("ready %v, alert %q", s.IsReady(), s.Alert())
	}
	s.train(nil)
	if s.Step() != 0 {
		t.Error("a session that is not ready trained")
	}
}

// A paced session asks for a frame's steps per 60-Hz frame since its last
// request: one frame's at first, more after a slow round trip, never more
// than maxPaceFrames' worth.
func TestSessionPaced(t *testing.T) {
	s := &Session{StepsPerFrame: 10}
	t0 := time.Unix(1000, 0)
	for _, c := range []struct {
		after time.Duration
		want  int
	}{{0, 10}, {5 * time.Millisecond, 10}, {17 * time.Millisecond, 10}, {50 * time.Millisecond, 30}, {time.Second, 10 * maxPaceFrames}} {
		t0 = t0.Add(c.after)
		if got := s.paced(t0); got != c.want {
			t.Errorf("%v after the last request: %d steps, want %d", c.after, got, c.want)
		}
	}
}

// While training runs, a chunk going out or landing does not change what
// the widget shows (no re-render per chunk); while paused, one in flight
// disables Step.
func TestSessionShownWhileTraining(t *testing.T) {
	var s Session
	s.Driver.Train()
	idle := s.shown()
	gen := s.Driver.Begin(time.Now())
	if s.shown() != idle {
		t.Error("a chunk in flight while training changes what is shown")
	}
	s.Driver.Pause()
	paused := s.shown()
	s.Driver.Done(gen, 1, time.Now(), "")
	if s.shown() == paused {
		t.Error("the chunk in flight after Pause landed and nothing changed (Step stays disabled)")
	}
}

// Pause pressed while a chunk is in flight says "pausing…" until the chunk
// lands; "paused" then comes with the final step count, and Step presses
// made meanwhile take exactly their steps after it.
func TestSessionPausingUntilChunkLands(t *testing.T) {
	s, _ := toySession(1, nil)
	s.Start(nil)
	var held []func()
	s.Models[0].Deliver = func(fn func()) { held = append(held, fn) }
	// land runs the replies held so far (a chunk's, and the weights kept
	// beside it); those they send meanwhile are held for the next call.
	land := func() {
		fns := held
		held = nil
		for _, fn := range fns {
			fn()
		}
	}
	s.train(nil)
	land() // the first chunk lands, the next goes out
	s.pause(nil)
	if !strings.Contains(s.Status(), "pausing…") || strings.Contains(s.Status(), "paused") {
		t.Fatalf("after Pause with a chunk in flight the status says %q, want pausing…", s.Status())
	}
	s.step(nil)
	s.step(nil)
	land() // the chunk in flight; the first queued step goes out
	final := s.Step()
	if final <= 0 || !strings.Contains(s.Status(), "step "+strconv.Itoa(final)) {
		t.Fatalf("after the last chunk landed: status %q at step %d", s.Status(), final)
	}
	for range 4 {
		land()
	}
	if s.Step() != final+2 || !strings.Contains(s.Status(), "paused") {
		t.Errorf("two Step presses while pausing: step %d → %d, status %q; want +2, paused", final, s.Step(), s.Status())
	}
	s.pause(nil) // nothing in flight: paused at once
	if !strings.Contains(s.Status(), "paused") {
		t.Errorf("Pause with nothing in flight: status %q", s.Status())
	}
}

// A download the engine makes while a session waits shows in its status
// with the bytes received; once the session is ready (nothing in flight) a
// download of another widget's does not overwrite its status.
func TestSessionShowsDownloads(t *testing.T) {
	s, _ := toySession(1, nil)
	s.Say("step 0 · preparing the model…")
	s.downloading(engine.Download{Path: "/web/data/mnist-train.bin", Got: 520_000, Total: 1_400_000})
	if got := s.Status(); got != "step 0 · downloading the training digits… 0.5 of 1.4 MB" {
		t.Errorf("status while preparing: %q", got)
	}
	s.downloading(engine.Download{Path: "/web/models/vae-mnist-2d.llm", Got: 300_000})
	if got := s.Status(); got != "step 0 · downloading the pretrained model… 0.3 MB" {
		t.Errorf("status without a total: %q", got)
	}
	s.Start(nil)
	ready := s.Status()
	s.downloading(engine.Download{Path: "/web/data/mnist-train.bin", Got: 1, Total: 2})
	if s.Status() != ready {
		t.Errorf("a ready session's status became %q", s.Status())
	}
}

// Until the engine has answered, a session's status names the training
// engine (it loads when the widget is first wanted); once it has, a session
// started again prepares its model.
func TestSessionSaysTheEngineLoads(t *testing.T) {
	s, _ := toySession(1, nil)
	if got := s.preparing(); got != "step 0 · loading the training engine…" {
		t.Errorf("before the engine answered: %q", got)
	}
	s.Start(nil) // the in-process engine answers at once
	if !s.IsReady() {
		t.Fatalf("not ready: %q", s.Status())
	}
	if got := s.preparing(); got != "step 0 · preparing the model…" {
		t.Errorf("once the engine answered: %q", got)
	}
	two, _ := toySession(2, nil)
	two.Start(nil)
	if got := two.preparing(); got != "step 0 · preparing the 2 models…" {
		t.Errorf("two models once the engine answered: %q", got)
	}
}

// heldReplies holds a model's replies until land or landAll runs them, in
// the order they came.
type heldReplies struct{ fns []func() }

func (h *heldReplies) hold(m *engine.Model) {
	m.Deliver = func(fn func()) { h.fns = append(h.fns, fn) }
}

func (h *heldReplies) land() {
	fn := h.fns[0]
	h.fns = h.fns[1:]
	fn()
}

func (h *heldReplies) landAll() {
	for len(h.fns) > 0 {
		h.land()
	}
}

// A pipelined session keeps two chunks in flight: each reply asks for the
// next, Pause lets both land ("pausing…" until the last has), and the step
// shown then is the engine's.
func TestSessionPipelined(t *testing.T) {
	s, got := toySession(1, nil)
	s.Pipeline = true
	s.Start(nil)
	var h heldReplies
	h.hold(s.Models[0])
	s.train(nil)
	if s.Driver.InFlight() != 2 {
		t.Fatalf("Train asked for %d chunks, want 2", s.Driver.InFlight())
	}
	for range 3 {
		for n := len(*got); len(*got) == n; {
			h.land()
		}
		if s.Driver.InFlight() != 2 {
			t.Fatalf("after chunk %d landed %d are in flight, want 2", len(*got), s.Driver.InFlight())
		}
	}
	s.pause(nil)
	for n := len(*got); len(*got) == n; {
		h.land()
	}
	if s.Driver.InFlight() != 1 || !strings.Contains(s.Status(), "pausing…") {
		t.Fatalf("one chunk landed after Pause: %d in flight, status %q; want 1, pausing…", s.Driver.InFlight(), s.Status())
	}
	h.landAll()
	last := (*got)[len(*got)-1][0]
	if s.Driver.Busy() || s.Step() != last.Step || len(last.Metrics) == 0 || !strings.Contains(s.Status(), "paused") ||
		!strings.Contains(s.Status(), "step "+strconv.Itoa(last.Step)) {
		t.Errorf("after the last chunk: busy %v, step %d (engine %d, %d steps), status %q",
			s.Driver.Busy(), s.Step(), last.Step, len(last.Metrics), s.Status())
	}
}

// A pipelined session that diverges: the chunk asked for ahead takes no
// step at all (the engine put the weights back to an earlier step than it
// names; it does not train on and diverge again), and the status keeps
// saying why training stopped.
func TestSessionPipelinedDivergence(t *testing.T) {
	s, got := toySession(1, func(_ int, c *spec.Config) { c.Optimizer, c.Momentum = "sgd", 0 })
	s.Pipeline = true
	s.Start(nil)
	s.Models[0].SetLR(10, nil)
	var h heldReplies
	h.hold(s.Models[0])
	s.train(nil)
	for !s.Diverged() && len(h.fns) > 0 {
		h.land()
	}
	if !s.Diverged() {
		t.Fatal("no divergence")
	}
	diverged := (*got)[len(*got)-1][0]
	h.landAll()
	last := (*got)[len(*got)-1][0]
	if len((*got)) < 2 || len(last.Metrics) != 0 || last.Diverged != "" || last.Step != diverged.Restored || s.Driver.Busy() {
		t.Errorf("after the divergence (weights back to step %d) the chunk asked for ahead took %d steps (%q), engine at step %d (busy %v)",
			diverged.Restored, len(last.Metrics), last.Diverged, last.Step, s.Driver.Busy())
	}
	if !strings.Contains(s.Status(), "diverged") || !strings.Contains(s.Alert(), "diverged") {
		t.Errorf("status %q, alert %q", s.Status(), s.Alert())
	}
}
