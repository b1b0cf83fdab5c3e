//go:build js && wasm

package xapi

import "syscall/js"

// Fetch is the browser's Poster: fetch(endpoint+"statements", POST) with
// Content-Type, X-Experience-API-Version and Authorization, in CORS mode,
// kept alive past the page's end (cmi5's terminated is sent as it closes).
// It returns at once; done runs when the LRS answers or cannot be reached.
func Fetch(endpoint, auth string, body []byte, done func(status int, err error)) {
	headers := map[string]any{"Content-Type": "application/json", "X-Experience-API-Version": Version}
	if auth != "" {
		headers["Authorization"] = auth
	}
	opts := map[string]any{"method": "POST", "headers": headers, "body": string(body), "keepalive": len(body) < 60000}
	request(endpoint+"statements", opts, false, func(status int, _ []byte, err error) { done(status, err) })
}

// Get reads url (GET, with the xAPI headers and auth when given); done
// gets the status and the body.
func Get(url, auth string, done func(status int, body []byte, err error)) {
	headers := map[string]any{"X-Experience-API-Version": Version}
	if auth != "" {
		headers["Authorization"] = auth
	}
	request(url, map[string]any{"method": "GET", "headers": headers}, true, done)
}

// PostEmpty posts nothing to url (cmi5's fetch address) and hands back
// the answer's status and body.
func PostEmpty(url string, done func(status int, body []byte, err error)) {
	request(url, map[string]any{"method": "POST"}, true, done)
}

// request runs fetch in CORS mode without cookies; with read it also reads
// the body as text.
func request(url string, opts map[string]any, read bool, done func(int, []byte, error)) {
	defer func() {
		if r := recover(); r != nil {
			done(0, nil, errFetch)
		}
	}()
	opts["mode"], opts["credentials"] = "cors", "omit"
	var ok, text, fail js.Func
	status := 0
	release := func() { ok.Release(); text.Release(); fail.Release() }
	text = js.FuncOf(func(_ js.Value, args []js.Value) any {
		release()
		done(status, []byte(args[0].String()), nil)
		return nil
	})
	fail = js.FuncOf(func(_ js.Value, args []js.Value) any {
		release()
		done(0, nil, errFetch)
		return nil
	})
	ok = js.FuncOf(func(_ js.Value, args []js.Value) any {
		status = args[0].Get("status").Int()
		if read {
			return args[0].Call("text").Call("then", text, fail)
		}
		release()
		done(status, nil, nil)
		return nil
	})
	js.Global().Call("fetch", url, opts).Call("then", ok, fail)
}
