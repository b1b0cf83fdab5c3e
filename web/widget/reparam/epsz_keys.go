package reparam

import (
	"math"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/widget/kit"
)

// The ε canvas from the keyboard: it is focusable, and the arrow keys move
// the ring to the nearest point in that direction; every move of the ring
// or of μ and σ is announced (kit.Speaker).

// NextPoint returns the index of the point of eps (interleaved x, y) that an
// arrow key pressed at point cur moves to: the nearest point lying within
// 45° of direction (dx, dy), its distance counted double across the
// direction so that the ring keeps a line; cur when there is none.
func NextPoint(eps []float64, cur int, dx, dy float64) int {
	n := len(eps) / 2
	if cur < 0 || cur >= n {
		return cur
	}
	cx, cy := eps[2*cur], eps[2*cur+1]
	best, bestD := cur, math.Inf(1)
	for j := range n {
		ox, oy := eps[2*j]-cx, eps[2*j+1]-cy
		along := ox*dx + oy*dy
		across := math.Abs(ox*dy - oy*dx)
		if j == cur || along <= 0 || across > along {
			continue
		}
		if d := along + 2*across; d < bestD {
			best, bestD = j, d
		}
	}
	return best
}

// onPickKey moves the ring with the arrow keys.
func (e *EpsZ) onPickKey(ctx app.Context, ev app.Event) {
	dirs := map[string][2]float64{"ArrowLeft": {-1, 0}, "ArrowRight": {1, 0}, "ArrowUp": {0, 1}, "ArrowDown": {0, -1}}
	d, ok := dirs[ev.Get("key").String()]
	if !ok {
		ctx.PreventUpdate()
		return
	}
	ev.PreventDefault()
	e.pick = NextPoint(e.eps, e.pick, d[0], d[1])
	e.redraw()
	e.sayPick()
}

// sayPick announces the ringed point: "ε = (0.31, −1.20) ↦ z = (0.62, −0.40)".
func (e *EpsZ) sayPick() {
	k := 2 * e.pick
	ex, ey := e.eps[k], e.eps[k+1]
	e.speaker.Say("Ringed point ε = (" + kit.FormatNumber(ex) + ", " + kit.FormatNumber(ey) + ") ↦ z = (" +
		kit.FormatNumber(e.mu[0]+e.sigma[0]*ex) + ", " + kit.FormatNumber(e.mu[1]+e.sigma[1]*ey) + ")")
}

// sayMuSigma announces μ and σ after a key press on the z canvas.
func (e *EpsZ) sayMuSigma() {
	e.speaker.Say("μ = (" + kit.FormatNumber(e.mu[0]) + ", " + kit.FormatNumber(e.mu[1]) + "), σ = (" +
		kit.FormatNumber(e.sigma[0]) + ", " + kit.FormatNumber(e.sigma[1]) + ")")
}
