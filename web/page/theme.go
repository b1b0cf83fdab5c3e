package page

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// themeKey is the localStorage key that remembers the reader's theme choice.
const themeKey = "latentlab-theme"

// validTheme keeps only the two theme names; anything else means "follow the
// system" (prefers-color-scheme).
func validTheme(t string) string {
	if t == "light" || t == "dark" {
		return t
	}
	return ""
}

// storedTheme reads the remembered theme ("" when none).
func storedTheme() string {
	if !app.IsClient {
		return ""
	}
	v := app.Window().Get("localStorage").Call("getItem", themeKey)
	if v.IsNull() || v.IsUndefined() {
		return ""
	}
	return validTheme(v.String())
}

// applyTheme sets data-theme on <html>; "" follows the system setting.
func applyTheme(t string) {
	if !app.IsClient {
		return
	}
	root := app.Window().Get("document").Get("documentElement")
	if t = validTheme(t); t == "" {
		root.Call("removeAttribute", "data-theme")
		return
	}
	root.Call("setAttribute", "data-theme", t)
}

// effectiveTheme is the theme in force: the data-theme attribute, else the
// system preference.
func effectiveTheme() string {
	if !app.IsClient {
		return "light"
	}
	root := app.Window().Get("document").Get("documentElement")
	if t := validTheme(root.Call("getAttribute", "data-theme").String()); t != "" {
		return t
	}
	mq := app.Window().Call("matchMedia", "(prefers-color-scheme: dark)")
	if mq.Truthy() && mq.Get("matches").Bool() {
		return "dark"
	}
	return "light"
}

// ThemeToggle is the header button that switches between the light and dark
// themes and remembers the choice in localStorage.
type ThemeToggle struct {
	app.Compo
	theme string
}

// OnMount applies the remembered theme.
func (t *ThemeToggle) OnMount(ctx app.Context) {
	applyTheme(storedTheme())
	t.theme = effectiveTheme()
}

func (t *ThemeToggle) toggle(ctx app.Context, e app.Event) {
	next := "dark"
	if effectiveTheme() == "dark" {
		next = "light"
	}
	applyTheme(next)
	app.Window().Get("localStorage").Call("setItem", themeKey, next)
	t.theme = next
}

// Render draws the button.
func (t *ThemeToggle) Render() app.UI {
	dark := t.theme == "dark"
	label := "Dark theme"
	icon := "☾"
	if dark {
		label, icon = "Light theme", "☀"
	}
	return app.Button().
		Class("theme-toggle").
		Type("button").
		Aria("label", "Dark theme").
		Aria("pressed", dark).
		Title(label).
		OnClick(t.toggle).
		Body(app.Span().Aria("hidden", "true").Text(icon))
}
