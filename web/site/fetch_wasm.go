//go:build js && wasm

package site

import (
	"fmt"
	"syscall/js"
)

// Fetch GETs a site-absolute path (under the base, see Path) with the
// browser's fetch and returns the body. It blocks until the response is
// read: call it from ctx.Async, never on the UI goroutine. Errors say what
// failed in words a log can show (the caller words the student's message).
//
// It uses window.fetch rather than net/http: net/http would put an HTTP
// client, TLS and HTTP/2 into app.wasm (about 5 MB of the 17 MB it was).
func Fetch(path string) ([]byte, error) {
	url := Path(path)
	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	var onResp, onBuf, onErr js.Func
	release := func() { onResp.Release(); onBuf.Release(); onErr.Release() }
	onErr = js.FuncOf(func(_ js.Value, args []js.Value) any {
		msg := "network error"
		if len(args) > 0 && args[0].Truthy() {
			msg = args[0].Call("toString").String()
		}
		done <- result{err: fmt.Errorf("fetch %s: %s", url, msg)}
		return nil
	})
	onBuf = js.FuncOf(func(_ js.Value, args []js.Value) any {
		u8 := js.Global().Get("Uint8Array").New(args[0])
		b := make([]byte, u8.Length())
		js.CopyBytesToGo(b, u8)
		done <- result{b: b}
		return nil
	})
	onResp = js.FuncOf(func(_ js.Value, args []js.Value) any {
		r := args[0]
		if !r.Get("ok").Bool() {
			done <- result{err: fmt.Errorf("fetch %s: HTTP %d", url, r.Get("status").Int())}
			return nil
		}
		r.Call("arrayBuffer").Call("then", onBuf, onErr)
		return nil
	})
	js.Global().Call("fetch", url).Call("then", onResp, onErr)
	res := <-done
	release()
	return res.b, res.err
}
