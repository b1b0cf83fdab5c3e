package kit

import (
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/engine"
)

// nearMargin is how close to the viewport a widget that needs the engine
// must come for the engine to start: one screen above or below, so that a
// student who scrolls to a trainer finds it ready.
const nearMargin = "100% 0px 100% 0px"

// findFor is how long WantEngineNear looks for its element (a widget
// mounted with the page is in the document a moment after its OnMount).
const (
	findEvery = 20 * time.Millisecond
	findFor   = 2 * time.Second
)

// WantEngineNear starts the page's engine (engine.Want) once the element
// with DOM id comes within one screen of the viewport, or is in it now, or
// once focus moves into its widget (a keyboard user tabbing in: focusin on
// the closest [data-widget] around it, which also counts where focus does
// not scroll). Widgets that train or encode call it for one of their
// elements; a page left at its top then never downloads the engine for a
// widget further down. The returned function stops watching (call it when
// the widget leaves the page). Where the element does not appear or the
// browser has no IntersectionObserver the engine is wanted at once: never
// a widget left waiting.
func WantEngineNear(id string) (cancel func()) {
	if !app.IsClient || engine.Shared().Wanted() {
		return func() {}
	}
	w := &nearWatch{id: id}
	engine.OnWant(w.stop)
	w.find(time.Now())
	return w.stop
}

// nearWatch is one WantEngineNear.
type nearWatch struct {
	id      string
	stopped bool
	obs     app.Value
	cb      app.Func
	focus   app.Func  // the focusin listener on widget
	widget  app.Value // the element focus is watched on
	timer   *time.Timer
}

// find observes the element once it is in the document.
func (w *nearWatch) find(since time.Time) {
	if w.stopped {
		return
	}
	ctor := app.Window().Get("IntersectionObserver")
	el := Element(w.id)
	switch {
	case !Present(ctor) || (!Present(el) && time.Since(since) > findFor):
		w.stop()
		engine.Want()
	case !Present(el):
		w.timer = time.AfterFunc(findEvery, func() { w.find(since) })
	default:
		w.cb = app.FuncOf(func(_ app.Value, args []app.Value) any {
			entries := args[0]
			for i := 0; i < entries.Length(); i++ {
				if entries.Index(i).Get("isIntersecting").Bool() {
					w.stop()
					engine.Want()
					return nil
				}
			}
			return nil
		})
		w.obs = ctor.New(w.cb, map[string]any{"rootMargin": nearMargin})
		w.obs.Call("observe", el)
		w.watchFocus(el)
	}
}

// watchFocus wants the engine when focus moves into the widget around el.
func (w *nearWatch) watchFocus(el app.Value) {
	w.widget = el
	if around := el.Call("closest", "[data-widget]"); Present(around) {
		w.widget = around
	}
	w.focus = app.FuncOf(func(app.Value, []app.Value) any {
		w.stop()
		engine.Want()
		return nil
	})
	w.widget.Call("addEventListener", "focusin", w.focus)
}

// stop ends the watch (once).
func (w *nearWatch) stop() {
	if w.stopped {
		return
	}
	w.stopped = true
	if w.timer != nil {
		w.timer.Stop()
	}
	if w.obs != nil {
		w.obs.Call("disconnect")
		w.cb.Release()
	}
	if w.widget != nil {
		w.widget.Call("removeEventListener", "focusin", w.focus)
		w.focus.Release()
	}
}

// NeedsEngine starts the page's engine when the widget's block comes near
// the viewport (WantEngineNear), until the widget leaves the page: for a
// widget that encodes or traces with the engine outside a Session (call it
// in OnMount).
func (b *Base) NeedsEngine() { b.Cleanup(WantEngineNear("widget-" + b.B.ID)) }
