package kit

import (
	"math"
	"time"
)

// Driver is the lockstep state machine between a widget and the engine
// worker. The widget asks for one chunk of training steps at a time and asks
// for the next only after the previous reply arrived (or, pipelined, keeps
// at most two in flight: see Session.Pipeline): Pause simply stops asking,
// so the worker is never flooded and the page never queues work.
// Reset bumps a generation number so replies from before the reset are
// dropped. Driver is pure (no JS): the widget sends the requests.
//
// Typical use inside a go-app component:
//
//	if n := d.Train(); n > 0 { w.send(ctx, d.Begin(now), n) }
//	// in the engine reply, on the UI goroutine (ctx.Dispatch):
//	if next, ok := d.Done(gen, steps, now, reason); ok { apply(reply); if next > 0 { w.send(ctx, d.Begin(now), next) } }
type Driver struct {
	// TargetChunk is the wall time one request should take; the chunk size
	// adapts to the measured speed (default 100 ms).
	TargetChunk time.Duration
	// MaxChunk caps the steps per request (default 50).
	MaxChunk int

	running  bool
	inflight int // requests sent whose replies have not come
	gen      int
	steps    int
	chunk    int
	rate     float64 // steps/s, exponential moving average (wall clock, round trips included)
	stepMs   float64 // engine time per step (ms), moving average; 0 = unknown
	sent     time.Time
	done     time.Time // when the last chunk's reply came
	reason   string
}

// Running reports whether training continues after the current chunk.
func (d *Driver) Running() bool { return d.running }

// Busy reports whether a request is in flight.
func (d *Driver) Busy() bool { return d.inflight > 0 }

// InFlight returns how many requests are in flight.
func (d *Driver) InFlight() int { return d.inflight }

// Steps returns the steps counted so far in this generation.
func (d *Driver) Steps() int { return d.steps }

// Rate returns the measured steps per second (0 before the first reply).
func (d *Driver) Rate() float64 { return d.rate }

// Diverged returns why training stopped by itself ("" when it did not).
func (d *Driver) Diverged() string { return d.reason }

// Gen returns the current generation (bumped by Reset).
func (d *Driver) Gen() int { return d.gen }

func (d *Driver) maxChunk() int {
	if d.MaxChunk > 0 {
		return d.MaxChunk
	}
	return 50
}

// nextChunk sizes the next request so it takes about TargetChunk.
func (d *Driver) nextChunk() int {
	t := d.TargetChunk
	if t <= 0 {
		t = 100 * time.Millisecond
	}
	var n int
	switch {
	case d.stepMs > 0:
		// Size by the engine's own time per step: a busy page thread must not
		// shrink the chunks (that would add round trips and slow training more).
		n = int(math.Round(float64(t.Milliseconds()) / d.stepMs))
	case d.rate > 0:
		n = int(math.Round(d.rate * t.Seconds()))
	default:
		return 1
	}
	return max(1, min(n, d.maxChunk()))
}

// Train starts continuous training. It returns the number of steps to
// request now, or 0 when a request is already in flight (the reply will
// continue the loop) or training diverged (Reset first).
func (d *Driver) Train() int {
	if d.reason != "" {
		return 0
	}
	d.running = true
	if d.inflight > 0 {
		return 0
	}
	return d.nextChunk()
}

// Pause stops asking for more steps; the chunk in flight still lands.
func (d *Driver) Pause() { d.running = false }

// Step asks for exactly n steps once (0 when busy or diverged).
func (d *Driver) Step(n int) int {
	if d.inflight > 0 || d.reason != "" || n < 1 {
		return 0
	}
	d.running = false
	return n
}

// Begin records that a request was sent at now and returns the generation
// to attach to it.
func (d *Driver) Begin(now time.Time) int {
	d.inflight++
	d.sent = now
	return d.gen
}

// Done records a reply for generation gen that ran steps steps. reason is
// non-empty when the engine reports divergence: training stops and the
// reason is kept. ok is false for a stale reply (from before a Reset), which
// the caller must ignore; next is the number of steps to request now (0 =
// stop).
func (d *Driver) Done(gen, steps int, now time.Time, reason string) (next int, ok bool) {
	if gen != d.gen {
		return 0, false
	}
	d.inflight = max(d.inflight-1, 0)
	d.steps += steps
	// The rate counts the wall time since the previous reply while training
	// runs on (chunks paced to animation frames wait between replies), else
	// since this chunk was sent.
	from := d.sent
	if d.running && !d.done.IsZero() && d.sent.Sub(d.done) < time.Second && d.done.Before(d.sent) {
		from = d.done
	}
	d.done = now
	if dt := now.Sub(from).Seconds(); dt > 0 && steps > 0 {
		r := float64(steps) / dt
		if d.rate == 0 {
			d.rate = r
		} else {
			d.rate = 0.7*d.rate + 0.3*r
		}
	}
	if reason != "" {
		d.reason = reason
		d.running = false
		return 0, true
	}
	if !d.running {
		return 0, true
	}
	return d.nextChunk(), true
}

// EngineTime records how long the engine itself spent on the last chunk of
// steps steps (e.g. TrainedBody.Millis); chunks are then sized from it.
func (d *Driver) EngineTime(steps int, ms float64) {
	if steps <= 0 || ms <= 0 {
		return
	}
	per := ms / float64(steps)
	if d.stepMs == 0 {
		d.stepMs = per
	} else {
		d.stepMs = 0.7*d.stepMs + 0.3*per
	}
}

// Fail records a failed request (an engine error): training stops, the
// message is kept as the reason. Stale generations are ignored.
func (d *Driver) Fail(gen int, msg string) bool {
	if gen != d.gen {
		return false
	}
	d.inflight = max(d.inflight-1, 0)
	d.running = false
	d.reason = msg
	return true
}

// Abandon stops training and forgets the request in flight, whose reply
// will not come (the engine dropped it: a new life of the model began);
// progress so far is kept.
func (d *Driver) Abandon() {
	d.gen++
	d.running, d.inflight = false, 0
}

// Reset forgets all progress; replies still in flight become stale.
func (d *Driver) Reset() {
	d.gen++
	d.running, d.inflight = false, 0
	d.steps, d.rate, d.reason, d.stepMs = 0, 0, "", 0
	d.done = time.Time{}
}
