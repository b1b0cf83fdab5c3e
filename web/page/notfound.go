package page

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/site"
)

// NotFound is shown for any address that is not a page (the server also
// answers such addresses with status 404).
type NotFound struct {
	app.Compo
}

const notFoundTitle = "Page not found — Latent Lab"

// OnPreRender sets the title in the server's render.
func (n *NotFound) OnPreRender(ctx app.Context) { setHead(ctx, notFoundTitle, "") }

// OnNav sets the title.
func (n *NotFound) OnNav(ctx app.Context) {
	ctx.Page().SetTitle(notFoundTitle)
	announceAwake()
}

// Render draws the page.
func (n *NotFound) Render() app.UI { return shell("", notFoundContent()) }

// notFoundContent says that an address names no page; the lesson and embed
// pages show it too when the lesson they load does not exist, so the
// server's 404 page and the browser's agree.
func notFoundContent() app.UI {
	return app.Div().Class("l-text not-found").Body(
		app.P().Class("kicker").Text("Error 404"),
		app.H1().Text("This page is not in the latent space"),
		app.P().Text("The address does not match any page of Latent Lab. It may have been mistyped, or the lesson may have been renamed."),
		app.P().Body(app.A().Class("btn").Href(site.Path("/")).Text("See all lessons")),
	)
}
