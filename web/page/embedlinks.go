package page

import (
	"net/url"
	"strings"
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/site"
	"latentlab/web/urlstate"
)

// openInLabID is the id of an embed's "Open in Latent Lab ↗" link.
const openInLabID = "open-in-latent-lab"

// go-app handles every click on a link itself (a window click handler that
// prevents the default and navigates the app), so target="_blank" would
// load the full site inside the course page's iframe. newTabLinks installs
// a document click listener, which runs before go-app's window handler:
// for a link with target="_blank" it stops the event there and lets the
// browser do what the link says (a new tab). For "Open in Latent Lab" it
// first points the link at the lesson page with the embed's current
// settings. js.FuncOf callbacks run synchronously, inside the event.
var newTabOnce sync.Once

func newTabLinks() {
	if !app.IsClient {
		return
	}
	newTabOnce.Do(func() {
		fn := app.FuncOf(func(this app.Value, args []app.Value) any {
			defer func() { recover() }()
			e := args[0]
			t := e.Get("target")
			if !t.Truthy() || !t.Get("closest").Truthy() {
				return nil
			}
			a := t.Call("closest", `a[target="_blank"]`)
			if !a.Truthy() {
				return nil
			}
			if a.Get("id").String() == openInLabID {
				loc := app.Window().Get("location")
				a.Set("href", lessonLink(loc.Get("pathname").String(), loc.Get("search").String(), a.Get("hash").String()))
			}
			e.Call("stopPropagation")
			return nil
		})
		app.Window().Get("document").Call("addEventListener", "click", fn)
	})
}

// lessonLink is the lesson page an embed at path?search comes from, with
// the embed's settings as lesson-page keys (urlstate.LessonQuery) and
// fragment (e.g. "#widget-trainer").
func lessonLink(path, search, fragment string) string {
	r := urlstate.ParseRoute(path)
	q, err := url.ParseQuery(strings.TrimPrefix(search, "?"))
	if err != nil {
		q = url.Values{}
	}
	u := site.Path("/lessons/" + url.PathEscape(r.Slug))
	if enc := urlstate.LessonQuery(q, r.Widget).Encode(); enc != "" {
		u += "?" + enc
	}
	return u + fragment
}
