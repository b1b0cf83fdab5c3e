package store

import (
	"fmt"
	"sort"
	"sync"
)

// Memory is a Backend in memory. It stands in for localStorage outside the
// browser, and simulates the browser's faults in tests: a quota (a write
// that would exceed it fails with ErrFull, as QuotaExceededError does) and
// blocked access (every operation fails with ErrBlocked).
type Memory struct {
	mu      sync.Mutex
	m       map[string]string
	quota   int // bytes of keys and values together; 0: unlimited
	blocked bool
}

// NewMemory returns an empty Memory without limits.
func NewMemory() *Memory { return &Memory{m: map[string]string{}} }

// SetQuota limits the total length of keys and values (0: no limit).
func (m *Memory) SetQuota(bytes int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.quota = bytes
}

// SetBlocked makes every operation fail with ErrBlocked (or work again).
func (m *Memory) SetBlocked(b bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.blocked = b
}

// Raw returns a copy of the stored map (for tests).
func (m *Memory) Raw() map[string]string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[string]string, len(m.m))
	for k, v := range m.m {
		out[k] = v
	}
	return out
}

// Get implements Backend.
func (m *Memory) Get(key string) (string, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.blocked {
		return "", false, ErrBlocked
	}
	v, ok := m.m[key]
	return v, ok, nil
}

// Set implements Backend.
func (m *Memory) Set(key, value string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.blocked {
		return ErrBlocked
	}
	if m.quota > 0 {
		used := 0
		for k, v := range m.m {
			if k != key {
				used += len(k) + len(v)
			}
		}
		if used+len(key)+len(value) > m.quota {
			return fmt.Errorf("set %d bytes with %d of %d used: %w", len(key)+len(value), used, m.quota, ErrFull)
		}
	}
	m.m[key] = value
	return nil
}

// Remove implements Backend.
func (m *Memory) Remove(key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.blocked {
		return ErrBlocked
	}
	delete(m.m, key)
	return nil
}

// Keys implements Backend.
func (m *Memory) Keys() ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.blocked {
		return nil, ErrBlocked
	}
	out := make([]string, 0, len(m.m))
	for k := range m.m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out, nil
}
