package vae

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/widget/kit"
)

// latentMap is the square latent-plane view shared by the explorer, the
// posterior view, the drawing pad and the interpolation widget: a bottom
// canvas with axes and the held-out codes scattered (redrawn when codes
// change) and a top canvas for what moves (cursor, ellipses, paths), so a
// pointer move never redraws a thousand points.
type latentMap struct {
	id         string  // DOM id prefix
	rng        float64 // the plane shown is [−rng, rng]²
	dimX, dimY int     // latent dimensions on the axes
	ov         kit.Surface
	ovOK       bool // ov is fitted (reset by refit)
	drawn      mapKey
	rect       [4]float64 // overlay's client left, top, width, height (see measure)
	caption    int        // source version the caption describes
}

// mapKey is what the scatter layer shows: which codes, on which axes and range.
type mapKey struct {
	codesVer, dimX, dimY int
	rng                  float64
}

// sync brings the bottom layer and the caption up to date with src: the
// scatter is redrawn only when all is set or the codes, axes or range
// changed (a new snapshot of the network alone does not redraw a thousand
// points), the caption when the source changed.
func (m *latentMap) sync(src *Source, all bool) {
	key := mapKey{src.CodesVer, m.dimX, m.dimY, m.rng}
	if all || key != m.drawn {
		m.drawPoints(src)
		m.drawn = key
	}
	if all || m.caption != src.Ver {
		kit.SetText(m.id+"-caption", sourceCaption(src))
		m.caption = src.Ver
	}
}

// refit forgets the fitted overlay so the next draw measures it again
// (after a resize or a layout change).
func (m *latentMap) refit() { m.ovOK = false }

func (m *latentMap) pointsID() string  { return m.id + "-points" }
func (m *latentMap) overlayID() string { return m.id + "-overlay" }

// frame returns the mapping for a canvas of w×h CSS pixels.
func (m *latentMap) frame(w, h float64) kit.MapFrame {
	return kit.NewMapFrame(w, h, -m.rng, m.rng, -m.rng, m.rng)
}

// ui renders the two stacked canvases; the overlay gets the accessible
// label, focus and the event handlers given in top.
func (m *latentMap) ui(top app.HTMLCanvas) app.UI {
	return app.Div().Class("ll-map").
		Style("position", "relative").Style("width", "100%").Style("max-width", "440px").
		Style("aspect-ratio", "1 / 1").Style("min-width", "200px").Body(
		app.Canvas().ID(m.pointsID()).Aria("hidden", "true").
			Style("position", "absolute").Style("inset", "0").Style("width", "100%").Style("height", "100%"),
		top.ID(m.overlayID()).
			Style("position", "absolute").Style("inset", "0").Style("width", "100%").Style("height", "100%").
			Style("touch-action", "none").Style("cursor", "crosshair"),
	)
}

// drawPoints redraws axes and the held-out codes of src.
func (m *latentMap) drawPoints(src *Source) {
	m.refit()
	s, ok := kit.Fit(kit.Element(m.pointsID()))
	if !ok {
		return
	}
	f := m.frame(s.W, s.H)
	var pts kit.Points
	if c := src.Codes; c != nil && m.dimX < c.Latent && m.dimY < c.Latent {
		pts.X = make([]float64, c.N)
		pts.Y = make([]float64, c.N)
		for i := 0; i < c.N; i++ {
			pts.X[i] = float64(c.Mu[i*c.Latent+m.dimX])
			pts.Y[i] = float64(c.Mu[i*c.Latent+m.dimY])
		}
		pts.Labels = c.Labels
	}
	r := 2.6
	if s.W < 300 {
		r = 2
	}
	s.DrawScatter(f, pts, fmt.Sprintf("z%s", sub(m.dimX+1)), fmt.Sprintf("z%s", sub(m.dimY+1)), r)
	if pts.X == nil {
		msg := "encoding held-out digits…"
		if src.Err != "" {
			msg = "no held-out codes"
		}
		s.Text(msg, (f.X.R0+f.X.R1)/2, f.Y.R1+14, "center", "middle", s.FG)
	}
}

// overlay clears the top canvas and returns it with its frame. It measures
// the canvas only when refit was called (or on first use), so a pointer move
// never forces a layout.
func (m *latentMap) overlay() (kit.Surface, kit.MapFrame, bool) {
	if !m.ovOK {
		s, ok := kit.Fit(kit.Element(m.overlayID()))
		if !ok {
			return s, kit.MapFrame{}, false
		}
		m.ov, m.ovOK = s, true
	} else {
		m.ov.Clear()
	}
	return m.ov, m.frame(m.ov.W, m.ov.H), true
}

// measure reads the overlay's client rectangle for eventLatent (call it
// when a drag starts: reading it on every move would force a page layout
// whenever anything on the page changed since the last frame).
func (m *latentMap) measure() {
	c := kit.Element(m.overlayID())
	if !kit.Present(c) {
		m.rect = [4]float64{}
		return
	}
	r := c.Call("getBoundingClientRect")
	m.rect = [4]float64{r.Get("left").Float(), r.Get("top").Float(), r.Get("width").Float(), r.Get("height").Float()}
}

// eventLatent converts a pointer event on the overlay to latent
// coordinates, measuring the overlay first.
func (m *latentMap) eventLatent(e app.Value) (x, y float64, ok bool) {
	m.measure()
	return m.dragLatent(e)
}

// dragLatent converts like eventLatent with the rectangle of the last
// measure (taken when the drag started), so a move forces no layout.
func (m *latentMap) dragLatent(e app.Value) (x, y float64, ok bool) {
	if m.rect[2] <= 0 {
		return 0, 0, false
	}
	px := e.Get("clientX").Float() - m.rect[0]
	py := e.Get("clientY").Float() - m.rect[1]
	f := m.frame(m.rect[2], m.rect[3])
	x, y = f.ToLatent(px, py)
	return x, y, true
}

var subscripts = []rune("₀₁₂₃₄₅₆₇₈₉")

// sub writes n with Unicode subscript digits (z₁, z₁₂).
func sub(n int) string {
	s := fmt.Sprint(n)
	out := make([]rune, 0, len(s))
	for _, r := range s {
		out = append(out, subscripts[r-'0'])
	}
	return string(out)
}

// capturePointer sends the rest of a drag to the event's target. A
// synthetic event (not from a real pointer) cannot be captured; the JS
// exception must not become a Go panic that stops the app.
func capturePointer(e app.Value) {
	defer func() { _ = recover() }()
	e.Get("target").Call("setPointerCapture", e.Get("pointerId"))
}
