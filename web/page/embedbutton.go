package page

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// EmbedButton opens a small panel with the iframe snippet that embeds a
// lesson (Widget "") or one widget in another page.
type EmbedButton struct {
	app.Compo
	Lesson string
	Widget string
	Title  string
	open   bool
	origin string
}

func (e *EmbedButton) toggle(ctx app.Context, ev app.Event) {
	e.open = !e.open
	if e.open && app.IsClient {
		e.origin = app.Window().Get("location").Get("origin").String()
	}
}

// Render draws the button and, when open, the snippet.
func (e *EmbedButton) Render() app.UI {
	return app.Span().Class("embed-slot").Body(
		app.Button().Type("button").Class("btn btn-small").Aria("expanded", e.open).OnClick(e.toggle).Text("Embed"),
		app.If(e.open, app.Div().Class("embed-panel").Body(
			app.Label().Body(
				app.Span().Text("Paste this into a course page:"),
				app.Textarea().ReadOnly(true).Rows(3).Text(iframeSnippet(e.origin, e.Lesson, e.Widget, e.Title)),
			),
		)),
	)
}
