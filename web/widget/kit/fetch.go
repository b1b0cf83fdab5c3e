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
func FetchBytes(url string, done func(b []byte, err error)) {
	fetch := app.Window().Get("fetch")
	if !Present(fetch) {
		done(nil, fmt.Errorf("fetch %s: no browser", url))
		return
	}
	var onResp, onBuf, onErr app.Func
	release := func() { onResp.Release(); onBuf.Release(); onErr.Release() }
	onErr = app.FuncOf(func(this app.Value, args []app.Value) any {
		release()
		done(nil, fetchFailure(url, args))
		return nil
	})
	onBuf = app.FuncOf(func(this app.Value, args []app.Value) any {
		b := bytesOf(args[0])
		release()
		done(b, nil)
		return nil
	})
	onResp = app.FuncOf(func(this app.Value, args []app.Value) any {
		r := args[0]
		if !r.Get("ok").Bool() {
			status := r.Get("status").Int()
			release()
			done(nil, fmt.Errorf("fetch %s: HTTP %d", url, status))
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
