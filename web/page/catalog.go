package page

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/lesson"
	"latentlab/web/widget/quizview"
)

// Catalog is the home page: every lesson with its summary, estimated time
// and the reader's progress.
type Catalog struct {
	app.Compo
	index *lesson.Index
	err   string
}

// OnNav loads the lesson index.
func (c *Catalog) OnNav(ctx app.Context) {
	ctx.Page().SetTitle("Latent Lab — interactive lessons on autoencoders")
	c.index, c.err = nil, ""
	if !app.IsClient {
		return
	}
	base := pageURL(ctx)
	ctx.Async(func() {
		idx, err := loadIndex(base)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				c.err = err.Error()
				return
			}
			c.index = idx
		})
	})
}

// Render draws the catalog.
func (c *Catalog) Render() app.UI {
	var body app.UI
	switch {
	case c.err != "":
		body = errorBox("The lesson list could not be loaded.", c.err+" — run `make lessons` and reload.")
	case c.index == nil:
		body = loading("lessons")
	case len(c.index.Lessons) == 0:
		body = app.P().Text("No lessons yet: add a Markdown file to lessons/ and run make lessons.")
	default:
		body = app.Ol().Class("catalog").Body(
			app.Range(c.index.Lessons).Slice(func(i int) app.UI {
				return c.card(i, c.index.Lessons[i])
			}),
		)
	}
	return shell("lessons",
		app.Div().Class("l-text").Body(
			app.Header().Class("hero").Body(
				app.H1().Text("Latent Lab"),
				app.P().Class("lede").Text("Learn how autoencoders compress, regularise and generate by training small models right here in your browser — with live widgets, typeset math and a short quiz at the end of each lesson. Everything runs on your machine; nothing is sent anywhere."),
			),
			app.H2().ID("lessons").Text("Lessons"),
			body,
		),
	)
}

func (c *Catalog) card(i int, m lesson.Meta) app.UI {
	href := "/lessons/" + m.Slug
	return app.Li().Class("lesson-card").Body(
		app.Span().Class("lesson-number").Aria("hidden", "true").Text(fmt.Sprintf("%02d", i+1)),
		app.Div().Class("lesson-card-body").Body(
			app.H3().Body(app.A().Href(href).Text(m.Title)),
			app.P().Class("summary").Text(m.Summary),
			app.P().Class("meta").Body(
				app.If(m.Minutes > 0, app.Span().Text(fmt.Sprintf("%d min", m.Minutes))),
				app.Span().Class("progress").Body(quizview.Progress(m.Slug)),
			),
		),
	)
}
