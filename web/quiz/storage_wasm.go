//go:build js && wasm

package quiz

import (
	"errors"
	"fmt"
	"syscall/js"
)

// storage returns window.localStorage, or an error where the browser
// refuses it (sandboxed iframes, privacy modes throw on access).
func storage() (s js.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("localStorage unavailable: %v", r)
		}
	}()
	// Reflect.get through Call: a throwing getter (sandboxed iframes, some
	// privacy modes) becomes a recoverable Go panic instead of aborting the
	// program, which a plain Get would do.
	s = js.Global().Get("Reflect").Call("get", js.Global(), "localStorage")
	if s.IsUndefined() || s.IsNull() {
		return s, errors.New("localStorage unavailable")
	}
	return s, nil
}

// LoadProgress reads the progress stored under StorageKey. Corrupt or
// foreign data is replaced by an empty record and reported in notice (the
// bad data is removed so the notice shows once). It never panics.
func LoadProgress() (p *Progress, notice string) {
	s, err := storage()
	if err != nil {
		return NewProgress(), ""
	}
	var raw string
	func() {
		defer func() { recover() }()
		v := s.Call("getItem", StorageKey)
		if v.Type() == js.TypeString {
			raw = v.String()
		}
	}()
	p, notice = DecodeProgress([]byte(raw))
	if notice != "" {
		_ = ResetProgress()
	}
	return p, notice
}

// SaveProgress writes p under StorageKey.
func SaveProgress(p *Progress) (err error) {
	s, err := storage()
	if err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("save progress: %v", r)
		}
	}()
	s.Call("setItem", StorageKey, string(p.Encode()))
	return nil
}

// ResetProgress removes every stored quiz result.
func ResetProgress() (err error) {
	s, err := storage()
	if err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("reset progress: %v", r)
		}
	}()
	s.Call("removeItem", StorageKey)
	return nil
}
