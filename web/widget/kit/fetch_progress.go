package kit

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/site"
)

// FetchProgress is FetchBytes that also reports the bytes received so far
// (after decompression) as they arrive: progress runs on the JS event loop
// after each chunk, done once with the whole body or an error. A browser
// without streamed bodies gets FetchBytes.
func FetchProgress(url string, progress func(got int), done func(b []byte, err error)) {
	w := app.Window()
	if !Present(w.Get("fetch")) || !Present(w.Get("ReadableStream")) {
		FetchBytes(url, done)
		return
	}
	var body []byte
	var reader app.Value
	var onResp, onChunk, onErr app.Func
	release := func() { onResp.Release(); onChunk.Release(); onErr.Release() }
	onErr = app.FuncOf(func(this app.Value, args []app.Value) any {
		release()
		done(nil, fetchFailure(url, args))
		return nil
	})
	onChunk = app.FuncOf(func(this app.Value, args []app.Value) any {
		r := args[0]
		if r.Get("done").Bool() {
			release()
			done(body, nil)
			return nil
		}
		v := r.Get("value")
		n := len(body)
		body = append(body, make([]byte, v.Length())...)
		app.CopyBytesToGo(body[n:], v)
		if progress != nil {
			progress(len(body))
		}
		reader.Call("read").Call("then", onChunk, onErr)
		return nil
	})
	onResp = app.FuncOf(func(this app.Value, args []app.Value) any {
		r := args[0]
		if !r.Get("ok").Bool() {
			release()
			done(nil, fmt.Errorf("fetch %s: HTTP %d", url, r.Get("status").Int()))
			return nil
		}
		b := r.Get("body")
		if !Present(b) {
			release()
			FetchBytes(url, done)
			return nil
		}
		reader = b.Call("getReader")
		reader.Call("read").Call("then", onChunk, onErr)
		return nil
	})
	w.Call("fetch", site.Path(url)).Call("then", onResp, onErr)
}
