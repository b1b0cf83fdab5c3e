package kit

import (
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// SpeakGap is the least time between two sentences of a Speaker.
const SpeakGap = time.Second

// Speaker is a visually hidden polite live region for what the reader moves
// with the pointer or the keys (a cursor, a probe, a handle, a picked point).
// Say writes a sentence at once when the last one is at least SpeakGap old;
// otherwise it keeps only the newest and writes it when the gap is over, so
// a drag or a held arrow key is heard as a few sentences, the last of them
// where the reader stopped, not as a stream that interrupts itself.
type Speaker struct {
	ID   string // the region's element id
	pace pace
}

// UI renders the region (empty: Say writes its text directly).
func (s *Speaker) UI() app.UI {
	return app.Div().ID(s.ID).Class("ll-sr-only").Aria("live", "polite").Aria("atomic", "true")
}

// Say announces text now, or when the gap since the last sentence is over
// (a later Say before then replaces it).
func (s *Speaker) Say(text string) {
	wait, now := s.pace.ask(text, time.Now(), SpeakGap)
	switch {
	case now:
		SayText(s.ID, text)
	case wait > 0:
		time.AfterFunc(wait, func() {
			if text, ok := s.pace.due(time.Now()); ok {
				SayText(s.ID, text)
			}
		})
	}
}

// pace decides when a Speaker's sentences are written: at most one per gap,
// the newest one winning.
type pace struct {
	at      time.Time // when the last sentence was written
	next    string    // the sentence waiting for the gap to end
	waiting bool      // a timer will write next
}

// ask takes text at time t: now is true when it is to be written at once;
// otherwise it waits, and wait > 0 asks the caller to start a timer that
// calls due after wait (no timer is asked for while one is running).
func (p *pace) ask(text string, t time.Time, gap time.Duration) (wait time.Duration, now bool) {
	if !p.waiting && t.Sub(p.at) >= gap {
		p.at = t
		return 0, true
	}
	p.next = text
	if p.waiting {
		return 0, false
	}
	p.waiting = true
	return gap - t.Sub(p.at), false
}

// due returns the waiting sentence when the timer fires at time t.
func (p *pace) due(t time.Time) (string, bool) {
	if !p.waiting {
		return "", false
	}
	p.waiting, p.at = false, t
	return p.next, true
}
