package draw

import (
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Loop runs a function once per animation frame on the UI goroutine (via
// ctx.Dispatch) for as long as it returns true. Work done per tick must stay
// small (a few milliseconds) so that no main-thread task exceeds 50 ms.
type Loop struct {
	// RenderEvery > 1 runs tick directly in the animation frame and goes
	// through ctx.Dispatch (which re-renders the component) only every
	// RenderEvery frames; canvases can then be redrawn every frame while the
	// DOM (status text, numbers) updates a few times a second.
	RenderEvery int

	fn     app.Func
	active bool
	ctx    app.Context
	tick   func(ctx app.Context) bool
	n      int
}

// Start begins calling tick every frame; it does nothing when already running.
func (l *Loop) Start(ctx app.Context, tick func(ctx app.Context) bool) {
	l.tick = tick
	l.ctx = ctx
	if l.active {
		return
	}
	l.active = true
	if l.fn == nil {
		l.fn = app.FuncOf(func(this app.Value, args []app.Value) any {
			l.n++
			if l.RenderEvery > 1 && l.n%l.RenderEvery != 0 {
				// JS callbacks run while the UI goroutine is parked, so the
				// component's state is not touched concurrently.
				if !l.active {
					return nil
				}
				if l.tick(l.ctx) {
					app.Window().Call("requestAnimationFrame", l.fn)
				} else {
					l.active = false
					l.ctx.Dispatch(func(app.Context) {})
				}
				return nil
			}
			l.ctx.Dispatch(func(ctx app.Context) {
				if !l.active {
					return
				}
				if l.tick(ctx) {
					app.Window().Call("requestAnimationFrame", l.fn)
				} else {
					l.active = false
				}
			})
			return nil
		})
	}
	app.Window().Call("requestAnimationFrame", l.fn)
}

// Stop ends the loop after the current frame.
func (l *Loop) Stop() { l.active = false }

// Active reports whether the loop is running.
func (l *Loop) Active() bool { return l.active }

// Release frees the JS callback (call it in OnDismount).
func (l *Loop) Release() {
	l.active = false
	if l.fn != nil {
		l.fn.Release()
		l.fn = nil
	}
}

// Budget returns a function that reports whether less than d has passed
// since Budget was called: `for more := draw.Budget(8*time.Millisecond); more(); {…}`.
func Budget(d time.Duration) func() bool {
	start := time.Now()
	return func() bool { return time.Since(start) < d }
}
