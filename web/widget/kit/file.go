package kit

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// ReadFile reads a browser File (from an <input type=file>) into memory and
// calls done on the JS event loop (use ctx.Dispatch there). Check the file's
// size before calling it: ReadFile reads whatever it is given.
func ReadFile(file app.Value, done func(b []byte, err error)) {
	if !Present(file) || !Present(file.Get("arrayBuffer")) {
		done(nil, errors.New("read file: this browser cannot read local files"))
		return
	}
	var onBuf, onErr app.Func
	release := func() { onBuf.Release(); onErr.Release() }
	onBuf = app.FuncOf(func(this app.Value, args []app.Value) any {
		b := bytesOf(args[0])
		release()
		done(b, nil)
		return nil
	})
	onErr = app.FuncOf(func(this app.Value, args []app.Value) any {
		msg := "unknown error"
		if len(args) > 0 && Present(args[0]) {
			msg = args[0].Call("toString").String()
		}
		release()
		done(nil, fmt.Errorf("read file: %s", msg))
		return nil
	})
	file.Call("arrayBuffer").Call("then", onBuf, onErr)
}

// Download hands b to the browser as a file download named name (a Blob,
// an object URL and a temporary <a download> clicked once). The URL is
// revoked a minute later, when the browser has long copied the bytes.
func Download(name, mime string, b []byte) error {
	win := app.Window()
	if !Present(win.Get("Blob")) || !Present(win.Get("URL")) {
		return errors.New("download: this browser cannot save files")
	}
	u8 := win.Get("Uint8Array").New(len(b))
	app.CopyBytesToJS(u8, b)
	parts := win.Get("Array").New()
	parts.Call("push", u8)
	opts := win.Get("Object").New()
	opts.Set("type", mime)
	blob := win.Get("Blob").New(parts, opts)
	url := win.Get("URL").Call("createObjectURL", blob).String()
	doc := win.Get("document")
	a := doc.Call("createElement", "a")
	a.Set("href", url)
	a.Set("download", name)
	a.Get("style").Set("display", "none")
	doc.Get("body").Call("appendChild", a)
	a.Call("click")
	a.Call("remove")
	var revoke app.Func
	revoke = app.FuncOf(func(app.Value, []app.Value) any {
		win.Get("URL").Call("revokeObjectURL", url)
		revoke.Release()
		return nil
	})
	win.Call("setTimeout", revoke, 60000)
	return nil
}

// FileLabel quotes a student's file name for messages: control characters
// are dropped and a long name keeps its start and end ("“model.llm”"; "the
// file" for an empty name). Show it as text, never as HTML.
func FileLabel(name string) string {
	r := []rune(strings.Map(func(c rune) rune {
		if unicode.IsControl(c) {
			return -1
		}
		return c
	}, name))
	const max = 60
	if len(r) > max {
		r = append(append(r[:max/2:max/2], '…'), r[len(r)-max/2+1:]...)
	}
	if len(r) == 0 {
		return "the file"
	}
	return "“" + string(r) + "”"
}
