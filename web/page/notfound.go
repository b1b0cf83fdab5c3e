package page

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// NotFound is shown for any address that is not a page (the server also
// answers such addresses with status 404).
type NotFound struct {
	app.Compo
}

// OnNav sets the title.
func (n *NotFound) OnNav(ctx app.Context) {
	ctx.Page().SetTitle("Page not found — Latent Lab")
}

// Render draws the page.
func (n *NotFound) Render() app.UI {
	return shell("", app.Div().Class("l-text not-found").Body(
		app.P().Class("kicker").Text("Error 404"),
		app.H1().Text("This page is not in the latent space"),
		app.P().Text("The address does not match any page of Latent Lab. It may have been mistyped, or the lesson may have been renamed."),
		app.P().Body(app.A().Class("btn").Href("/").Text("See all lessons")),
	))
}
