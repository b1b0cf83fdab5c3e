package vae

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/widget/kit"
)

// The interpolation map from the keyboard: the map is focusable; A or B
// (or Space, which swaps) picks the end the arrow keys move (Shift for
// bigger steps), and each move is announced with what that end decodes to.

// keyEnd returns the end the keys move (1 A, 2 B).
func (w *interp) keyEnd() int {
	if w.key == 2 {
		return 2
	}
	return 1
}

// endName names end k.
func endName(k int) string {
	if k == 2 {
		return "B"
	}
	return "A"
}

func (w *interp) onKey(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	if w.a == nil {
		return
	}
	k := w.keyEnd()
	p := w.a
	if k == 2 {
		p = w.b2
	}
	x, y, moved := arrowMove(e, w.m.rng, float64(p[w.m.dimX]), float64(p[w.m.dimY]))
	switch e.Get("key").String() {
	case "a", "A":
		w.key = 1
	case "b", "B":
		w.key = 2
	case " ":
		w.key = 3 - k
	default:
		if !moved {
			return
		}
	}
	e.PreventDefault()
	p[w.m.dimX] = float32(kit.Clamp(x, -w.m.rng, w.m.rng))
	p[w.m.dimY] = float32(kit.Clamp(y, -w.m.rng, w.m.rng))
	w.redraw(false)
	w.sayEnd(w.keyEnd())
}

// sayEnd announces where end k is and what it decodes to:
// "A at z = (−1.2, 0.3), looks like a 1".
func (w *interp) sayEnd(k int) {
	if w.a == nil || w.src == nil || w.src.Net == nil {
		return
	}
	p := w.a
	if k == 2 {
		p = w.b2
	}
	zx, zy := float64(p[w.m.dimX]), float64(p[w.m.dimY])
	text := endName(k) + " at z = (" + fmtZ(zx) + ", " + fmtZ(zy) + ")"
	w.speaker.Say(text + looksLike(w.src, w.dec.decode(w.src.Net, p), zx, zy, w.m.dimX, w.m.dimY))
}

// focused reports whether the map has the keyboard focus (the end the keys
// move is then ringed).
func (w *interp) focused() bool {
	if !app.IsClient {
		return false
	}
	el := kit.Element(w.m.overlayID())
	return kit.Present(el) && el.Equal(app.Window().Get("document").Get("activeElement"))
}

// ringKeyEnd rings the end the keys move, at (x, y) on the overlay.
func ringKeyEnd(s kit.Surface, x, y float64) { s.Ellipse(x, y, 14, 14, s.FG, 2.5, "") }
