//go:build js && wasm

package quiz

import (
	"syscall/js"
	"testing"
)

// fakeStorage installs a localStorage backed by a Go map.
func fakeStorage(t *testing.T) map[string]string {
	m := map[string]string{}
	obj := js.Global().Get("Object").New()
	fns := []js.Func{
		js.FuncOf(func(this js.Value, a []js.Value) any {
			if v, ok := m[a[0].String()]; ok {
				return v
			}
			return js.Null()
		}),
		js.FuncOf(func(this js.Value, a []js.Value) any { m[a[0].String()] = a[1].String(); return nil }),
		js.FuncOf(func(this js.Value, a []js.Value) any { delete(m, a[0].String()); return nil }),
	}
	obj.Set("getItem", fns[0])
	obj.Set("setItem", fns[1])
	obj.Set("removeItem", fns[2])
	js.Global().Set("localStorage", obj)
	t.Cleanup(func() {
		js.Global().Delete("localStorage")
		for _, f := range fns {
			f.Release()
		}
	})
	return m
}

func TestLocalStorage(t *testing.T) {
	m := fakeStorage(t)
	m[StorageKey] = `{"version":1,"lessons":` // corrupt
	p, notice := LoadProgress()
	if notice == "" || len(p.Lessons) != 0 {
		t.Fatalf("corrupt: %q", notice)
	}
	if _, ok := m[StorageKey]; ok {
		t.Error("corrupt data kept")
	}
	q := &Quiz{ID: "q", Questions: []Question{{ID: "a", Type: TrueFalse, Prompt: "p", Answer: NewAnswer(true)}}}
	p.Record("vae", q, "a", Result{Answered: true, Correct: true, Score: 1}, false)
	if err := SaveProgress(p); err != nil {
		t.Fatal(err)
	}
	back, notice := LoadProgress()
	if notice != "" || !back.Lessons["vae"].Completed {
		t.Errorf("round trip: %q %+v", notice, back.Summary("vae"))
	}
	if err := ResetProgress(); err != nil || len(m) != 0 {
		t.Errorf("reset: %v %v", err, m)
	}
}

func TestLocalStorageDenied(t *testing.T) {
	// A getter that throws, like window.localStorage in a sandboxed iframe.
	thrower := js.Global().Get("Function").New("throw new Error('denied')")
	desc := js.Global().Get("Object").New()
	desc.Set("get", thrower)
	desc.Set("configurable", true)
	js.Global().Get("Object").Call("defineProperty", js.Global(), "localStorage", desc)
	defer js.Global().Delete("localStorage")
	p, _ := LoadProgress()
	if p == nil {
		t.Fatal("nil progress")
	}
	if err := SaveProgress(p); err == nil {
		t.Error("save reported success without storage")
	}
}
