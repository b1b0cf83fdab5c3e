package engine

import (
	"errors"
	"sync"
	"testing"
	"time"

	"latentlab/wasm/protocol"
)

// pinged is a transport whose worker answers pings (alive) or not, and
// never answers requests: the test decides what a slow or stopped worker is.
type pinged struct {
	c      *Client
	mu     sync.Mutex
	alive  bool
	pings  int
	closed bool
}

func (p *pinged) send(protocol.Message, []float32) error { return nil }
func (p *pinged) close()                                 { p.mu.Lock(); p.closed = true; p.mu.Unlock() }
func (p *pinged) ping() error {
	p.mu.Lock()
	p.pings++
	alive := p.alive
	p.mu.Unlock()
	if alive {
		go p.c.heard() // the answer comes later, as from a worker
	}
	return nil
}

func watched(alive bool) (*Client, *pinged) {
	p := &pinged{alive: alive}
	c := newClient(func(c *Client) (transport, error) { p.c = c; return p, nil })
	c.SetWatchdog(5*time.Millisecond, 40*time.Millisecond)
	return c, p
}

// replyOf sends a request and returns a channel with its reply.
func replyOf(c *Client) <-chan protocol.Message {
	ch := make(chan protocol.Message, 1)
	c.Do("s", 1, protocol.Hello, nil, nil, func(r protocol.Message, _ []float32) { ch <- r })
	return ch
}

// TestWatchdogStoppedWorker: a worker that stops answering while a request
// waits is declared stopped: the request fails with ErrSilent, the crash
// hooks run, and the next request after Reset goes to a fresh worker.
func TestWatchdogStoppedWorker(t *testing.T) {
	c, p := watched(false)
	// The worker answers a first request, then stops.
	first := replyOf(c)
	c.receive(protocol.Message{Type: protocol.Ready, Seq: 1}, nil)
	if r := <-first; r.Error != "" {
		t.Fatalf("first reply %+v", r)
	}
	hooks := make(chan error, 2)
	c.OnCrash(func(err error) { hooks <- err })
	select {
	case r := <-replyOf(c):
		if r.Error != ErrSilent.Error() {
			t.Errorf("reply error %q, want %q", r.Error, ErrSilent)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a request to a silent worker never failed")
	}
	if err := <-hooks; !errors.Is(err, ErrSilent) {
		t.Errorf("crash hook got %v", err)
	}
	p.mu.Lock()
	pings, closed := p.pings, p.closed
	p.mu.Unlock()
	if pings == 0 || !closed {
		t.Errorf("pings %d, closed %v", pings, closed)
	}
	if !errors.Is(c.Crashed(), ErrSilent) {
		t.Errorf("Crashed() = %v", c.Crashed())
	}
	// A Model's callback gets an error that says the worker stopped.
	var got error
	c.Model("m").Train(Chunk{Steps: 1}, func(_ Trained, err error) { got = err })
	if !errors.Is(got, ErrSilent) {
		t.Errorf("a model's request while stopped: %v", got)
	}
	gen := c.Generation()
	c.Reset()
	if c.Crashed() != nil || c.Generation() != gen+1 {
		t.Errorf("after Reset: crashed %v, generation %d (was %d)", c.Crashed(), c.Generation(), gen)
	}
}

// TestWatchdogSlowButAlive: a request that takes many times the patience
// is not failed while the worker answers pings.
func TestWatchdogSlowButAlive(t *testing.T) {
	c, p := watched(true)
	ch := replyOf(c)
	time.Sleep(300 * time.Millisecond) // 7.5× the patience
	select {
	case r := <-ch:
		t.Fatalf("a slow request to a live worker failed: %+v", r)
	default:
	}
	p.mu.Lock()
	pings := p.pings
	p.mu.Unlock()
	if c.Crashed() != nil || pings < 3 {
		t.Errorf("crashed %v after %d pings", c.Crashed(), pings)
	}
}

// TestWatchdogIdle: a worker that owes nothing is not pinged.
func TestWatchdogIdle(t *testing.T) {
	c, p := watched(false)
	c.Do("s", 1, protocol.Hello, nil, nil, nil) // fire and forget: no reply owed
	time.Sleep(100 * time.Millisecond)
	p.mu.Lock()
	pings := p.pings
	p.mu.Unlock()
	if pings != 0 || c.Crashed() != nil {
		t.Errorf("idle worker pinged %d times, crashed %v", pings, c.Crashed())
	}
}

// TestWatchdogNeverLoaded: a worker silent before its first reply could
// not be loaded: the error says so (ErrNotLoaded), and still wraps
// ErrStopped.
func TestWatchdogNeverLoaded(t *testing.T) {
	c, _ := watched(false)
	var got error
	done := make(chan bool)
	c.Model("m").Train(Chunk{Steps: 1}, func(_ Trained, err error) { got = err; close(done) })
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("no reply")
	}
	if !errors.Is(got, ErrNotLoaded) || !errors.Is(got, ErrStopped) || !errors.Is(got, ErrSilent) {
		t.Errorf("error %v", got)
	}
}
