package kit

import (
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// This file is what a Session says to screen readers. The visible status
// line changes several times a second while training runs; read aloud, every
// change would interrupt the last. So the "Training status" region is not
// live, and a visually hidden polite region beside it announces a change of
// state (training, paused, diverged, a sentence from Say, a step taken while
// paused) at once and, while training runs, the status as a summary at most
// once every AnnounceGap.

// AnnounceGap is the least time between two announcements while training runs.
const AnnounceGap = 5 * time.Second

// announcer decides when the status line is announced.
type announcer struct {
	said    string    // the last announcement
	state   string    // the state it announced
	at      time.Time // when
	pending bool      // the status changed since, but the gap was not over
}

// next returns the text to announce now for status text in state (running
// or not), or "" when nothing should be said now.
func (a *announcer) next(text, state string, running bool, now time.Time) string {
	if text == "" || text == a.said {
		return ""
	}
	if running && state == a.state && now.Sub(a.at) < AnnounceGap {
		a.pending = true
		return ""
	}
	a.said, a.state, a.at, a.pending = text, state, now, false
	return text
}

// announceID is the id of a session's announcement region.
func (s *Session) announceID() string { return s.ID + "-say" }

// AnnounceUI renders the visually hidden polite region (StatusUI includes it).
func (s *Session) announceUI() app.UI {
	return app.Div().ID(s.announceID()).Class("ll-sr-only").Aria("live", "polite").Aria("atomic", "true")
}

// stateWord names the session's state for the announcer: a Say sentence
// counts as a state of its own.
func (s *Session) stateWord() string {
	switch {
	case s.said:
		return "said:" + s.status
	case s.Driver.Diverged() != "":
		return "stopped"
	case s.Driver.Running():
		return "training"
	}
	return "paused"
}

// announce writes the status into the announcement region when the
// announcer says so (the region's text is set directly: go-app renders it
// empty and leaves its children alone).
func (s *Session) announce() {
	if !app.IsClient {
		return
	}
	text := s.announcer.next(s.status, s.stateWord(), s.Driver.Running(), time.Now())
	if text == "" {
		return
	}
	if el := Element(s.announceID()); Present(el) {
		el.Set("textContent", text)
	}
}
