package kit

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Frame coalesces redraw requests into at most one call per animation frame:
// Request stores the newest draw function and queues the Frame; when the
// frame comes, only the newest function runs. The zero value is ready; call
// Release in OnDismount.
//
// All Frames of the page share one requestAnimationFrame callback with a
// time budget (frameBudgetMs): when a source many widgets follow changes,
// each widget's redraw would otherwise land in the same animation frame and
// their sum (plus a forced layout each) become one long main-thread task.
// Draws past the budget wait for the next frame, in request order, so one
// frame's task costs at most about the budget plus one draw.
type Frame struct {
	pending  func()
	sched    bool
	released bool
}

// frameBudgetMs is how long (ms) queued draws may run in one animation
// frame before the rest are deferred to the next.
const frameBudgetMs = 8

var (
	frameQueue []*Frame
	frameFn    app.Func
	frameSched bool
)

// Request schedules draw for the next animation frame, replacing any draw
// not yet run. Natively (no window) draw runs immediately.
func (f *Frame) Request(draw func()) {
	f.pending = draw
	f.released = false
	if f.sched {
		return
	}
	raf := app.Window().Get("requestAnimationFrame")
	if !Present(raf) {
		f.run()
		return
	}
	f.sched = true
	frameQueue = append(frameQueue, f)
	scheduleFrames()
}

// scheduleFrames asks for the shared animation-frame callback once.
func scheduleFrames() {
	if frameSched {
		return
	}
	if frameFn == nil {
		frameFn = app.FuncOf(func(this app.Value, args []app.Value) any {
			runFrames()
			return nil
		})
	}
	frameSched = true
	app.Window().Call("requestAnimationFrame", frameFn)
}

// runFrames runs queued draws until the budget is spent; the rest (and
// draws requested meanwhile) run in the next animation frame.
func runFrames() {
	frameSched = false
	q := frameQueue
	frameQueue = nil
	t0 := Now()
	for i, f := range q {
		if i > 0 && Now()-t0 > frameBudgetMs {
			frameQueue = append(q[i:len(q):len(q)], frameQueue...)
			break
		}
		f.run()
	}
	if len(frameQueue) > 0 {
		scheduleFrames()
	}
}

func (f *Frame) run() {
	f.sched = false
	d := f.pending
	f.pending = nil
	if d != nil && !f.released {
		d()
	}
}

// Release drops a pending draw (call it in OnDismount).
func (f *Frame) Release() {
	f.pending = nil
	f.released = true
}

// RunQuiet runs fn on go-app's UI goroutine without updating the component
// of ctx afterwards (ctx.Dispatch rebuilds and diffs the component's whole
// UI). For work that only draws on canvases or writes DOM text; call the
// component's Update when what Render shows did change.
func RunQuiet(ctx app.Context, fn func(app.Context)) {
	ctx.Dispatcher().Dispatch(app.Dispatch{Mode: app.Next, Source: ctx.Src(), Function: fn})
}
