//go:build js && wasm

package jsbridge

import (
	"fmt"
	"strings"

	"syscall/js"
)

// Fetch GETs url with the host's fetch (window's in the page, the worker's
// in the engine) and returns the body. It blocks until the response is
// read, so it must not run on the JS event loop's goroutine (the page calls
// it from ctx.Async; the engine from its request loop). Errors name the URL
// and say what failed: "fetch URL: HTTP 404 Not Found", or the network
// error.
func Fetch(url string) ([]byte, error) {
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
		done <- result{b: BytesFromJS(args[0])}
		return nil
	})
	onResp = js.FuncOf(func(_ js.Value, args []js.Value) any {
		r := args[0]
		if !r.Get("ok").Bool() {
			status := strings.TrimSpace(fmt.Sprintf("%d %s", r.Get("status").Int(), r.Get("statusText").String()))
			done <- result{err: fmt.Errorf("fetch %s: HTTP %s", url, status)}
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
