package embedui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// trap keeps the keyboard inside the open dialog wherever the keys are
// pressed: the dialog's own keydown handler (onKey) sees only keys pressed
// in the page, not those in the preview iframe or behind the modal. So while
// the dialog is open, a focus that lands outside it (Tab out of the preview
// iframe) goes back to its first control, and Escape closes it from the page
// and from inside the (same-origin) preview.
type trap struct {
	focusIn, keyDown app.Func
	frames           []app.Value // preview documents listened to
}

// set listens on the document; d.close runs on the UI goroutine.
func (t *trap) set(ctx app.Context, d *Dialog) {
	if !app.IsClient || t.focusIn != nil {
		return
	}
	doc := app.Window().Get("document")
	t.focusIn = app.FuncOf(func(this app.Value, args []app.Value) any {
		dlg := app.Window().GetElementByID(d.baseID() + "-dialog")
		if !dlg.Truthy() || len(args) == 0 {
			return nil
		}
		if target := args[0].Get("target"); !dlg.Call("contains", target).Bool() {
			if first := dlg.Call("querySelector", "button:not([disabled]), textarea, select, input"); first.Truthy() {
				first.Call("focus")
			}
		}
		return nil
	})
	t.keyDown = app.FuncOf(func(this app.Value, args []app.Value) any {
		if len(args) > 0 && args[0].Get("key").String() == "Escape" {
			args[0].Call("preventDefault")
			ctx.Dispatch(func(ctx app.Context) { d.close(ctx) })
		}
		return nil
	})
	doc.Call("addEventListener", "focusin", t.focusIn, true)
	doc.Call("addEventListener", "keydown", t.keyDown, true)
}

// frameLoaded listens for Escape inside the preview iframe once it loads.
func (t *trap) frameLoaded(frame app.Value) {
	if t.keyDown == nil {
		return
	}
	defer func() { recover() }() // a cross-origin preview cannot be listened to
	doc := frame.Get("contentDocument")
	if !doc.Truthy() {
		return
	}
	doc.Call("addEventListener", "keydown", t.keyDown, true)
	t.frames = append(t.frames, doc)
}

// release stops listening.
func (t *trap) release() {
	if t.focusIn == nil {
		return
	}
	doc := app.Window().Get("document")
	doc.Call("removeEventListener", "focusin", t.focusIn, true)
	doc.Call("removeEventListener", "keydown", t.keyDown, true)
	for _, f := range t.frames {
		func() {
			defer func() { recover() }()
			f.Call("removeEventListener", "keydown", t.keyDown, true)
		}()
	}
	t.focusIn.Release()
	t.keyDown.Release()
	*t = trap{}
}
