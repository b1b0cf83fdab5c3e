package page

import (
	"regexp"
	"strings"
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/site"
	"latentlab/web/widget/kit"
)

// Route patterns of canonical paths. Slugs and widget ids are lower-case
// words with dashes.
var (
	lessonRoute = regexp.MustCompile(`^/lessons/([a-z0-9][a-z0-9-]*)$`)
	embedRoute  = regexp.MustCompile(`^/embed/([a-z0-9][a-z0-9-]*)(?:/([A-Za-z0-9][A-Za-z0-9_-]*))?$`)
)

// The same routes as go-app patterns, which also accept the forms a static
// host serves the exported files under: a trailing slash, name.html and
// name/index.html (the component then reads its path with canonical).
const (
	variants           = `(?:/|\.html|/index\.html)?$`
	lessonRoutePattern = `^/lessons/[a-z0-9][a-z0-9-]*` + variants
	embedRoutePattern  = `^/embed/[a-z0-9][a-z0-9-]*(?:/[A-Za-z0-9][A-Za-z0-9_-]*)?` + variants
)

// Routes registers every page with go-app. Call it once, before
// app.RunWhenOnBrowser, in both the browser and the server build; in the
// browser it also keeps the server-rendered page for the first view (see
// captureServerRender).
func Routes() { routesOnce.Do(registerRoutes) }

var routesOnce sync.Once

func registerRoutes() {
	kit.Mark("main") // package init is done: main has started
	captureServerRender()
	kit.Mark("server-state")
	app.Route("/", &Catalog{})
	app.Route("/index.html", &Catalog{})
	app.Route("/about", &About{})
	app.Route("/about.html", &About{})
	app.RouteWithRegexp(lessonRoutePattern, &LessonPage{})
	app.RouteWithRegexp(embedRoutePattern, &EmbedPage{})
	// The not-found page for the static export (static hosts serve 404.html).
	app.Route("/404", &NotFound{})
	app.Route("/404.html", &NotFound{})
	// go-app v9.8.0 mounts its own not-found component for unrouted paths on
	// the client (it ignores app.NotFound), so catch every other path last.
	app.RouteWithRegexp(`^/`, &NotFound{})
	app.NotFound = &NotFound{}
}

// canonical returns the canonical route of an address path: without the
// site's base path, without a trailing slash, ".html" or "/index.html"
// ("/latent-lab/lessons/vae.html" → "/lessons/vae", "/index.html" → "/").
func canonical(p string) string {
	p = site.Route(p)
	switch {
	case strings.HasSuffix(p, "/index.html"):
		p = strings.TrimSuffix(p, "index.html")
	case strings.HasSuffix(p, ".html"):
		p = strings.TrimSuffix(p, ".html")
	}
	if len(p) > 1 {
		p = strings.TrimSuffix(p, "/")
	}
	if p == "" {
		p = "/"
	}
	return p
}

// pageRoute reports whether a canonical path is a page: the catalog, about,
// a lesson or an embed. (Whether that lesson exists is the bundle's answer.)
func pageRoute(p string) bool {
	switch p {
	case "/", "/about":
		return true
	}
	return lessonRoute.MatchString(p) || embedRoute.MatchString(p)
}

// Known reports whether a request path names a page in any of the forms
// above (the server redirects the other forms to the canonical one and
// answers paths that are not pages with the not-found page and status 404).
func Known(path string) bool {
	if strings.Contains(path, "//") {
		return false
	}
	return pageRoute(canonical(path))
}
