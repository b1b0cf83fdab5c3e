//go:build js && wasm

package own

import "syscall/js"

// storage runs sessionStorage operations inside try/catch: a browser that
// refuses storage, or a set over its quota, is kept in memory only.
var storage = js.Global().Get("Function").New("op", "k", "v", `try {
	const s = globalThis.sessionStorage; if (!s) return null;
	if (op === "get") return s.getItem(k);
	if (op === "del") { s.removeItem(k); return null; }
	s.setItem(k, v); return null;
} catch (e) { try { globalThis.sessionStorage.removeItem(k); } catch (_) {} return null; }`)

func store(v string) {
	if v == "" {
		storage.Invoke("del", keepKey, "")
		return
	}
	storage.Invoke("set", keepKey, v)
}

func restore() string {
	v := storage.Invoke("get", keepKey, "")
	if v.Type() != js.TypeString {
		return ""
	}
	return v.String()
}
