package page

import (
	"errors"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/store"
)

// themeKey is the storage key that remembers the reader's theme choice.
const themeKey = "latentlab-theme"

// themeNoteFor is what the toggle says when the choice could not be
// remembered ("" when it was): the theme changes all the same.
func themeNoteFor(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, store.ErrBlocked):
		return "Theme kept for this visit only: this browser does not let the site store data."
	case errors.Is(err, store.ErrFull):
		return "Theme not remembered: this browser's storage is full."
	}
	return "Theme not remembered: this browser refused to store it."
}

// themeNoteTime is how long that note stays.
const themeNoteTime = 8 * time.Second

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
	v, _ := store.Local().Get(themeKey)
	return validTheme(v)
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
// themes and remembers the choice in the browser's storage (web/store); when
// the browser cannot keep it, a short note under the button says so.
type ThemeToggle struct {
	app.Compo
	theme   string
	note    string
	noteGen int
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
	t.theme = next
	t.note = themeNoteFor(store.Local().Set(themeKey, next))
	t.noteGen++
	if gen := t.noteGen; t.note != "" {
		ctx.After(themeNoteTime, func(app.Context) {
			if t.noteGen == gen {
				t.note = ""
			}
		})
	}
}

// Render draws the button.
func (t *ThemeToggle) Render() app.UI {
	dark := t.theme == "dark"
	label := "Dark theme"
	icon := "☾"
	if dark {
		label, icon = "Light theme", "☀"
	}
	return app.Span().Class("theme-toggle-wrap").Body(
		app.Button().
			Class("theme-toggle").
			Type("button").
			Aria("label", "Dark theme").
			Aria("pressed", dark).
			Title(label).
			OnClick(t.toggle).
			Body(app.Span().Aria("hidden", "true").Text(icon)),
		app.Span().Class("theme-note").Role("status").Body(
			app.If(t.note != "", app.Text(t.note)),
		),
	)
}
