package kit

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// This file is what a Session shows: its bar, status line and alert, and
// how replies update them without re-rendering the whole widget.

// Bar renders the Train / Pause / Step / Reset buttons; reset runs on
// Reset (nil: Start again).
func (s *Session) Bar(reset func(ctx app.Context)) app.UI {
	if reset == nil {
		reset = s.Start
	}
	b := Bar{Running: s.Driver.Running(), Busy: s.Driver.Busy() || !s.IsReady(), Stopped: s.Driver.Diverged() != "",
		Disabled: s.Locked, OnTrain: s.train, OnPause: s.pause, OnStep: s.step, OnReset: reset}
	if !s.IsReady() {
		// Until the models are ready a press waits for them (session_early.go).
		b.OnTrain, b.OnStep = s.trainEarly, s.stepEarly
		b.Running = s.earlyTrain
		if s.failed || s.stopped {
			b.OnTrain, b.OnStep = nil, nil
		}
	}
	return b.UI()
}

// StatusUI renders the "Training status" region (updated freely, not read
// aloud on every change) and the announcement region beside it.
func (s *Session) StatusUI() app.UI {
	return app.Div().Body(app.Div().ID(s.ID).Body(quietStatusRegion(s.status)), s.announceUI())
}

// AlertUI renders the alert (nothing when there is none).
func (s *Session) AlertUI() app.UI { return Alert(s.alert) }

// deliver runs a model's callback on the UI goroutine, then re-renders the
// widget only if what it shows changed.
func (s *Session) deliver(fn func()) {
	if s.ctx == nil {
		fn()
		return
	}
	RunQuiet(s.ctx, func(app.Context) { s.Quietly(fn) })
}

// Quietly runs fn (on the UI goroutine) and re-renders the widget only if
// the bar, the alert or the widget's View changed; otherwise it writes the
// status line into the page itself. Use it for the widget's own callbacks.
func (s *Session) Quietly(fn func()) {
	before := s.shown()
	fn()
	defer s.announce()
	if s.shown() != before {
		if s.Update != nil {
			s.Update()
		}
		return
	}
	s.writeStatus()
}

type shownState struct {
	running, busy, stopped, ready bool
	alert                         string
	view                          any
}

func (s *Session) shown() shownState {
	// A chunk in flight shows only while paused (it disables Step): while
	// training runs, every chunk would otherwise re-render the widget twice.
	v := shownState{running: s.Driver.Running(), busy: s.Driver.Busy() && !s.Driver.Running(), stopped: s.Driver.Diverged() != "",
		ready: s.IsReady(), alert: s.alert}
	if s.View != nil {
		v.view = s.View()
	}
	return v
}

// writeStatus puts the status into the status region's text node (its
// nodeValue: replacing the node would leave go-app updating a detached one
// at its next render).
func (s *Session) writeStatus() {
	el := Element(s.ID)
	if !Present(el) {
		return
	}
	region := el.Get("firstChild")
	if !Present(region) {
		return
	}
	if text := region.Get("firstChild"); Present(text) && text.Get("nodeType").Int() == 3 {
		if text.Get("nodeValue").String() != s.status {
			text.Set("nodeValue", s.status)
		}
		return
	}
	if s.Update != nil {
		s.Update() // no text node yet: let go-app render it
	}
}
