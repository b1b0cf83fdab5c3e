package page

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/lesson"
	"latentlab/web/params"
	"latentlab/web/urlstate"
	"latentlab/web/widget"
)

// "Try this" buttons (package lesson, TrySetup) are links in the prose. With
// the app running, a click on one starts its widget again in the button's
// setup — the lesson's values with the button's on top, through the widget's
// parameter table — writes the setup into the address (urlstate.Replace),
// and scrolls to and focuses the widget; the other widgets keep running.
// Before the app attaches (or without JavaScript) the link itself loads the
// page with the setup in its address. With controls=locked or hidden the
// buttons are not shown (the class from tryClass) and clicks do nothing.

// tryTarget is what a widget block keeps so that a button can start it again.
type tryTarget struct {
	spec  widget.Spec
	block widget.Block                                                      // as first started
	frame func(body app.UI, notes []params.Note, vals params.Values) app.UI // the figure around the widget
	gen   int                                                               // starts so far
}

// widgetBody is the frame's body around a widget (or its placeholder).
// Generation gen alternates its element (div, section): go-app updates a
// component in place when the element around it stays the same, and a
// widget started again must be built and mounted anew.
func widgetBody(ui app.UI, gen int) app.UI {
	if gen%2 == 1 {
		return app.Section().Class("widget-body").Body(ui)
	}
	return app.Div().Class("widget-body").Body(ui)
}

// trySetup returns the values a setup gives a widget: the table's defaults,
// the lesson's values, then set. A value the table cannot read is left out
// (the lesson linter refuses it).
func trySetup(t params.Table, lessonVals, set map[string]string) params.Values {
	v := t.Defaults()
	for _, layer := range []map[string]string{lessonVals, set} {
		for name, raw := range layer {
			p, ok := t.Lookup(name)
			if !ok {
				continue
			}
			if x, note, err := p.Parse(raw); err == nil && note == nil {
				v[name] = x
			}
		}
	}
	return v
}

// applyTry starts widget id of blocks again in the setup set. It reports
// whether it did: not for an unknown id, nor for locked or hidden controls.
func applyTry(ctx app.Context, blocks []*mounted, id string, set map[string]string) bool {
	for _, m := range blocks {
		if m.try == nil || m.block.ID != id {
			continue
		}
		t := m.try
		if t.block.Locked || t.block.Hidden {
			return false
		}
		vals := trySetup(t.spec.Params, m.block.Params, set)
		wb := t.block
		wb.Params, wb.Notes = vals, nil
		t.gen++
		live := t.frame(widgetBody(startWidget(t.spec, wb), t.gen), nil, vals)
		m.live = func() app.UI { return live }
		m.woken = live
		urlstate.Replace(id, t.spec.Params, vals)
		ctx.Defer(func(app.Context) { focusWidget("widget-" + id) })
		return true
	}
	return false
}

// tryClicks is where Try clicks go: the page shown now. The click router
// (routeClick) answers inside the browser's click dispatch: go-app runs
// element event handlers later, on its own goroutine, so a handler there
// cannot stop the link; go-app's window click handler would then navigate
// in app to the link's address as well (pushing a history entry, and with
// the same fragment as the last Try mounting the route again), racing the
// Try's own update. The router prevents the link's default and stops the
// event before go-app sees it, then onTryClick hands the setup to the page's
// goroutine with ctx.Dispatch, which always renders the page afterwards.
type tryClicks struct {
	apply func(id string, set map[string]string) // the page shown now; nil before one mounts
	owner any                                    // the page apply belongs to
}

var pageTries tryClicks

// attachTries makes page (a mounted lesson or embed page) the one that Try
// clicks go to: ctx.Dispatch runs applyTry on its goroutine with its blocks.
func attachTries(ctx app.Context, page any, blocks func() []*mounted) {
	if !app.IsClient {
		return
	}
	pageTries.owner = page
	pageTries.apply = func(id string, set map[string]string) {
		ctx.Dispatch(func(ctx app.Context) { applyTry(ctx, blocks(), id, set) })
	}
	routeClicks()
}

// detachTries stops routing Try clicks to page (when it is dismounted).
func detachTries(page any) {
	if pageTries.owner == page {
		pageTries.owner, pageTries.apply = nil, nil
	}
}

// onTryClick takes a click on the Try link a (see tryClicks). A click with
// a modifier key or another button, or one before a page attached, follows
// the link.
func onTryClick(e, a app.Value) bool {
	apply := pageTries.apply
	if apply == nil || !plainClick(e) {
		return false
	}
	e.Call("preventDefault")
	e.Call("stopPropagation")
	set, err := lesson.ParseTrySet(a.Call("getAttribute", "data-"+lesson.TrySetAttr).String())
	if err != nil {
		return true
	}
	apply(a.Call("getAttribute", "data-"+lesson.TryWidget).String(), set)
	return true
}

// tryClass is the class of the element around the prose: "try-off" hides
// the buttons where the embedder locked or hid the controls.
func tryClass(v view) string {
	if v.locked || v.hidden {
		return "try-off"
	}
	return ""
}

// focusWidget scrolls the widget's figure into view and focuses it, so that
// keyboard users continue from the widget they set up.
func focusWidget(id string) {
	el := app.Window().GetElementByID(id)
	if !el.Truthy() {
		return
	}
	el.Call("scrollIntoView", map[string]any{"block": "start"})
	el.Call("focus", map[string]any{"preventScroll": true})
}
