package kit

import "time"

// Share paces a request that a widget makes besides training — a held-out
// evaluation, a snapshot of the weights, a kept model file — so that it
// takes at most a fraction of the engine's time. Each such request is time
// taken from training: on a fast machine a 35 ms evaluation once a second
// costs 3.5 % of the steps, on a slow or loaded one the same evaluation may
// take 200 ms and cost a fifth. After a request that cost d, the next is due
// max(Every, d/Fraction) after it began: as often as Every when it is cheap,
// rarer when it is not. Share is pure (no JS).
type Share struct {
	Every    time.Duration // the shortest gap between two requests
	Fraction float64       // the largest share of the engine's time (0: no limit)

	busy  bool
	begun time.Time     // when the last request began (zero: none yet, or due now)
	cost  time.Duration // what it cost
}

// Due reports whether a request may be made at now: none is in flight and
// the gap after the last has passed.
func (s *Share) Due(now time.Time) bool {
	return !s.busy && (s.begun.IsZero() || !now.Before(s.begun.Add(s.Gap())))
}

// Gap is the gap after the last request: Every, or its cost ÷ Fraction when
// that is longer.
func (s *Share) Gap() time.Duration {
	if s.Fraction > 0 {
		if g := time.Duration(float64(s.cost) / s.Fraction); g > s.Every {
			return g
		}
	}
	return s.Every
}

// Begin records that a request was made at now; none is due until it ends
// (Done or Failed).
func (s *Share) Begin(now time.Time) { s.busy, s.begun = true, now }

// Done records that the request begun last cost d of the engine's time (the
// engine's own measure when it reports one, else the round trip).
func (s *Share) Done(d time.Duration) { s.busy, s.cost = false, d }

// Failed records that the request begun last ended without a cost worth
// counting: the next is due Every after it began.
func (s *Share) Failed() { s.busy, s.cost = false, 0 }

// Now makes the next request due as soon as none is in flight (training
// paused: the page shows the latest weights whatever they cost).
func (s *Share) Now() { s.begun = time.Time{} }

// Reset forgets everything (a new model).
func (s *Share) Reset() { s.busy, s.begun, s.cost = false, time.Time{}, 0 }
