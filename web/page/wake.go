package page

import (
	"math"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Widgets and quizzes wake (their placeholder gives way to the live
// component, which may fetch a model and start the engine) one per task:
// first those in or near the viewport, nearest first; the others once the
// page has been up for restAfter, or earlier when the reader scrolls near
// them. So a first visit spends its bandwidth and main thread on what the
// reader sees.
const (
	// wakeDelay separates two wake steps: each is its own task, so the
	// browser paints and handles input in between.
	wakeDelay = time.Millisecond
	// watchEvery is how often the loop looks for blocks scrolled near.
	watchEvery = 200 * time.Millisecond
	// restAfter is when every block wakes, wherever it is.
	restAfter = 1200 * time.Millisecond
)

// nearScreens is how close (in viewport heights) a block must be to wake
// before restAfter.
const nearScreens = 1.0

// nextToWake returns the sleeping block closest to the viewport (in it
// first, then by distance; document order breaks ties) if it is near, or
// any sleeping block when all may wake; nil when none should wake now. It
// also reports whether blocks are left asleep.
func nextToWake(blocks []*mounted, all bool) (m *mounted, left bool) {
	bestDist := math.Inf(1)
	for _, b := range blocks {
		if !b.asleep() {
			continue
		}
		left = true
		if d := viewportDistance(b.domID()); d < bestDist {
			m, bestDist = b, d
		}
	}
	if m != nil && !all && bestDist > nearScreens*viewportHeight() {
		return nil, left
	}
	return m, left
}

// wakeLoop wakes blocks (see restAfter) until none is left. stale reports
// that the page moved on to other blocks.
type wakeLoop struct {
	started time.Time
	blocks  func() []*mounted
	stale   func() bool
}

func (w *wakeLoop) step(ctx app.Context) {
	if w.stale() {
		return
	}
	all := time.Since(w.started) >= restAfter
	m, left := nextToWake(w.blocks(), all)
	switch {
	case m != nil:
		m.wake()
		ctx.After(wakeDelay, w.step)
	case left:
		ctx.After(watchEvery, w.step)
	default:
		announceAwake()
	}
}

// announceAwake tells the loader that the page's widgets have all started
// (it then lets the offline worker download in the background).
func announceAwake() {
	if app.IsClient {
		app.Window().Call("dispatchEvent", app.Window().Get("Event").New("latentlab-awake"))
	}
}

func viewportHeight() float64 {
	if !app.IsClient {
		return 0
	}
	return app.Window().Get("innerHeight").Float()
}

// viewportDistance is how far (px) the element is from the viewport, 0 when
// it is in it; +Inf when it is not on the page or outside a browser.
func viewportDistance(id string) float64 {
	if !app.IsClient || id == "" {
		return math.Inf(1)
	}
	el := app.Window().GetElementByID(id)
	if !el.Truthy() {
		return math.MaxFloat64 / 2
	}
	r := el.Call("getBoundingClientRect")
	top, bottom := r.Get("top").Float(), r.Get("bottom").Float()
	vh := app.Window().Get("innerHeight").Float()
	switch {
	case bottom < 0:
		return -bottom
	case top > vh:
		return top - vh
	}
	return 0
}
