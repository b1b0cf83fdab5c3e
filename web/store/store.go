// Package store is the one door to the browser's key-value storage
// (localStorage) for everything Latent Lab remembers: quiz progress,
// reflection drafts, the theme. It treats storage as an unreliable device:
//
//   - Blocked: the browser refuses storage to the site (cookies and site data
//     blocked, some sandboxed or partitioned iframes). Every value is then
//     kept in memory for the visit, Persistent reports false, and writes
//     return ErrBlocked so that the page can say its data will not be kept.
//   - Full: a write exceeds the quota. The value is kept in memory (reads
//     see it), the write returns ErrFull, and every later write retries it
//     first; Flush retries on demand.
//   - Any other failure of a read or a write is an error, never a panic.
//
// A Store wraps a Backend: the browser's localStorage under js/wasm (Local),
// or Memory, which can also simulate a full or blocked storage in tests.
package store

import (
	"errors"
	"sort"
	"strings"
	"sync"
)

// Errors a write can return (wrapped with the key).
var (
	// ErrBlocked: the browser does not let this site store data; the value
	// is kept in memory for this visit only.
	ErrBlocked = errors.New("this browser does not let this site store data")
	// ErrFull: the browser's storage for this site is full; the value is
	// kept in memory and the write is retried.
	ErrFull = errors.New("this browser's storage is full")
)

// Backend is raw key-value storage whose operations may fail.
type Backend interface {
	// Get returns the value of key and whether it exists.
	Get(key string) (value string, ok bool, err error)
	Set(key, value string) error
	Remove(key string) error
	// Keys lists every stored key.
	Keys() ([]string, error)
}

// Store is a Backend made safe: values that could not be written are kept
// in memory (and win over the backend's) until a retry stores them.
// Its methods are safe for concurrent use.
type Store struct {
	mu      sync.Mutex
	b       Backend
	blocked bool               // the backend refused access: memory only
	pending map[string]*string // not yet written; nil value: a removal
}

// New returns a Store over b. A nil b is a store whose backend is blocked:
// everything lives in memory for the visit.
func New(b Backend) *Store {
	return &Store{b: b, blocked: b == nil, pending: map[string]*string{}}
}

// Persistent reports whether values outlive the visit (false once the
// backend has refused access).
func (s *Store) Persistent() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.blocked
}

// Unsaved reports whether some writes are kept in memory only, waiting for
// a retry (always false on a blocked store: there is nothing to retry).
func (s *Store) Unsaved() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.blocked && len(s.pending) > 0
}

// Get returns the value of key: a value kept in memory first, then the
// backend's. A backend that refuses the read makes the store memory-only.
func (s *Store) Get(key string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.pending[key]; ok {
		if v == nil {
			return "", false
		}
		return *v, true
	}
	if s.blocked {
		return "", false
	}
	v, ok, err := s.b.Get(key)
	if err != nil {
		s.block(err)
		return "", false
	}
	return v, ok
}

// Set stores value under key. On failure the value is still kept in memory
// and the error says why it is not stored (ErrFull, ErrBlocked, or another).
// Writes kept earlier are retried first.
func (s *Store) Set(key, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pending[key] = &value
	return s.flush(key)
}

// Remove deletes key (in memory at once; from the backend now or at a retry).
func (s *Store) Remove(key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pending[key] = nil
	return s.flush(key)
}

// Flush retries the writes kept in memory; nil once all are stored.
func (s *Store) Flush() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.flush("")
}

// Keys lists the keys that start with prefix, sorted: stored ones and those
// kept in memory, without those removed in memory.
func (s *Store) Keys(prefix string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	set := map[string]bool{}
	if !s.blocked {
		ks, err := s.b.Keys()
		if err != nil {
			s.block(err)
		}
		for _, k := range ks {
			set[k] = true
		}
	}
	for k, v := range s.pending {
		set[k] = v != nil
	}
	var out []string
	for k, ok := range set {
		if ok && strings.HasPrefix(k, prefix) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// flush writes the pending entries, the one for key last so that its error
// is the one returned (key "" returns the first error). Caller holds mu.
func (s *Store) flush(key string) error {
	if s.blocked {
		return keyErr(key, ErrBlocked)
	}
	keys := make([]string, 0, len(s.pending))
	for k := range s.pending {
		if k != key {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	if _, ok := s.pending[key]; ok {
		keys = append(keys, key)
	}
	var first, own error
	for _, k := range keys {
		v := s.pending[k]
		var err error
		if v == nil {
			err = s.b.Remove(k)
		} else {
			err = s.b.Set(k, *v)
		}
		if errors.Is(err, ErrBlocked) {
			s.block(err)
			return keyErr(key, ErrBlocked)
		}
		if err != nil {
			err = keyErr(k, err)
			if first == nil {
				first = err
			}
			if k == key {
				own = err
			}
			continue
		}
		delete(s.pending, k)
	}
	if key != "" {
		return own
	}
	return first
}

// block turns the store memory-only for the rest of the visit: what is
// already kept in memory stays readable. Caller holds mu.
func (s *Store) block(error) { s.blocked = true }

func keyErr(key string, err error) error {
	if key == "" {
		return err
	}
	return &KeyError{Key: key, Err: err}
}

// KeyError is a failed write of one key.
type KeyError struct {
	Key string
	Err error
}

func (e *KeyError) Error() string { return "store " + e.Key + ": " + e.Err.Error() }

// Unwrap returns the cause (ErrFull, ErrBlocked, …).
func (e *KeyError) Unwrap() error { return e.Err }

// Snapshot holds the values some keys had, so that a reset can be undone.
// A nil value means the key was absent.
type Snapshot map[string]*string

// Snapshot returns the current values of keys.
func (s *Store) Snapshot(keys ...string) Snapshot {
	out := Snapshot{}
	for _, k := range keys {
		if v, ok := s.Get(k); ok {
			out[k] = &v
		} else {
			out[k] = nil
		}
	}
	return out
}

// Restore puts every key of snap back as it was (the first error is
// returned; the values are kept in memory regardless, like Set).
func (s *Store) Restore(snap Snapshot) error {
	keys := make([]string, 0, len(snap))
	for k := range snap {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var first error
	for _, k := range keys {
		var err error
		if v := snap[k]; v == nil {
			err = s.Remove(k)
		} else {
			err = s.Set(k, *v)
		}
		if first == nil {
			first = err
		}
	}
	return first
}
