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
	nearestAtStart = nearestBlock(serverRoot)
}

// nearestBlock returns the id of the server-rendered widget or quiz nearest
// the viewport, if it is near (see nextToWake); "" if none is. The browser
// has laid the server's render out for its first paint, so asking where the
// blocks are costs next to nothing, whereas asking go-app's new DOM (what the
// wake loop does) lays the whole lesson out once more.
func nearestBlock(root app.Value) string {
	if !root.Truthy() {
		return ""
	}
	vh := viewportHeight()
	els := root.Call("querySelectorAll", `[id^="widget-"], [id^="quiz-"]`)
	best, bestDist := "", nearScreens*vh
	for i := 0; i < els.Length(); i++ {
		el := els.Index(i)
		r := el.Call("getBoundingClientRect")
		top, bottom := r.Get("top").Float(), r.Get("bottom").Float()
		d := 0.0
		switch {
		case bottom <= top:
			continue // not laid out (hidden)
		case bottom < 0:
			d = -bottom
		case top > vh:
			d = top - vh
		}
		if d <= bestDist && (best == "" || d < bestDist) {
			best, bestDist = el.Get("id").String(), d
		}
	}
	return best
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
