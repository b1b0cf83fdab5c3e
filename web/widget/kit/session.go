package kit

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/engine"
)

// Session trains one or more engine models in lockstep for a widget: it
// owns the Train / Pause / Step / Reset bar, the "Training status" line, the
// alert shown when the engine stops, and a Driver that asks for one chunk
// of steps at a time. Several models take the same steps: a chunk trains
// model 0, then each other model as many steps as model 0 took.
//
// Every reply of the session's models runs on go-app's UI goroutine without
// re-rendering the widget; the widget is re-rendered only when what its
// Render shows changed (the bar's state, the alert, and whatever View
// returns), otherwise the status text is written into the page directly.
// A training widget is then a page of code: fill the fields, call Start in
// OnMount and Close in OnDismount, and render Bar, StatusUI and AlertUI.
type Session struct {
	ID     string          // DOM id of the status line (unique on the page)
	Models []*engine.Model // the models, trained in this order
	Names  []string        // what messages call each model ("the plain AE"); nil: "the model"
	Driver Driver
	// Chunk is the request template (MaxMs, EvalN…); Steps comes from the driver.
	Chunk engine.Chunk
	// EvalGap asks for a held-out evaluation at the end of a chunk at most
	// this often (0: never), and rarer when evaluations would take more than
	// evalShare of the engine's time (a slow or loaded machine).
	EvalGap time.Duration
	// StepsPerFrame, when > 0, paces training to this many steps per
	// 60-Hz frame (tiny models would otherwise train faster than a student
	// can watch): at most one chunk per animation frame, of StepsPerFrame
	// steps for each frame's time since the last one was asked for (up to
	// maxPaceFrames), so a round trip longer than a frame does not slow it.
	StepsPerFrame int
	// Pipeline asks for the next chunk before the previous one's reply
	// lands (at most two in flight), so that the worker never waits for the
	// page between chunks. It applies to one model trained without a time
	// budget (Chunk.MaxMs), pacing or Limit; a chunk asked for ahead names
	// the step it starts from (Chunk.From), so the engine skips it when the
	// chunk before stopped early (a divergence put the weights back).
	Pipeline bool
	// Limit stops training after this many steps (0: no limit); LimitNote
	// is the status message then, a format with one %d for the limit
	// ("trained for %d steps").
	Limit     int
	LimitNote string
	// Locked disables the bar: actions=off (widget.Block.ActionsOff), or
	// while the widget cannot train (a model file loading).
	Locked bool
	// Hint ends the alert after a divergence ("Lower the learning rate, then
	// press Reset to train again.").
	Hint string

	// Setup creates or loads model i (Start calls it for each model); done
	// receives the engine's reply.
	Setup func(ctx app.Context, i int, m *engine.Model, done func(engine.Info, error))
	// Started runs when Start begins a new session: clear what the widget
	// shows of the previous one.
	Started func(ctx app.Context)
	// Ready runs once every model is ready.
	Ready func(ctx app.Context, infos []engine.Info)
	// Trained runs after each chunk (the next one is already asked for),
	// with each model's reply; Diverged says whether the engine stopped.
	Trained func(ctx app.Context, r []engine.Trained)
	// Terms are the loss terms of the status line.
	Terms func() []Term
	// View returns what else the widget's Render shows (a comparable value);
	// a reply that changes it re-renders the widget. nil: nothing else.
	View func() any
	// Update re-renders the widget (its app.Compo's Update).
	Update func()

	ctx     app.Context
	infos   []engine.Info
	ready   int
	failed  bool
	status  string
	said    bool // status holds a sentence set by Say (until the next chunk)
	at      time.Time
	eval    Share // paces the held-out evaluations (EvalGap, evalShare)
	evalOn  bool  // a chunk in flight ends with one
	expect  int   // the step the model is at once every chunk in flight has landed
	alert   string
	pace    Frame
	pacedAt time.Time // the last paced request

	// What survives an engine that stops (session_keep.go).
	kept    kept
	stopped bool  // the engine stopped: Reset restores the kept weights
	stopErr error // why
	unwatch func()

	queued int // Step presses waiting for the chunk in flight
	// Presses before the models were ready (session_early.go).
	earlyTrain bool
	earlySteps int
	unnear     func() // stops watching for the widget near the viewport
	pausing    bool   // Pause was pressed while a chunk was in flight: "pausing…" until it lands
	announcer  announcer
}

// evalShare is the largest share of the engine's time that held-out
// evaluations take while training runs (see EvalGap and Share).
const evalShare = 0.03

// Start begins a new session: a new life for every model (replies of the
// old ones are dropped), Started, then Setup of each model.
func (s *Session) Start(ctx app.Context) {
	s.ctx = ctx
	for _, m := range s.Models {
		m.Deliver = s.deliver
	}
	if s.StepsPerFrame > 0 {
		s.Driver.MaxChunk = maxPaceFrames * s.StepsPerFrame
	}
	s.Driver.Reset()
	s.pace.Release()
	s.eval.Reset()
	s.queued, s.pausing = 0, false
	s.forgetEarly()
	s.watchEngine()
	s.watchNear()
	s.infos = make([]engine.Info, len(s.Models))
	s.ready, s.failed, s.alert = 0, false, ""
	s.Say(s.preparing())
	if s.Started != nil {
		s.Started(ctx)
	}
	restore := s.canRestore()
	s.stopped, s.stopErr = false, nil
	if restore {
		s.restore(ctx)
		return
	}
	s.kept.forget()
	for i, m := range s.Models {
		s.Setup(ctx, i, m, func(info engine.Info, err error) { s.setUp(ctx, i, info, err) })
	}
}

// Close stops training and frees the models (call it in OnDismount).
func (s *Session) Close() {
	s.Driver.Reset()
	s.pace.Release()
	s.unwatchEngine()
	s.unwatchNear()
	s.kept.forget()
	for _, m := range s.Models {
		m.Dispose()
	}
}

func (s *Session) name(i int) string {
	if i < len(s.Names) {
		return s.Names[i]
	}
	return "the model"
}

// setUp takes model i's reply to its create or load.
func (s *Session) setUp(ctx app.Context, i int, info engine.Info, err error) {
	if err != nil && errors.Is(err, engine.ErrStopped) {
		s.failed = true
		s.engineStopped(err)
		return
	}
	if err != nil {
		s.failed = true
		s.alert = fmt.Sprintf("The engine could not prepare %s: %v. Press Reset to try again.", s.name(i), err)
		if what := engine.Missing(err); what != "" {
			s.alert = fmt.Sprintf("%s did not arrive (the connection may have dropped), so %s is not ready. Press Reset to try again.",
				capitalized(what), s.name(i))
		}
		s.Say("step 0 · not ready")
		return
	}
	s.infos[i] = info
	s.ready++
	if s.ready == len(s.Models) && !s.failed {
		s.Say(fmt.Sprintf("step %d · ready. Press Train.", s.Step()))
		if s.Ready != nil {
			s.Ready(ctx, s.infos)
		}
		s.pressedEarly(ctx)
	}
}

// IsReady reports whether every model is ready to train.
func (s *Session) IsReady() bool { return len(s.Models) > 0 && s.ready == len(s.Models) && !s.failed }

// Replaced records that model i began a new life outside Start (a file was
// loaded into it): training restarts from info's step count.
func (s *Session) Replaced(i int, info engine.Info) {
	s.Driver.Reset()
	s.pace.Release()
	s.pausing = false
	s.infos[i] = info
	s.alert = ""
	s.kept.forget()
}

// Infos returns what the engine said of each model when it was set up.
func (s *Session) Infos() []engine.Info { return s.infos }

// Step returns the steps the models have taken (a loaded model's count
// included).
func (s *Session) Step() int {
	base := 0
	if len(s.infos) > 0 {
		base = s.infos[0].Step
	}
	return base + s.Driver.Steps()
}

// Status returns the status line.
func (s *Session) Status() string { return s.status }

// Alert returns the alert ("" when none).
func (s *Session) Alert() string { return s.alert }

// SetAlert shows msg in the alert ("" clears it).
func (s *Session) SetAlert(msg string) { s.alert = msg }

// Say sets the status line to a sentence until the next chunk.
func (s *Session) Say(text string) { s.status, s.said = text, true }

// Report rewrites the status line from the driver and Terms, at most 4
// times a second unless force; state is an optional last word ("paused").
// After Pause the line says "pausing…" until the chunk in flight has
// landed, so that the step count shown with "paused" is final.
func (s *Session) Report(force bool, state string) {
	if !force && time.Since(s.at) < 250*time.Millisecond {
		return
	}
	s.at = time.Now()
	if !s.Driver.Running() && state == "" {
		state = "paused"
		if s.pausing {
			state = "pausing…"
		}
	}
	st := Status{Step: s.Step(), Rate: s.Driver.Rate(), State: state}
	if s.stopped {
		st.Rate = 0 // not a rate of a stopped engine
	}
	if s.Terms != nil {
		st.Terms = s.Terms()
	}
	if s.Limit > 0 && s.Driver.Steps() >= s.Limit && s.LimitNote != "" {
		st.Message = fmt.Sprintf(s.LimitNote, s.Limit)
	}
	s.status, s.said = st.String(), false
}

func (s *Session) train(ctx app.Context) {
	n := s.Driver.Train()
	if s.StepsPerFrame > 0 {
		s.pacedAt = time.Time{} // the first chunk is one frame's
		n = min(n, s.paced(time.Now()))
	}
	s.send(ctx, n)
	s.sendAhead(ctx)
}

// sendAhead asks for the next chunk while one is in flight, when the
// session is pipelined (see Pipeline).
func (s *Session) sendAhead(ctx app.Context) {
	if !s.Pipeline || len(s.Models) != 1 || s.Chunk.MaxMs > 0 || s.StepsPerFrame > 0 || s.Limit > 0 ||
		!s.Driver.Running() || s.Driver.InFlight() != 1 {
		return
	}
	s.send(ctx, s.Driver.nextChunk())
}

// step takes one step; a press while a chunk is in flight is queued, so
// three presses are three steps however fast they come.
func (s *Session) step(ctx app.Context) {
	if s.Driver.Busy() {
		s.queued++
		return
	}
	s.send(ctx, s.Driver.Step(1))
}

// pause stops asking for chunks; the one in flight still lands, and until
// it does the status says "pausing…".
func (s *Session) pause(ctx app.Context) {
	if s.Driver.Running() && s.Driver.Busy() {
		s.pausing = true
	}
	if !s.IsReady() {
		s.forgetEarly()
		s.Say(fmt.Sprintf("step %d · preparing the model…", s.Step()))
		return
	}
	s.Driver.Pause()
	s.Report(true, "")
}

// Pause stops training after the chunk in flight.
func (s *Session) Pause() { s.pause(s.ctx) }

// Abandon stops training and forgets the chunk in flight, whose replies
// will not come (a model began a new life, e.g. a file was loaded into it).
func (s *Session) Abandon() {
	s.Driver.Abandon()
	s.pace.Release()
	s.pausing = false
}

// send asks for n steps of every model, one model after the other.
func (s *Session) send(ctx app.Context, n int) {
	if s.Limit > 0 {
		n = min(n, s.Limit-s.Driver.Steps())
		if n <= 0 {
			s.Driver.Pause()
			s.Report(true, "")
			return
		}
	}
	if n <= 0 || !s.IsReady() {
		return
	}
	ahead := s.Driver.Busy()
	gen := s.Driver.Begin(time.Now())
	c := s.Chunk
	c.Steps = n
	if ahead {
		c.From = s.expect
	} else {
		s.expect = s.Step()
	}
	s.expect += n
	s.eval.Every, s.eval.Fraction = s.EvalGap, evalShare
	if s.evalOn && !ahead { // the chunk that was to evaluate never landed (an error, a reset)
		s.eval.Failed()
		s.evalOn = false
	}
	if s.EvalGap > 0 && s.eval.Due(time.Now()) {
		c.EvalEnd, s.evalOn = true, true
		s.eval.Begin(time.Now())
	}
	replies := make([]engine.Trained, len(s.Models))
	if c.MaxMs == 0 {
		s.sendAll(ctx, gen, c, replies)
		return
	}
	// A time budget lets model 0 stop early: the others then take exactly
	// its steps, one after the other.
	var next func(i int, c engine.Chunk)
	next = func(i int, c engine.Chunk) {
		s.Models[i].Train(c, func(r engine.Trained, err error) {
			if err != nil {
				s.fail(gen, fmt.Errorf("%s: %w", s.name(i), err))
				return
			}
			replies[i] = r
			k := len(r.Metrics)
			if r.Diverged != "" || k == 0 || i == len(s.Models)-1 {
				s.trained(ctx, gen, replies, c.EvalEnd)
				return
			}
			c.Steps, c.MaxMs = k, 0 // the others take exactly model 0's steps
			next(i+1, c)
		})
	}
	next(0, c)
}

// sendAll asks every model for the chunk at once (without a time budget
// each takes exactly c.Steps): the worker trains them one after the other
// and the page waits for one round trip instead of one per model.
func (s *Session) sendAll(ctx app.Context, gen int, c engine.Chunk, replies []engine.Trained) {
	left, failed := len(s.Models), false
	for i, m := range s.Models {
		m.Train(c, func(r engine.Trained, err error) {
			if failed {
				return
			}
			if err != nil {
				failed = true
				s.fail(gen, fmt.Errorf("%s: %w", s.name(i), err))
				return
			}
			replies[i] = r
			if left--; left == 0 {
				s.trained(ctx, gen, replies, c.EvalEnd)
			}
		})
	}
}

// fail stops training after an engine error.
func (s *Session) fail(gen int, err error) {
	if gen == s.Driver.Gen() {
		s.pausing = false
	}
	if errors.Is(err, engine.ErrStopped) {
		s.engineStopped(err)
		return
	}
	if s.Driver.Fail(gen, err.Error()) {
		s.alert = "Training stopped: " + err.Error() + ". Press Reset to start again."
		if what := engine.Missing(err); what != "" { // fetched at the first step (engine.Data.DeferTrain)
			s.alert = fmt.Sprintf("%s did not arrive (the connection may have dropped), so training stopped. Press Reset to try again.", capitalized(what))
		}
		s.Report(true, "stopped")
	}
}

// trained takes a chunk's replies: the driver decides on the next chunk,
// which is asked for before the widget draws this one.
func (s *Session) trained(ctx app.Context, gen int, replies []engine.Trained, evaled bool) {
	n := len(replies[0].Metrics)
	ms, evalMs := 0.0, 0.0
	reason := ""
	for i, r := range replies {
		ms += r.Millis - r.EvalMs
		evalMs += r.EvalMs
		if r.Diverged != "" && reason == "" {
			reason = r.Diverged
			if len(s.Models) > 1 {
				reason = s.name(i) + ": " + r.Diverged
			}
		}
	}
	s.Driver.EngineTime(n, ms) // the steps' time: chunks are sized without the evaluations
	if evaled && s.evalOn {
		s.evalOn = false
		s.eval.Done(time.Duration(evalMs * float64(time.Millisecond)))
	}
	stopped := s.Driver.Diverged() != ""
	next, ok := s.Driver.Done(gen, n, time.Now(), reason)
	if !ok {
		return
	}
	if stopped { // a chunk asked for ahead landed after the session stopped: its status stays
		if s.Trained != nil {
			s.Trained(ctx, replies)
		}
		return
	}
	busy := s.Driver.Busy() // a chunk asked for ahead is still in flight
	if !busy {
		s.pausing = false
	}
	paused := !s.Driver.Running()
	if next == 0 && s.queued > 0 && reason == "" && !s.Driver.Running() && !busy {
		s.queued--
		s.keep()
		next = s.Driver.Step(1)
		s.send(ctx, next)
	} else if next > 0 {
		s.keep() // asked for before the next chunk: the weights at this step
		if s.StepsPerFrame > 0 {
			s.pace.Request(func() {
				RunQuiet(ctx, func(ctx app.Context) {
					s.Quietly(func() {
						if s.Driver.Running() { // not paused meanwhile
							s.send(ctx, min(s.Driver.Train(), s.paced(time.Now())))
						}
					})
				})
			})
		} else {
			s.send(ctx, next)
			s.sendAhead(ctx)
		}
	}
	switch {
	case reason != "":
		s.alert = "Training diverged and was paused: " + reason + "."
		if s.Hint != "" {
			s.alert += " " + s.Hint
		}
		s.Report(true, "diverged")
	case s.Limit > 0 && s.Driver.Steps() >= s.Limit:
		s.Driver.Pause()
		s.Report(true, "")
	default:
		// A reply while paused (the chunk that ends a pause, single
		// steps) shows its step at once.
		s.Report(next == 0 || s.said || paused, "")
	}
	if s.Trained != nil {
		s.Trained(ctx, replies)
	}
}

// maxPaceFrames caps the frames' worth of steps a paced chunk catches up.
const maxPaceFrames = 4

// paced is the steps a paced session asks for at now: StepsPerFrame for
// each 60-Hz frame since the last paced request (at least one frame's).
func (s *Session) paced(now time.Time) int {
	frames := 1
	if !s.pacedAt.IsZero() {
		frames = int(math.Round(now.Sub(s.pacedAt).Seconds() * 60))
	}
	s.pacedAt = now
	return s.StepsPerFrame * min(max(frames, 1), maxPaceFrames)
}

// Diverged reports whether the engine stopped training (see Alert).
func (s *Session) Diverged() bool { return s.Driver.Diverged() != "" }
