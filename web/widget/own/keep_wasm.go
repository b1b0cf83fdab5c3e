//go:build js && wasm

package own

import "syscall/js"

// sessionStorage returns the tab's session storage, or false where the
// browser refuses it (reading the property can throw, as can setItem past
// the quota: syscall/js turns a thrown exception into a panic, recovered
// here, so a refused store keeps the set in memory only).
func sessionStorage() (s js.Value, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	g := js.Global()
	s = g.Get("Reflect").Call("get", g, "sessionStorage")
	return s, s.Type() == js.TypeObject
}

func store(v string) {
	s, ok := sessionStorage()
	if !ok {
		return
	}
	defer func() {
		if recover() != nil { // over the quota: forget the older set too
			func() { defer func() { _ = recover() }(); s.Call("removeItem", keepKey) }()
		}
	}()
	if v == "" {
		s.Call("removeItem", keepKey)
		return
	}
	s.Call("setItem", keepKey, v)
}

func restore() (v string) {
	s, ok := sessionStorage()
	if !ok {
		return ""
	}
	defer func() {
		if recover() != nil {
			v = ""
		}
	}()
	if r := s.Call("getItem", keepKey); r.Type() == js.TypeString {
		return r.String()
	}
	return ""
}
