package page

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/site"
)

// shell wraps a page's content in the site chrome: a skip link, the header
// with navigation and the theme toggle, the main landmark and the footer.
// active names the current section ("lessons" or "about").
func shell(active string, content ...app.UI) app.UI {
	navLink := func(href, text, section string) app.UI {
		a := app.A().Href(site.Path(href)).Text(text)
		if section == active {
			a = a.Aria("current", "page").Class("active")
		}
		return app.Li().Body(a)
	}
	return app.Div().Class("site").Body(
		app.A().Class("skip-link").Href("#main").OnClick(focusTarget).Text("Skip to content"),
		app.Header().Class("site-header").Body(
			app.Div().Class("site-header-inner").Body(
				app.A().Class("brand").Href(site.Path("/")).Body(
					app.Img().Src("/web/icon.svg").Alt("").Width(28).Height(28),
					app.Span().Text("Latent Lab"),
				),
				app.Nav().Aria("label", "Site").Body(
					app.Ul().Body(
						navLink("/", "Lessons", "lessons"),
						navLink("/about", "About", "about"),
					),
				),
				&ThemeToggle{},
			),
		),
		app.Main().ID("main").Class("site-main").Body(content...),
		app.Footer().Class("site-footer").Body(
			app.P().Body(
				app.Text("Latent Lab — interactive lessons on autoencoders, running entirely in your browser. "),
				app.A().Href(site.Path("/about")).Text("Credits and licences"),
				app.Text("."),
			),
		),
	)
}

// errorBox shows a problem in place (never a blank page).
func errorBox(title, detail string) app.UI {
	return app.Div().Class("error-box").Role("alert").Body(
		app.Strong().Text(title),
		app.If(detail != "", app.P().Text(detail)),
	)
}

// loading is the placeholder shown while a bundle file is fetched.
func loading(what string) app.UI {
	return app.P().Class("loading").Aria("busy", "true").Text("Loading " + what + "…")
}
