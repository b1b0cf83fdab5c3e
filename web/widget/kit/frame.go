package kit

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Frame coalesces redraw requests into at most one call per animation frame:
// Request stores the newest draw function and schedules one
// requestAnimationFrame; when it fires, only the newest function runs. The
// zero value is ready; call Release in OnDismount.
type Frame struct {
	pending func()
	fn      app.Func
	sched   bool
}

// Request schedules draw for the next animation frame, replacing any draw
// not yet run. Natively (no window) draw runs immediately.
func (f *Frame) Request(draw func()) {
	f.pending = draw
	if f.sched {
		return
	}
	raf := app.Window().Get("requestAnimationFrame")
	if !Present(raf) {
		f.run()
		return
	}
	if f.fn == nil {
		f.fn = app.FuncOf(func(this app.Value, args []app.Value) any {
			f.run()
			return nil
		})
	}
	f.sched = true
	app.Window().Call("requestAnimationFrame", f.fn)
}

func (f *Frame) run() {
	f.sched = false
	d := f.pending
	f.pending = nil
	if d != nil {
		d()
	}
}

// Release frees the JS callback (a pending draw is dropped).
func (f *Frame) Release() {
	f.pending = nil
	if f.fn != nil && !f.sched {
		f.fn.Release()
		f.fn = nil
	}
}
