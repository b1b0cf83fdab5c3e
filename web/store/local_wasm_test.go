//go:build js && wasm

package store

import (
	"errors"
	"syscall/js"
	"testing"
)

// fakeLocalStorage installs window.localStorage as a JS object whose
// setItem throws a QuotaExceededError DOMException past quota characters,
// as browsers do.
func fakeLocalStorage(t *testing.T, quota int) js.Value {
	t.Helper()
	mk := js.Global().Get("Function").New("quota", `
	  const m = new Map();
	  const used = () => [...m].reduce((n, [k, v]) => n + k.length + v.length, 0);
	  return {
	    getItem: (k) => m.has(k) ? m.get(k) : null,
	    setItem: (k, v) => {
	      const old = m.has(k) ? k.length + m.get(k).length : 0;
	      if (quota > 0 && used() - old + k.length + String(v).length > quota)
	        throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
	      m.set(k, String(v));
	    },
	    removeItem: (k) => { m.delete(k); },
	    key: (i) => [...m.keys()][i] ?? null,
	    get length() { return m.size; },
	  };`)
	s := mk.Invoke(quota)
	js.Global().Set("localStorage", s)
	t.Cleanup(func() { js.Global().Delete("localStorage") })
	return s
}

func TestBrowserStorageQuota(t *testing.T) {
	raw := fakeLocalStorage(t, 10)
	b := openLocalStorage()
	if b == nil {
		t.Fatal("localStorage not opened")
	}
	s := New(b)
	if err := s.Set("a", "1"); err != nil {
		t.Fatal(err)
	}
	err := s.Set("b", "0123456789")
	if !errors.Is(err, ErrFull) {
		t.Fatalf("quota: %v", err)
	}
	if v, ok := s.Get("b"); !ok || v != "0123456789" {
		t.Error("value not kept in memory")
	}
	if got := s.Keys(""); len(got) != 2 {
		t.Errorf("keys %v", got)
	}
	if raw.Call("getItem", "a").String() != "1" {
		t.Error("value not in localStorage")
	}
}

func TestBrowserStorageRefused(t *testing.T) {
	// A getter that throws a SecurityError, as window.localStorage does when
	// the browser blocks site data.
	thrower := js.Global().Get("Function").New(`throw new DOMException("Access is denied for this document.", "SecurityError")`)
	desc := js.Global().Get("Object").New()
	desc.Set("get", thrower)
	desc.Set("configurable", true)
	js.Global().Get("Object").Call("defineProperty", js.Global(), "localStorage", desc)
	defer js.Global().Delete("localStorage")
	if b := openLocalStorage(); b != nil {
		t.Fatal("refused localStorage opened")
	}
}

func TestBrowserStorageGuardMarker(t *testing.T) {
	fakeLocalStorage(t, 0)
	js.Global().Set(GuardMarker, "SecurityError")
	defer js.Global().Delete(GuardMarker)
	if b := openLocalStorage(); b != nil {
		t.Error("the guard's in-memory stand-in was taken for real storage")
	}
}

func TestBrowserStorageSecurityErrorOnWrite(t *testing.T) {
	s := fakeLocalStorage(t, 0)
	s.Set("setItem", js.Global().Get("Function").New(`throw new DOMException("denied", "SecurityError")`))
	st := New(openLocalStorage())
	if err := st.Set("a", "1"); !errors.Is(err, ErrBlocked) || st.Persistent() {
		t.Errorf("SecurityError on write: %v", err)
	}
}
