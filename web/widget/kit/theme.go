package kit

import (
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Canvases are drawn with colours read from CSS (Surface.FG is the canvas's
// computed colour), which the theme decides. A theme change — the toggle
// writes data-theme on <html>, or the system's colour scheme changes while
// the page follows it — is for canvases what a resize is: every surface must
// be fitted again (reading its colours again) and redrawn. So the toolkit
// watches for one and then (1) bumps themeGen, which makes every Cached
// surface refit, and (2) dispatches a window resize event, which runs every
// widget's go-app OnResize (Base's Resized hooks, or the widget's own), the
// path that already refits and redraws each widget.

var (
	themeOnce sync.Once
	themeGen  int // bumped on every theme change
)

// watchTheme starts watching for theme changes (once per page; Base.Init
// calls it).
func watchTheme() {
	if !app.IsClient {
		return
	}
	themeOnce.Do(func() {
		changed := app.FuncOf(func(app.Value, []app.Value) any {
			themeChanged()
			return nil
		}) // lives as long as the page: never released
		win := app.Window()
		root := win.Get("document").Get("documentElement")
		obs := win.Get("MutationObserver").New(changed)
		opts := map[string]any{"attributes": true, "attributeFilter": []any{"data-theme"}}
		obs.Call("observe", root, opts)
		if mq := win.Call("matchMedia", "(prefers-color-scheme: dark)"); mq.Truthy() {
			mq.Call("addEventListener", "change", changed)
		}
	})
}

// themeChanged makes every surface refit and every widget redraw.
func themeChanged() {
	themeGen++
	win := app.Window()
	win.Call("dispatchEvent", win.Get("Event").New("resize"))
}
