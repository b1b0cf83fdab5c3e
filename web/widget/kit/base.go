package kit

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/params"
	"latentlab/web/urlstate"
	"latentlab/web/widget"
)

// Base is the state and lifecycle every widget shares: its block, its
// parameter values with the notes about them, and what to release when it
// leaves the page. Embed it beside app.Compo:
//
//	type meter struct {
//		app.Compo
//		kit.Base
//		…
//	}
//	func (w *meter) OnInit() { w.Init(meterParams) }
//
// Its OnDismount and OnResize are go-app's hooks: they run what the widget
// registered with Cleanup and Resized (a widget that defines its own calls
// the Base's too). Notes about the block's own values are shown by the page
// around the widget; Notes holds those the student causes later.
type Base struct {
	B     widget.Block
	Vals  params.Values
	Notes []params.Note

	table    params.Table
	cleanups []func()
	resized  []func()
}

// Init fills Vals from the block's decoded parameters (or the table's
// defaults for a block without any): call it in OnInit.
func (b *Base) Init(t params.Table) {
	watchTheme()
	installTakes() // a DataSet(TakePointer, …) alone installs nothing
	b.table = t
	b.Vals = t.Defaults()
	for k, v := range b.B.Params {
		b.Vals[k] = v
	}
	b.Notes = nil
	b.cleanups, b.resized = nil, nil
	urlstate.Track(b.B.ID, t, b.Vals)
}

// Values returns the widget's current parameter values.
func (b *Base) Values() params.Values { return b.Vals }

// ID returns a DOM id unique on the page: the block's id, "-", part.
func (b *Base) ID(part string) string { return b.B.ID + "-" + part }

// Set stores v as p's value, replaces any earlier note about p by note
// (nil: none) and mirrors the widget's values into the address bar.
func (b *Base) Set(p params.Param, v any, note *params.Note) {
	b.Vals[p.Name] = v
	if note != nil {
		b.Notes = AddNote(b.Notes, note)
	} else {
		b.Notes = DropNote(b.Notes, p.Name)
	}
	urlstate.Replace(b.B.ID, b.table, b.Vals)
}

// Field returns the control of parameter p, disabled when the embedder
// locks it (controls=locked or lock=); a change is Set and then on runs (on
// may be nil).
func (b *Base) Field(p params.Param, label string, on func(ctx app.Context)) Field {
	return Field{ID: b.ID(p.Name), Param: p, Label: label, Value: b.Vals[p.Name], Disabled: b.B.ParamLocked(p.Name),
		OnChange: func(ctx app.Context, v any, note *params.Note) {
			b.Set(p, v, note)
			if on != nil {
				on(ctx)
			}
		}}
}

// Controls lays out fields, or nothing when the block hides its controls.
func (b *Base) Controls(fields ...Field) app.UI {
	if b.B.Hidden {
		return app.Div()
	}
	return Controls(fields...)
}

// Frame is the widget's outermost element: class names the widget for the
// style sheet, data-widget its kind (tests address widgets by it), then the
// notes and body.
func (b *Base) Frame(class string, body ...app.UI) app.UI {
	all := append([]app.UI{Notes(b.Notes)}, body...)
	return app.Div().Class("ll-widget", class).DataSet("widget", b.B.Name).Body(all...)
}

// Cleanup registers fn to run when the widget leaves the page (last
// registered, first run).
func (b *Base) Cleanup(fn func()) { b.cleanups = append(b.cleanups, fn) }

// Resized registers fn to run when the window is resized.
func (b *Base) Resized(fn func()) { b.resized = append(b.resized, fn) }

// OnDismount runs the cleanups (go-app calls it when the widget leaves the page).
func (b *Base) OnDismount() {
	for i := len(b.cleanups) - 1; i >= 0; i-- {
		b.cleanups[i]()
	}
	b.cleanups = nil
}

// OnResize runs the resize hooks (go-app calls it).
func (b *Base) OnResize(ctx app.Context) {
	for _, fn := range b.resized {
		fn()
	}
}
