package kit

import (
	"math"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Named colours of the Okabe–Ito palette (colour-blind safe), and the ink
// and paper of figures drawn on a fixed white background.
const (
	Orange    = "#E69F00"
	SkyBlue   = "#56B4E9"
	Green     = "#009E73"
	Blue      = "#0072B2"
	Vermilion = "#D55E00"
	Purple    = "#CC79A7"
	Grey      = "#8a8a8a"
	Ink       = "#222"
	Paper     = "#fff"
)

// Sized prepares the canvas with id for drawing at a fixed logical size of
// w×h CSS pixels (the backing store is w×h × devicePixelRatio; CSS may scale
// the element), for figures whose layout is drawn in fixed coordinates.
// Fit is the other way: the drawing follows the element's CSS size. ok is
// false when the canvas is not in the page (not mounted, or natively).
func Sized(id string, w, h float64) (s Surface, ok bool) {
	el := Element(id)
	if !Present(el) {
		return s, false
	}
	dpr := 1.0
	if d := app.Window().Get("devicePixelRatio"); Present(d) && d.Float() > 0 {
		dpr = Clamp(d.Float(), 1, 3)
	}
	pw, ph := int(w*dpr), int(h*dpr)
	if el.Get("width").Int() != pw || el.Get("height").Int() != ph {
		el.Set("width", pw)
		el.Set("height", ph)
	}
	ctx := el.Call("getContext", "2d")
	ctx.Call("setTransform", dpr, 0, 0, dpr, 0, 0)
	return Surface{Canvas: el, Ctx: ctx, W: w, H: h, FG: Ink}, true
}

// Paint fills the whole surface with colour bg.
func (s Surface) Paint(bg string) {
	s.Ctx.Set("fillStyle", bg)
	s.Ctx.Call("fillRect", 0, 0, s.W, s.H)
}

// SetStroke sets the stroke colour and line width; SetFill the fill colour;
// SetDash the dash pattern (none: solid).
func (s Surface) SetStroke(color string, width float64) {
	s.Ctx.Set("strokeStyle", color)
	s.Ctx.Set("lineWidth", width)
}

// SetFill sets the fill colour.
func (s Surface) SetFill(color string) { s.Ctx.Set("fillStyle", color) }

// SetDash sets the dash pattern of strokes (no arguments: solid lines).
func (s Surface) SetDash(dash ...float64) {
	s.Ctx.Call("setLineDash", dashArray(dash...))
}

// Segment strokes a line from (x0, y0) to (x1, y1) with the current stroke.
func (s Surface) Segment(x0, y0, x1, y1 float64) {
	c := s.Ctx
	c.Call("beginPath")
	c.Call("moveTo", x0, y0)
	c.Call("lineTo", x1, y1)
	c.Call("stroke")
}

// Polyline strokes the interleaved points (x0, y0, x1, y1, …) with the
// current stroke, closing the shape when closed; one JS call.
func (s Surface) Polyline(pts []float64, closed bool) {
	if len(pts) < 4 {
		return
	}
	var p PathBuilder
	p.MoveTo(pts[0], pts[1])
	for i := 2; i+1 < len(pts); i += 2 {
		p.LineTo(pts[i], pts[i+1])
	}
	if closed {
		p.Close()
	}
	s.Stroke(&p)
}

// Dot fills a disc of radius r with the current fill.
func (s Surface) Dot(x, y, r float64) {
	c := s.Ctx
	c.Call("beginPath")
	c.Call("arc", x, y, r, 0, 2*math.Pi)
	c.Call("fill")
}

// FillRect fills a rectangle with the current fill.
func (s Surface) FillRect(x, y, w, h float64) { s.Ctx.Call("fillRect", x, y, w, h) }

// Write draws text s at (x, y) with a CSS font, a colour and an alignment
// ("left", "center", "right") on the alphabetic baseline.
func (s Surface) Write(x, y float64, text, font, color, align string) {
	c := s.Ctx
	c.Set("font", font)
	c.Set("fillStyle", color)
	c.Set("textAlign", align)
	c.Set("textBaseline", "alphabetic")
	c.Call("fillText", text, x, y)
}

// Square adds a square of side size centred at (x, y).
func (p *PathBuilder) Square(x, y, size float64) {
	h := size / 2
	p.Polygon(x-h, y-h, x+h, y-h, x+h, y+h, x-h, y+h)
}

// Arrow adds a segment from (x0, y0) to (x1, y1) with a head of length
// head; an arrow shorter than a pixel becomes a small square.
func (p *PathBuilder) Arrow(x0, y0, x1, y1, head float64) {
	dx, dy := x1-x0, y1-y0
	l := math.Hypot(dx, dy)
	if l < 1 {
		p.Square(x0, y0, 1.5)
		return
	}
	h := math.Min(head, l*0.5)
	ux, uy := dx/l, dy/l
	p.MoveTo(x0, y0)
	p.LineTo(x1, y1)
	p.MoveTo(x1-h*(ux-0.5*uy), y1-h*(uy+0.5*ux))
	p.LineTo(x1, y1)
	p.LineTo(x1-h*(ux+0.5*uy), y1-h*(uy-0.5*ux))
}
