// Package draw holds the small canvas and control helpers shared by the CAE
// and reparameterization widgets (until web/widget/kit offers them): a 2-D
// canvas wrapper sized for the device pixel ratio, line plots, and the
// Train/Pause/Step/Reset bar with its Training status live region.
package draw

import (
	"math"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Colour-blind-safe palette (Okabe–Ito).
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

// Canvas wraps a <canvas> element's 2-D context in logical (CSS) pixels.
type Canvas struct {
	El, Ctx app.Value
	W, H    float64 // logical size
}

// Get finds the canvas with the given element id and prepares it for drawing
// at logical size w×h (the backing store is scaled by devicePixelRatio). It
// returns nil when the element is not in the page (not mounted, or natively).
func Get(id string, w, h float64) *Canvas {
	el := app.Window().GetElementByID(id)
	if el == nil || !el.Truthy() {
		return nil
	}
	dpr := 1.0
	if d := app.Window().Get("devicePixelRatio"); d.Truthy() {
		dpr = math.Max(1, math.Min(3, d.Float()))
	}
	pw, ph := int(w*dpr), int(h*dpr)
	if el.Get("width").Int() != pw || el.Get("height").Int() != ph {
		el.Set("width", pw)
		el.Set("height", ph)
	}
	ctx := el.Call("getContext", "2d")
	ctx.Call("setTransform", dpr, 0, 0, dpr, 0, 0)
	return &Canvas{El: el, Ctx: ctx, W: w, H: h}
}

// Clear fills the whole canvas with colour bg.
func (c *Canvas) Clear(bg string) {
	c.Ctx.Set("fillStyle", bg)
	c.Ctx.Call("fillRect", 0, 0, c.W, c.H)
}

// Stroke sets the stroke colour and line width.
func (c *Canvas) Stroke(color string, width float64) {
	c.Ctx.Set("strokeStyle", color)
	c.Ctx.Set("lineWidth", width)
}

// Fill sets the fill colour.
func (c *Canvas) Fill(color string) { c.Ctx.Set("fillStyle", color) }

// Alpha sets the global alpha.
func (c *Canvas) Alpha(a float64) { c.Ctx.Set("globalAlpha", a) }

// Line strokes a segment with the current stroke style.
func (c *Canvas) Line(x0, y0, x1, y1 float64) {
	c.Ctx.Call("beginPath")
	c.Ctx.Call("moveTo", x0, y0)
	c.Ctx.Call("lineTo", x1, y1)
	c.Ctx.Call("stroke")
}

// Poly strokes (and optionally closes) a polyline of interleaved x, y points.
func (c *Canvas) Poly(pts []float64, closed bool) {
	if len(pts) < 4 {
		return
	}
	c.Ctx.Call("beginPath")
	c.Ctx.Call("moveTo", pts[0], pts[1])
	for i := 2; i+1 < len(pts); i += 2 {
		c.Ctx.Call("lineTo", pts[i], pts[i+1])
	}
	if closed {
		c.Ctx.Call("closePath")
	}
	c.Ctx.Call("stroke")
}

// Dot fills a disc of radius r with the current fill style.
func (c *Canvas) Dot(x, y, r float64) {
	c.Ctx.Call("beginPath")
	c.Ctx.Call("arc", x, y, r, 0, 2*math.Pi)
	c.Ctx.Call("fill")
}

// Rect fills a rectangle with the current fill style.
func (c *Canvas) Rect(x, y, w, h float64) { c.Ctx.Call("fillRect", x, y, w, h) }

// Arrow strokes a segment from (x0, y0) to (x1, y1) with a small head of
// length head; very short arrows are drawn as a dot.
func (c *Canvas) Arrow(x0, y0, x1, y1, head float64) {
	dx, dy := x1-x0, y1-y0
	l := math.Hypot(dx, dy)
	if l < 1 {
		c.Ctx.Call("fillRect", x0-0.75, y0-0.75, 1.5, 1.5)
		return
	}
	h := math.Min(head, l*0.5)
	ux, uy := dx/l, dy/l
	c.Ctx.Call("beginPath")
	c.Ctx.Call("moveTo", x0, y0)
	c.Ctx.Call("lineTo", x1, y1)
	c.Ctx.Call("moveTo", x1-h*(ux-0.5*uy), y1-h*(uy+0.5*ux))
	c.Ctx.Call("lineTo", x1, y1)
	c.Ctx.Call("lineTo", x1-h*(ux+0.5*uy), y1-h*(uy-0.5*ux))
	c.Ctx.Call("stroke")
}

// Text draws s at (x, y) with a CSS font, colour and alignment
// ("left", "center", "right").
func (c *Canvas) Text(x, y float64, s, font, color, align string) {
	c.Ctx.Set("font", font)
	c.Ctx.Set("fillStyle", color)
	c.Ctx.Set("textAlign", align)
	c.Ctx.Call("fillText", s, x, y)
}

// Num formats v with about three significant digits for labels.
func Num(v float64) string {
	a := math.Abs(v)
	switch {
	case v == 0:
		return "0"
	case math.IsNaN(v):
		return "NaN"
	case a >= 1e4 || a < 1e-3:
		return strconv.FormatFloat(v, 'e', 2, 64)
	case a >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case a >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	case a >= 1:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// Path accumulates an SVG path string in logical pixels so that a whole
// layer (hundreds of arrows or points) is drawn with one Path2D and a single
// stroke or fill call instead of thousands of JS calls.
type Path struct{ b []byte }

// num appends v rounded to tenths of a pixel, formatted without strconv's
// shortest-float search (it is called thousands of times per frame).
func (p *Path) num(v float64) {
	t := int64(math.Round(v * 10))
	if t < 0 {
		p.b = append(p.b, '-')
		t = -t
	}
	p.b = strconv.AppendInt(p.b, t/10, 10)
	if d := t % 10; d != 0 {
		p.b = append(p.b, '.', byte('0'+d))
	}
}

// M moves to (x, y).
func (p *Path) M(x, y float64) {
	p.b = append(p.b, 'M')
	p.num(x)
	p.b = append(p.b, ' ')
	p.num(y)
}

// L draws a line to (x, y).
func (p *Path) L(x, y float64) {
	p.b = append(p.b, 'L')
	p.num(x)
	p.b = append(p.b, ' ')
	p.num(y)
}

// Square adds a filled square of side s centred at (x, y).
func (p *Path) Square(x, y, s float64) {
	p.M(x-s/2, y-s/2)
	p.b = append(p.b, 'h')
	p.num(s)
	p.b = append(p.b, 'v')
	p.num(s)
	p.b = append(p.b, 'h')
	p.num(-s)
	p.b = append(p.b, 'z')
}

// Arrow adds a segment from (x0, y0) to (x1, y1) with a head of length
// head; arrows shorter than a pixel become a small square.
func (p *Path) Arrow(x0, y0, x1, y1, head float64) {
	dx, dy := x1-x0, y1-y0
	l := math.Hypot(dx, dy)
	if l < 1 {
		p.Square(x0, y0, 1.5)
		return
	}
	h := math.Min(head, l*0.5)
	ux, uy := dx/l, dy/l
	p.M(x0, y0)
	p.L(x1, y1)
	p.M(x1-h*(ux-0.5*uy), y1-h*(uy+0.5*ux))
	p.L(x1, y1)
	p.L(x1-h*(ux+0.5*uy), y1-h*(uy-0.5*ux))
}

// Reset empties the path, keeping its buffer for reuse.
func (p *Path) Reset() { p.b = p.b[:0] }

// String returns the SVG path data.
func (p *Path) String() string { return string(p.b) }

// Len reports the number of bytes of path data.
func (p *Path) Len() int { return len(p.b) }

func (c *Canvas) path2D(p *Path) app.Value {
	return app.Window().Get("Path2D").New(string(p.b))
}

// StrokePath strokes p with the current stroke style (one JS call).
func (c *Canvas) StrokePath(p *Path) {
	if p.Len() > 0 {
		c.Ctx.Call("stroke", c.path2D(p))
	}
}

// FillPath fills p with the current fill style (one JS call).
func (c *Canvas) FillPath(p *Path) {
	if p.Len() > 0 {
		c.Ctx.Call("fill", c.path2D(p))
	}
}
