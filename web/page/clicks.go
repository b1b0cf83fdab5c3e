package page

import (
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/lesson"
	"latentlab/web/widget/kit"
)

// The page's one document click router. go-app handles every click on a
// link itself (a window click handler that prevents the default and
// navigates in the app), and an element's go-app handler runs too late to
// stop either (kit's document events explain why). Two kinds of link need
// their click decided first, inside the browser's dispatch — kit.OnDocument
// runs this router in the document's capture phase, before go-app sees
// the event:
//   - a "Try this" button (onTryClick): the page starts its widget again
//     and the link is not followed;
//   - a link with target="_blank" (onNewTabClick): the browser opens it in
//     a new tab, as it says, rather than go-app loading the full site
//     inside an embedding course page's iframe.
var clickRouter sync.Once

// routeClicks installs the router (once, on the client).
func routeClicks() {
	if !app.IsClient {
		return
	}
	clickRouter.Do(func() { kit.OnDocument("click", routeClick) })
}

// routeClick sends a click on a link to the rule for its kind.
func routeClick(e app.Value) bool {
	a := kit.Closest(e, "a")
	if a == nil {
		return false
	}
	switch {
	case a.Get("classList").Call("contains", lesson.TryClass).Bool():
		return onTryClick(e, a)
	case a.Call("getAttribute", "target").String() == "_blank":
		return onNewTabClick(e, a)
	}
	return false
}

// plainClick reports whether e is a click with the first button and no
// modifier key (with one, the browser opens a new tab or window).
func plainClick(e app.Value) bool {
	for _, k := range []string{"ctrlKey", "metaKey", "shiftKey", "altKey"} {
		if e.Get(k).Truthy() {
			return false
		}
	}
	b := e.Get("button")
	return !b.Truthy() || b.Int() == 0
}
