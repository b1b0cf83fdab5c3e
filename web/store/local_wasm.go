//go:build js && wasm

package store

import (
	"errors"
	"fmt"
	"sync"
	"syscall/js"
)

// GuardMarker names the global that static/storage-guard.js sets when the
// browser refused localStorage and the guard put an in-memory stand-in in
// its place (so that go-app, which reads localStorage at start-up, runs).
// Local treats that storage as blocked.
const GuardMarker = "latentlabStorageBlocked"

var (
	localOnce sync.Once
	local     *Store
)

// Local returns the page's Store over window.localStorage. Where the
// browser refuses storage it is a memory-only store (Persistent is false).
func Local() *Store {
	localOnce.Do(func() { local = New(openLocalStorage()) })
	return local
}

// openLocalStorage returns the localStorage backend, or nil when storage is
// refused: the guard left its marker, or reading window.localStorage throws
// (a plain js Get of a throwing getter would abort the Go program; Reflect.get
// through Call turns it into an error).
func openLocalStorage() Backend {
	g := js.Global()
	if m, err := reflectGet(g, GuardMarker); err != nil || m.Truthy() {
		return nil
	}
	s, err := reflectGet(g, "localStorage")
	if err != nil || s.IsUndefined() || s.IsNull() {
		return nil
	}
	return browserStorage{s}
}

func reflectGet(obj js.Value, name string) (v js.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = jsErr(r)
		}
	}()
	return js.Global().Get("Reflect").Call("get", obj, name), nil
}

// browserStorage is a window.localStorage (a DOM Storage object).
type browserStorage struct{ s js.Value }

func (b browserStorage) call(method string, args ...any) (v js.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("localStorage.%s: %w", method, jsErr(r))
		}
	}()
	return b.s.Call(method, args...), nil
}

// Get implements Backend.
func (b browserStorage) Get(key string) (string, bool, error) {
	v, err := b.call("getItem", key)
	if err != nil || v.Type() != js.TypeString {
		return "", false, err
	}
	return v.String(), true, nil
}

// Set implements Backend.
func (b browserStorage) Set(key, value string) error {
	_, err := b.call("setItem", key, value)
	return err
}

// Remove implements Backend.
func (b browserStorage) Remove(key string) error {
	_, err := b.call("removeItem", key)
	return err
}

// Keys implements Backend.
func (b browserStorage) Keys() ([]string, error) {
	n, err := reflectGet(b.s, "length")
	if err != nil {
		return nil, fmt.Errorf("localStorage.length: %w", err)
	}
	if n.Type() != js.TypeNumber {
		return nil, errors.New("localStorage.length is not a number")
	}
	var out []string
	for i := 0; i < n.Int(); i++ {
		k, err := b.call("key", i)
		if err != nil {
			return out, err
		}
		if k.Type() == js.TypeString {
			out = append(out, k.String())
		}
	}
	return out, nil
}

// jsErr classifies what a failed call threw: a QuotaExceededError is
// ErrFull, a SecurityError (storage refused) ErrBlocked.
func jsErr(r any) error {
	e, ok := r.(js.Error)
	if !ok {
		return fmt.Errorf("%v", r)
	}
	name := ""
	func() {
		defer func() { recover() }()
		if n := e.Value.Get("name"); n.Type() == js.TypeString {
			name = n.String()
		}
	}()
	switch name {
	case "QuotaExceededError", "NS_ERROR_DOM_QUOTA_REACHED":
		return fmt.Errorf("%s: %w", e.Error(), ErrFull)
	case "SecurityError":
		return fmt.Errorf("%s: %w", e.Error(), ErrBlocked)
	}
	return e
}
