package xapi

import (
	"encoding/json"
	"fmt"
	"sync"

	"latentlab/web/store"
)

// QueueKey is the storage key of the statements waiting for their LRS.
const QueueKey = "latentlab.xapi.queue.v1"

// MaxQueue is the most statements kept waiting; the oldest go first.
const MaxQueue = 1000

// item is one queued statement and where it goes.
type item struct {
	Endpoint  string          `json:"endpoint"`
	Auth      string          `json:"auth,omitempty"`
	Statement json.RawMessage `json:"statement"`
}

// Poster sends body (a JSON array of statements) to endpoint+"statements"
// with the xAPI headers and calls done with the HTTP status (0 with err when
// the LRS could not be reached). It must not block the page.
type Poster func(endpoint, auth string, body []byte, done func(status int, err error))

// State is what the quiz tells the student about delivery.
type State struct {
	Waiting int  // statements queued, not yet accepted by the LRS
	Refused int  // the LRS's last refusal (HTTP status ≥ 400), 0 if none
	Offline bool // the last attempt could not reach the LRS
	Sent    int  // statements accepted since the page opened
}

// Notice is the visible message for s ("" when everything was delivered).
func (s State) Notice() string {
	switch {
	case s.Waiting == 0:
		return ""
	case s.Refused != 0:
		return fmt.Sprintf("The course's learning record store refused your results (HTTP %d); %s kept in this browser. Tell your instructor.", s.Refused, results(s.Waiting))
	case s.Offline:
		return fmt.Sprintf("%s not delivered yet to the course's learning record store (it cannot be reached); kept in this browser and sent when it can be.", results(s.Waiting))
	}
	return ""
}

// Outbox queues statements in a store and delivers them with a Poster.
// Its methods are safe for concurrent use; callbacks run on the Poster's
// goroutine.
type Outbox struct {
	st      *store.Store
	post    Poster
	mu      sync.Mutex
	sending bool
	state   State
}

// NewOutbox returns the outbox kept in st, posting with post.
func NewOutbox(st *store.Store, post Poster) *Outbox {
	o := &Outbox{st: st, post: post}
	o.state.Waiting = len(o.load())
	return o
}

func (o *Outbox) load() []item {
	raw, ok := o.st.Get(QueueKey)
	if !ok {
		return nil
	}
	var q []item
	if json.Unmarshal([]byte(raw), &q) != nil {
		return nil // a damaged queue is dropped, never a panic
	}
	return q
}

func (o *Outbox) save(q []item) error {
	if len(q) == 0 {
		return o.st.Remove(QueueKey)
	}
	b, err := json.Marshal(q)
	if err != nil {
		return err
	}
	return o.st.Set(QueueKey, string(b))
}

// Add queues s for the launch's LRS (the write may fail: the statement is
// then kept in memory by the store and still sent).
func (o *Outbox) Add(l *Launch, s Statement) error {
	b, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("xapi: encode statement: %w", err)
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	q := append(o.load(), item{Endpoint: l.Endpoint, Auth: l.Auth, Statement: b})
	if len(q) > MaxQueue {
		q = q[len(q)-MaxQueue:]
	}
	o.state.Waiting = len(q)
	return o.save(q)
}

// State returns the delivery state.
func (o *Outbox) State() State {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.state
}

// Flush sends the queued statements of the first waiting endpoint in one
// POST and, when the LRS accepts them, the next endpoint's, then calls done
// with the state. A flush already under way makes it a no-op (done gets
// the current state).
func (o *Outbox) Flush(done func(State)) {
	o.mu.Lock()
	q := o.load()
	if o.sending || len(q) == 0 {
		o.state.Waiting = len(q)
		s := o.state
		o.mu.Unlock()
		done(s)
		return
	}
	o.sending = true
	ep, auth := q[0].Endpoint, q[0].Auth
	var batch []json.RawMessage
	for _, it := range q {
		if it.Endpoint == ep && it.Auth == auth {
			batch = append(batch, it.Statement)
		}
	}
	o.mu.Unlock()
	body, _ := json.Marshal(batch)
	o.post(ep, auth, body, func(status int, err error) {
		o.mu.Lock()
		o.sending = false
		ok := err == nil && status >= 200 && status < 300
		switch {
		case ok:
			sent := map[string]bool{}
			for _, s := range batch {
				sent[string(s)] = true
			}
			var rest []item
			for _, it := range o.load() {
				if !(it.Endpoint == ep && it.Auth == auth && sent[string(it.Statement)]) {
					rest = append(rest, it)
				}
			}
			_ = o.save(rest)
			o.state.Sent += len(batch)
			o.state.Offline, o.state.Refused = false, 0
			o.state.Waiting = len(rest)
		case err != nil || status == 0 || status >= 500 || status == 429:
			o.state.Offline = true
		default:
			o.state.Refused = status
		}
		more := ok && o.state.Waiting > 0
		s := o.state
		o.mu.Unlock()
		if more {
			o.Flush(done)
			return
		}
		done(s)
	})
}

func results(n int) string {
	if n == 1 {
		return "1 result"
	}
	return fmt.Sprintf("%d results", n)
}
