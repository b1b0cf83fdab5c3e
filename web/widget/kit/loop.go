package kit

import (
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Loop calls a tick function once per animation frame for as long as it
// returns true. Ticks go through the page's shared frame queue (see Frame),
// so a busy loop shares each frame's time budget with every other widget's
// redraws instead of adding a long task of its own. Ticks run on the JS event
// loop; every RenderEvery-th tick (and the last) also re-renders the
// component through ctx.Dispatch, so canvases can be redrawn every frame
// while the DOM (status text, numbers) updates a few times a second.
// Natively (no window) Start does nothing. Call Release in OnDismount.
type Loop struct {
	RenderEvery int // re-render every this many ticks (≤ 1: every tick)

	frame  Frame
	active bool
	n      int
	ctx    app.Context
	tick   func(ctx app.Context) bool
}

// Start begins calling tick every frame; when the loop is already running
// it only swaps the tick function.
func (l *Loop) Start(ctx app.Context, tick func(ctx app.Context) bool) {
	l.tick, l.ctx = tick, ctx
	if l.active || !Present(app.Window().Get("requestAnimationFrame")) {
		return
	}
	l.active = true
	l.frame.Request(l.step)
}

func (l *Loop) step() {
	if !l.active {
		return
	}
	l.n++
	more := l.tick(l.ctx)
	if !more || l.RenderEvery <= 1 || l.n%l.RenderEvery == 0 {
		l.ctx.Dispatch(func(app.Context) {})
	}
	if more && l.active {
		l.frame.Request(l.step)
		return
	}
	l.active = false
}

// Stop ends the loop after the current frame.
func (l *Loop) Stop() { l.active = false }

// Active reports whether the loop is running.
func (l *Loop) Active() bool { return l.active }

// Release stops the loop and drops its pending frame (call it in OnDismount).
func (l *Loop) Release() {
	l.active = false
	l.frame.Release()
}

// Budget returns a function that reports whether less than d has passed
// since Budget was called: `for more := kit.Budget(8*time.Millisecond); more(); {…}`.
func Budget(d time.Duration) func() bool {
	start := time.Now()
	return func() bool { return time.Since(start) < d }
}
