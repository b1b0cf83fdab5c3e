package page

import (
	"regexp"
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Route patterns. Slugs and widget ids are lower-case words with dashes.
var (
	lessonRoute = regexp.MustCompile(`^/lessons/([a-z0-9][a-z0-9-]*)/?$`)
	embedRoute  = regexp.MustCompile(`^/embed/([a-z0-9][a-z0-9-]*)(?:/([A-Za-z0-9][A-Za-z0-9_-]*))?/?$`)
)

// Routes registers every page with go-app. Call it once, before
// app.RunWhenOnBrowser, in both the browser and the server build.
func Routes() { routesOnce.Do(registerRoutes) }

var routesOnce sync.Once

func registerRoutes() {
	app.Route("/", &Catalog{})
	app.Route("/about", &About{})
	app.RouteWithRegexp(lessonRoute.String(), &LessonPage{})
	app.RouteWithRegexp(embedRoute.String(), &EmbedPage{})
	// The not-found page for the static export (GitHub Pages serves 404.html).
	app.Route("/404", &NotFound{})
	// go-app v9.8.0 mounts its own not-found component for unrouted paths on
	// the client (it ignores app.NotFound), so catch every other path last.
	app.RouteWithRegexp(`^/`, &NotFound{})
	app.NotFound = &NotFound{}
}

// Known reports whether path is a page route (the server answers other paths
// with the app shell and status 404).
func Known(path string) bool {
	switch path {
	case "/", "/about", "/index.html":
		return true
	}
	return lessonRoute.MatchString(path) || embedRoute.MatchString(path)
}
