//go:build js && wasm

package urlstate

import (
	"net/url"
	"sync"
	"syscall/js"

	"latentlab/web/params"
)

// Replace rewrites the address bar so that it carries widget widgetID's
// current settings, using history.replaceState (never pushState, so Back
// still leaves the page). Other widgets' keys, controls= and theme= and the
// fragment are kept. Failures are ignored: the address is a convenience.
func Replace(widgetID string, table params.Table, v params.Values) {
	defer func() { recover() }()
	loc := js.Global().Get("location")
	path := loc.Get("pathname").String()
	cur, err := url.ParseQuery(trimQ(loc.Get("search").String()))
	if err != nil {
		cur = url.Values{}
	}
	q := Merge(path, cur, widgetID, table, v)
	u := path
	if enc := q.Encode(); enc != "" {
		u += "?" + enc
	}
	u += loc.Get("hash").String()
	h := js.Global().Get("history")
	h.Call("replaceState", h.Get("state"), "", u)
}

func trimQ(s string) string {
	if len(s) > 0 && s[0] == '?' {
		return s[1:]
	}
	return s
}

var exposeOnce sync.Once

// exposeCurrent defines globalThis.latentlabParams(), which returns Current
// as an object (widget id → query string of all its values), once.
func exposeCurrent() {
	exposeOnce.Do(func() {
		js.Global().Set("latentlabParams", js.FuncOf(func(js.Value, []js.Value) any {
			out := map[string]any{}
			for id, q := range Current() {
				out[id] = q
			}
			return out
		}))
	})
}
