package kit

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/engine"
)

// A Session's engine starts when its widget comes near the viewport
// (WantEngineNear on the status line) or when the student presses Train or
// Step first, whichever comes first. A press before the models are ready is
// not lost: it starts the engine, the status says what is loading, and the
// session trains (or steps) as soon as the models are ready.

// trainEarly is Train pressed before the models are ready.
func (s *Session) trainEarly(ctx app.Context) {
	if s.IsReady() { // ready since the bar was drawn
		s.train(ctx)
		return
	}
	cold := !engine.Shared().Wanted()
	engine.Want()
	s.earlyTrain, s.earlySteps = true, 0
	s.Say(s.earlyNote(cold, "training starts"))
}

// stepEarly is Step pressed before the models are ready (each press one
// step once they are).
func (s *Session) stepEarly(ctx app.Context) {
	if s.IsReady() {
		s.step(ctx)
		return
	}
	cold := !engine.Shared().Wanted()
	engine.Want()
	s.earlySteps++
	s.Say(s.earlyNote(cold, fmt.Sprintf("%d step(s) follow", s.earlySteps)))
}

// earlyNote is the status while an early press waits.
func (s *Session) earlyNote(cold bool, then string) string {
	what := "preparing the model"
	if cold || engine.Shared().Generation() == 0 {
		what = "loading the training engine"
	}
	return fmt.Sprintf("step %d · %s… %s when it is ready", s.Step(), what, then)
}

// preparing is the status while the models are prepared: it names the
// training engine while that still loads (on a page whose engine has not
// started, it starts when the widget comes near the viewport or is used).
func (s *Session) preparing() string {
	switch {
	case len(s.Models) > 0 && !s.Models[0].EngineLoaded():
		return "step 0 · loading the training engine…"
	case len(s.Models) > 1:
		return fmt.Sprintf("step 0 · preparing the %d models…", len(s.Models))
	}
	return "step 0 · preparing the model…"
}

// pressedEarly runs the presses that came before the models were ready
// (setUp calls it once they are).
func (s *Session) pressedEarly(ctx app.Context) {
	train, steps := s.earlyTrain, s.earlySteps
	s.forgetEarly()
	switch {
	case train:
		s.train(ctx)
	case steps > 0:
		s.queued = steps - 1
		s.send(ctx, s.Driver.Step(1))
	}
}

// forgetEarly drops presses still waiting (Pause, a new Start).
func (s *Session) forgetEarly() { s.earlyTrain, s.earlySteps = false, 0 }

// watchNear starts the engine when the session's status line comes near
// the viewport (WantEngineNear), once per session.
func (s *Session) watchNear() {
	if s.unnear == nil {
		s.unnear = WantEngineNear(s.ID)
	}
}

// unwatchNear undoes watchNear (Close).
func (s *Session) unwatchNear() {
	if s.unnear != nil {
		s.unnear()
		s.unnear = nil
	}
}
