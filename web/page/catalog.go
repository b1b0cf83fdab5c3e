package page

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/lesson"
	"latentlab/web/site"
	"latentlab/web/widget/quizview"
)

// Catalog is the home page: every lesson with its summary, estimated time
// and the reader's progress. The server renders the list; the browser
// attaches to it (see serverrender.go).
type Catalog struct {
	app.Compo
	index   *lesson.Index
	failure *loadFailure
}

// OnInit takes the server's lesson list, if the browser shows that render.
func (c *Catalog) OnInit() {
	if !app.IsClient {
		return
	}
	if s := takeServerState(canonical(app.Window().URL().Path)); s != nil && s.Index != nil {
		c.index = s.Index
	}
}

// OnPreRender reads the lesson index on the server.
func (c *Catalog) OnPreRender(ctx app.Context) {
	setHead(ctx, catalogTitle, "")
	idx, err := loadIndex()
	if err != nil {
		c.failure = indexFailure()
		return
	}
	c.index = idx
}

const catalogTitle = "Latent Lab — interactive lessons on autoencoders"

// OnNav loads the lesson index.
func (c *Catalog) OnNav(ctx app.Context) {
	ctx.Page().SetTitle(catalogTitle)
	announceAwake()
	if c.index != nil {
		return
	}
	c.load(ctx)
}

func (c *Catalog) load(ctx app.Context) {
	c.failure = nil
	ctx.Async(func() {
		idx, err := loadIndex()
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				c.failure = indexFailure()
				warnf("lesson index: %v", err)
				return
			}
			c.index = idx
		})
	})
}

func (c *Catalog) retry(ctx app.Context) { c.load(ctx) }

// indexFailure words a lesson list that did not load.
func indexFailure() *loadFailure {
	return &loadFailure{title: "Lessons", retry: true,
		message: "The list of lessons did not arrive: the connection may have dropped, or the site may be busy. Check that you are online and try again."}
}

// Render draws the catalog.
func (c *Catalog) Render() app.UI {
	var body app.UI
	switch {
	case c.failure != nil:
		body = c.failure.box(asComponent(c, c.retry))
	case c.index == nil:
		body = loading("lessons")
	case len(c.index.Lessons) == 0:
		body = app.P().Text("There are no lessons here yet.")
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
		c.state(),
	)
}

// state is the server's lesson list for the browser to take.
func (c *Catalog) state() app.UI {
	if app.IsClient || c.index == nil {
		return nil
	}
	return stateElement(serverState{Route: "/", Index: c.index})
}

func (c *Catalog) card(i int, m lesson.Meta) app.UI {
	href := site.Path("/lessons/" + m.Slug)
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
