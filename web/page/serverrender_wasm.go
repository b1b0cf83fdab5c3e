//go:build js && wasm

package page

import (
	"encoding/json"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// serverRoot is the server-rendered root element, kept after go-app has
// replaced it so that its prose can be adopted.
var serverRoot app.Value

// captureServerRender keeps the server's root element and its state (see
// serverrender.go). It runs before go-app mounts anything.
func captureServerRender() {
	doc := app.Window().Get("document")
	el := doc.Call("getElementById", ssrStateID)
	if !el.Truthy() {
		return
	}
	var s serverState
	if json.Unmarshal([]byte(el.Get("textContent").String()), &s) != nil {
		return
	}
	serverRoot = doc.Get("body").Get("firstElementChild")
	captured = &s
}

// adoptServerNodes moves the children of server-rendered prose block i into
// dst and reports whether there were any.
func adoptServerNodes(dst app.Value, i int) bool {
	if serverRoot == nil || !serverRoot.Truthy() || !dst.Truthy() {
		return false
	}
	src := serverRoot.Call("querySelector", `[data-`+ssrBlockAttr+`="`+strconv.Itoa(i)+`"]`)
	if !src.Truthy() {
		return false
	}
	moved := false
	for c := src.Get("firstChild"); c.Truthy(); c = src.Get("firstChild") {
		dst.Call("appendChild", c)
		moved = true
	}
	return moved
}
