package page

import (
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/site"
	"latentlab/web/urlstate"
)

// openInLabID is the id of an embed's "Open in Latent Lab ↗" link.
const openInLabID = "open-in-latent-lab"

// onNewTabClick takes a click on a link a with target="_blank" (routed by
// routeClick): it stops the event before go-app's window handler and lets
// the browser do what the link says (a new tab). For "Open in Latent Lab"
// it first points the link at the lesson page with the embed's current
// settings.
func onNewTabClick(e, a app.Value) bool {
	if a.Get("id").String() == openInLabID {
		loc := app.Window().Get("location")
		a.Set("href", lessonLink(loc.Get("pathname").String(), loc.Get("search").String(), a.Get("hash").String()))
	}
	e.Call("stopPropagation")
	return true
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
