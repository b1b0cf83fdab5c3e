package page

import (
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// loadFailure is something a page could not load, worded for a student: what
// happened, what they can do, and whether trying again can help. The
// technical error goes to the browser console, never on the page.
type loadFailure struct {
	title   string // the page's heading, e.g. "Lesson not found"
	message string // one or two sentences
	retry   bool   // a Retry button makes sense (a network problem)
	missing bool   // the address names nothing: the not-found page
}

// box shows the failure as an alert with a Retry button when it may help.
func (f *loadFailure) box(retry app.EventHandler) app.UI {
	return app.Div().Class("error-box").Role("alert").Body(
		app.P().Class("failure-message").Text(f.message),
		app.If(f.retry, app.Button().Type("button").Class("btn").OnClick(retry).Text("Retry")),
	)
}

// asComponent returns an event handler that runs fn with a context whose
// source is the component c rather than the element that fired: a Retry
// button is gone once the page shows "Loading…", and go-app drops the
// updates dispatched from a context whose source is no longer mounted.
func asComponent(c app.UI, fn func(ctx app.Context)) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		ctx.Dispatcher().Dispatch(app.Dispatch{Mode: app.Next, Source: c, Function: fn})
	}
}

// notFound reports whether a fetch error was a 404 (the file is not there)
// rather than a network problem.
func notFound(err error) bool {
	return err != nil && strings.Contains(err.Error(), "HTTP 404")
}

// lessonFailure words a failure to load lesson slug.
func lessonFailure(slug string, err error) *loadFailure {
	if notFound(err) {
		return &loadFailure{missing: true}
	}
	return &loadFailure{title: "This lesson could not be loaded", retry: true,
		message: "It did not arrive: the connection may have dropped, or the site may be busy. Check that you are online and try again."}
}

// warnf writes a technical detail to the browser console (as a warning: the
// page has already told the student what happened).
func warnf(format string, args ...any) {
	if app.IsClient {
		app.Window().Get("console").Call("warn", "Latent Lab: "+fmt.Sprintf(format, args...))
	}
}
