package engine

import (
	"errors"
	"fmt"
	"time"
)

// This file is the client's watchdog: while requests wait for replies it
// pings the worker every beat, and a worker that stays silent for
// patience after a ping has stopped (it was terminated, it hangs, or the
// browser killed it without an error event). The client then fails every
// pending request and calls the crash hooks, as for a crash, so a widget
// never waits forever; the next Create or Load starts a fresh worker.
//
// The worker's script answers a ping itself, whenever its event loop runs:
// the engine yields to it between requests and while it fetches data, so
// only a computation longer than patience in one request would look silent.

// ErrStopped is wrapped by every error that says the worker stopped: it
// crashed, could not start, or stopped answering (ErrSilent).
var ErrStopped = errors.New("the engine stopped")

// ErrSilent is the error of requests pending when the watchdog finds the
// worker silent.
var ErrSilent = fmt.Errorf("%w answering", ErrStopped)

// ErrNotLoaded wraps the error of a worker that stopped before it ever
// replied: its script or engine.wasm did not load (the network, a missing
// file), or it failed while starting.
var ErrNotLoaded = fmt.Errorf("%w: it could not be loaded", ErrStopped)

// Default watchdog settings of the page's shared client.
const (
	// DefaultBeat is how often the client pings a worker that owes replies.
	DefaultBeat = time.Second
	// DefaultPatience is how long a ping may go unanswered.
	DefaultPatience = 8 * time.Second
)

// SetWatchdog sets how often the client pings a worker that owes replies
// (beat) and how long a ping may go unanswered before the worker counts as
// stopped (patience); patience 0 turns the watchdog off.
func (c *Client) SetWatchdog(beat, patience time.Duration) {
	c.mu.Lock()
	c.beat, c.patience = beat, patience
	c.mu.Unlock()
}

// watchLocked starts the watchdog if a worker owes replies and it is not
// running; c.mu is held.
func (c *Client) watchLocked() {
	if c.watching || c.patience <= 0 || c.beat <= 0 || c.t == nil || len(c.pending) == 0 {
		return
	}
	c.watching = true
	time.AfterFunc(c.beat, c.tick)
}

// heardLocked records a sign of life from the worker; c.mu is held.
func (c *Client) heardLocked() { c.pingAt = time.Time{} }

// tick is one beat of the watchdog: declare the worker stopped if a ping
// went unanswered for longer than patience, else ping it (if no ping is
// outstanding) and beat again while replies are owed.
func (c *Client) tick() {
	c.mu.Lock()
	if c.t == nil || len(c.pending) == 0 || c.patience <= 0 {
		c.watching = false
		c.pingAt = time.Time{}
		c.mu.Unlock()
		return
	}
	now := time.Now()
	if !c.pingAt.IsZero() && now.Sub(c.pingAt) > c.patience {
		c.watching = false
		c.mu.Unlock()
		c.crash(ErrSilent)
		return
	}
	t := c.t
	ping := c.pingAt.IsZero()
	if ping {
		c.pingAt = now
	}
	beat := c.beat
	c.mu.Unlock()
	if ping {
		if err := t.ping(); err != nil {
			c.crash(fmt.Errorf("%w: ping: %v", ErrStopped, err))
			return
		}
	}
	time.AfterFunc(beat, c.tick)
}

// heard is called by a transport when the worker answered a ping.
func (c *Client) heard() {
	c.mu.Lock()
	c.heardLocked()
	c.mu.Unlock()
}
