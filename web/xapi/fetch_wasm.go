//go:build js && wasm

package xapi

import "syscall/js"

// Fetch is the browser's Poster: fetch(endpoint+"statements", POST) with
// Content-Type, X-Experience-API-Version and Authorization, in CORS mode.
// It returns at once; done runs when the LRS answers or cannot be reached.
func Fetch(endpoint, auth string, body []byte, done func(status int, err error)) {
	defer func() {
		if r := recover(); r != nil {
			done(0, errFetch)
		}
	}()
	headers := map[string]any{"Content-Type": "application/json", "X-Experience-API-Version": Version}
	if auth != "" {
		headers["Authorization"] = auth
	}
	opts := map[string]any{"method": "POST", "mode": "cors", "credentials": "omit", "headers": headers, "body": string(body)}
	var ok, fail js.Func
	release := func() { ok.Release(); fail.Release() }
	ok = js.FuncOf(func(_ js.Value, args []js.Value) any {
		release()
		done(args[0].Get("status").Int(), nil)
		return nil
	})
	fail = js.FuncOf(func(_ js.Value, args []js.Value) any {
		release()
		done(0, errFetch)
		return nil
	})
	js.Global().Call("fetch", endpoint+"statements", opts).Call("then", ok, fail)
}
