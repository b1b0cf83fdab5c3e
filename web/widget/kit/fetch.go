package kit

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/site"
)

// FetchBytes GETs url (a site-absolute path such as /web/models/x.llm,
// under the site's base path) with window.fetch and calls done with the body or an
// error. done runs on the JS event loop: wrap state changes in ctx.Dispatch.
// Natively it reports an error at once.
func FetchBytes(url string, done func(b []byte, err error)) { FetchProgress(url, nil, done) }

// FetchProgress is FetchBytes that also reports the bytes received so far
// (after decompression) as they arrive: progress (when not nil) runs on the
// JS event loop after each chunk, done once with the whole body or an
// error. Without progress, or in a browser without streamed bodies, the
// body is read whole.
func FetchProgress(url string, progress func(got int), done func(b []byte, err error)) {
	if !Present(app.Window().Get("fetch")) {
		done(nil, fmt.Errorf("fetch %s: no browser", url))
		return
	}
	var body []byte
	var reader app.Value
	var onResp, onBuf, onChunk, onErr app.Func
	release := func() { onResp.Release(); onBuf.Release(); onChunk.Release(); onErr.Release() }
	finish := func(b []byte, err error) {
		release()
		done(b, err)
	}
	onErr = app.FuncOf(func(this app.Value, args []app.Value) any {
		finish(nil, fetchFailure(url, args))
		return nil
	})
	onBuf = app.FuncOf(func(this app.Value, args []app.Value) any {
		finish(bytesOf(args[0]), nil)
		return nil
	})
	onChunk = app.FuncOf(func(this app.Value, args []app.Value) any {
		r := args[0]
		if r.Get("done").Bool() {
			finish(body, nil)
			return nil
		}
		v := r.Get("value")
		n := len(body)
		body = append(body, make([]byte, v.Length())...)
		app.CopyBytesToGo(body[n:], v)
		progress(len(body))
		reader.Call("read").Call("then", onChunk, onErr)
		return nil
	})
	onResp = app.FuncOf(func(this app.Value, args []app.Value) any {
		r := args[0]
		if !r.Get("ok").Bool() {
			finish(nil, fmt.Errorf("fetch %s: HTTP %d", url, r.Get("status").Int()))
			return nil
		}
		if b := r.Get("body"); progress != nil && Present(b) && Present(b.Get("getReader")) {
			reader = b.Call("getReader")
			reader.Call("read").Call("then", onChunk, onErr)
			return nil
		}
		r.Call("arrayBuffer").Call("then", onBuf, onErr)
		return nil
	})
	app.Window().Call("fetch", site.Path(url)).Call("then", onResp, onErr)
}

// Now returns performance.now() in milliseconds (0 natively).
func Now() float64 {
	p := app.Window().Get("performance")
	if !Present(p) {
		return 0
	}
	return p.Call("now").Float()
}

// bytesOf copies a JS ArrayBuffer into a new Go byte slice.
func bytesOf(buf app.Value) []byte {
	u8 := app.Window().Get("Uint8Array").New(buf)
	b := make([]byte, u8.Length())
	app.CopyBytesToGo(b, u8)
	return b
}

// fetchFailure is the error of a fetch of url that the browser rejected
// (args: the rejection's reason, when it gave one).
func fetchFailure(url string, args []app.Value) error {
	msg := "network error"
	if len(args) > 0 {
		msg = args[0].Call("toString").String()
	}
	return fmt.Errorf("fetch %s: %s", url, msg)
}
