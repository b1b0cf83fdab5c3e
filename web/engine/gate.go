package engine

import "latentlab/wasm/protocol"

// The page's engine starts when a widget needs it, not when a widget is
// merely built: the shared client of a browser page is held (Hold) until
// something wants the engine (Want) — a widget that trains or encodes
// coming near the viewport, or a student pressing Train (web/widget/kit).
// Requests made while it is held wait, in order, and are sent once the
// worker starts; nothing is lost and no reply is made up.

// queuedCall is a request made while the client was held.
type queuedCall struct {
	m  protocol.Message
	f  []float32
	cb callback
}

// Hold makes c keep its requests, without starting a worker, until Want.
// It has no effect once a worker has started.
func (c *Client) Hold() {
	c.mu.Lock()
	if c.t == nil && c.gen == 0 {
		c.held = true
	}
	c.mu.Unlock()
}

// Want lets c start its worker: the requests kept while it was held are
// sent (the worker starts with the first), and the OnWant hooks run. It
// does nothing the second time.
func (c *Client) Want() {
	c.mu.Lock()
	if c.wanted {
		c.mu.Unlock()
		return
	}
	c.wanted, c.held = true, false
	queued := c.queued
	c.queued = nil
	hooks := c.wantHooks
	c.wantHooks = nil
	c.mu.Unlock()
	for _, q := range queued {
		c.call(q.m, q.f, q.cb)
	}
	for _, h := range hooks {
		h()
	}
}

// Wanted reports whether Want was called (or the client was never held).
func (c *Client) Wanted() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.wanted || !c.held
}

// OnWant runs fn once the engine is wanted: at once if it already is.
func (c *Client) OnWant(fn func()) {
	c.mu.Lock()
	if c.wanted || !c.held {
		c.mu.Unlock()
		fn()
		return
	}
	c.wantHooks = append(c.wantHooks, fn)
	c.mu.Unlock()
}

// holdLocked keeps m while c is held, reporting whether it did; c.mu is
// held.
func (c *Client) holdLocked(m protocol.Message, f []float32, cb callback) bool {
	if !c.held || c.t != nil {
		return false
	}
	c.queued = append(c.queued, queuedCall{m: m, f: f, cb: cb})
	return true
}

// Want lets the page's shared engine start (Client.Want).
func Want() { Shared().Want() }

// OnWant runs fn once the page's shared engine is wanted (Client.OnWant).
func OnWant(fn func()) { Shared().OnWant(fn) }

// Loaded reports whether the current worker has answered a request: its
// engine has loaded. It is false before the first worker starts (a held
// client), while engine.wasm downloads, and after a crash until the next
// worker answers.
func (c *Client) Loaded() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t != nil && c.replied
}

// EngineLoaded reports whether the engine that runs m has loaded
// (Client.Loaded): a widget's status says the engine is loading until then.
func (m *Model) EngineLoaded() bool { return m.c.Loaded() }
