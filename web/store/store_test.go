package store

import (
	"errors"
	"reflect"
	"testing"
)

func TestStoreRoundTrip(t *testing.T) {
	m := NewMemory()
	s := New(m)
	if err := s.Set("a", "1"); err != nil {
		t.Fatal(err)
	}
	if v, ok := s.Get("a"); !ok || v != "1" {
		t.Errorf("get a: %q %v", v, ok)
	}
	if _, ok := s.Get("b"); ok {
		t.Error("absent key found")
	}
	if err := s.Remove("a"); err != nil || len(m.Raw()) != 0 {
		t.Errorf("remove: %v %v", err, m.Raw())
	}
	if !s.Persistent() || s.Unsaved() {
		t.Error("healthy store reports a problem")
	}
}

// A full storage keeps the value in memory, says ErrFull, and stores it at
// the next write once there is room (or at Flush).
func TestStoreFullKeepsAndRetries(t *testing.T) {
	m := NewMemory()
	m.SetQuota(20)
	s := New(m)
	if err := s.Set("k1", "0123456789"); err != nil { // 12 bytes
		t.Fatal(err)
	}
	err := s.Set("k2", "0123456789") // 24 > 20
	if !errors.Is(err, ErrFull) {
		t.Fatalf("over quota: %v", err)
	}
	var ke *KeyError
	if !errors.As(err, &ke) || ke.Key != "k2" {
		t.Errorf("error does not name the key: %v", err)
	}
	if v, ok := s.Get("k2"); !ok || v != "0123456789" {
		t.Errorf("value not kept in memory: %q %v", v, ok)
	}
	if !s.Unsaved() || !s.Persistent() {
		t.Error("Unsaved/Persistent after a full write")
	}
	if got := s.Keys("k"); !reflect.DeepEqual(got, []string{"k1", "k2"}) {
		t.Errorf("keys %v", got)
	}
	if err := s.Flush(); !errors.Is(err, ErrFull) {
		t.Errorf("flush while full: %v", err)
	}
	// Room again: the next write of another key stores the kept one too.
	m.SetQuota(0)
	if err := s.Set("k3", "x"); err != nil {
		t.Fatal(err)
	}
	if raw := m.Raw(); raw["k2"] != "0123456789" || raw["k3"] != "x" || s.Unsaved() {
		t.Errorf("retry did not store the kept value: %v", raw)
	}
}

// A write that fails for another key does not fail this one.
func TestStoreOwnErrorOnly(t *testing.T) {
	m := NewMemory()
	m.SetQuota(16)
	s := New(m)
	if err := s.Set("big", "0123456789abcdef"); !errors.Is(err, ErrFull) {
		t.Fatalf("big: %v", err)
	}
	if err := s.Set("s", "1"); err != nil {
		t.Errorf("small write reported the big one's failure: %v", err)
	}
	if !s.Unsaved() {
		t.Error("big write forgotten")
	}
}

// Blocked storage: values live in memory for the visit, every write says
// ErrBlocked, and the store never touches the backend again.
func TestStoreBlocked(t *testing.T) {
	m := NewMemory()
	m.SetBlocked(true)
	s := New(m)
	if _, ok := s.Get("theme"); ok {
		t.Error("read through a blocked backend")
	}
	if s.Persistent() {
		t.Error("Persistent after a refused read")
	}
	if err := s.Set("theme", "dark"); !errors.Is(err, ErrBlocked) {
		t.Errorf("set: %v", err)
	}
	if v, _ := s.Get("theme"); v != "dark" {
		t.Errorf("value not kept for the visit: %q", v)
	}
	if s.Unsaved() {
		t.Error("blocked store offers a retry")
	}
	m.SetBlocked(false)
	_ = s.Set("x", "1")
	if len(m.Raw()) != 0 {
		t.Error("blocked store wrote to the backend")
	}
	if v, ok := New(nil).Get("x"); ok || v != "" || New(nil).Persistent() {
		t.Error("nil backend is not a blocked store")
	}
}

// A write refused as blocked (not the read) also makes the store memory-only.
func TestStoreBlockedOnWrite(t *testing.T) {
	m := NewMemory()
	s := New(m)
	_ = s.Set("a", "1")
	m.SetBlocked(true)
	if err := s.Set("b", "2"); !errors.Is(err, ErrBlocked) || s.Persistent() {
		t.Errorf("set: %v, persistent %v", err, s.Persistent())
	}
	if v, _ := s.Get("b"); v != "2" {
		t.Error("value lost")
	}
}

func TestSnapshotRestore(t *testing.T) {
	m := NewMemory()
	s := New(m)
	_ = s.Set("p.a", "A")
	_ = s.Set("p.b", "B")
	snap := s.Snapshot(s.Keys("p.")...)
	snap2 := s.Snapshot("p.c")
	_ = s.Remove("p.a")
	_ = s.Set("p.b", "changed")
	_ = s.Set("p.c", "new")
	if err := s.Restore(snap); err != nil {
		t.Fatal(err)
	}
	if err := s.Restore(snap2); err != nil {
		t.Fatal(err)
	}
	if raw := m.Raw(); !reflect.DeepEqual(raw, map[string]string{"p.a": "A", "p.b": "B"}) {
		t.Errorf("restored %v", raw)
	}
}
