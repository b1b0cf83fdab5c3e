package page

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// focusTarget is the click handler of same-page links (the skip link, the
// table of contents): it moves the keyboard focus to the element the link
// points to, so the next Tab goes on from there. go-app handles the click
// itself (it scrolls to the element but leaves the focus on the link); an
// element that is not focusable is made focusable by script only
// (tabindex=-1), not a Tab stop.
func focusTarget(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	id := strings.TrimPrefix(ctx.JSSrc().Get("hash").String(), "#")
	if id == "" {
		return
	}
	el := app.Window().GetElementByID(id)
	if !el.Truthy() {
		return
	}
	if !el.Call("hasAttribute", "tabindex").Bool() {
		el.Call("setAttribute", "tabindex", "-1")
	}
	el.Call("focus")
}
