package kit

import (
	"math"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// MapFrame maps a rectangular region of a latent plane onto a canvas's plot
// area (with PlotMargins-like margins for axes).
type MapFrame struct {
	X, Y Scale
}

// MapMargins are the margins of latent maps (smaller than line plots').
var MapMargins = Margins{Left: 34, Right: 8, Top: 8, Bottom: 26}

// NewMapFrame returns the frame for a w×h canvas showing [x0,x1]×[y0,y1].
func NewMapFrame(w, h, x0, x1, y0, y1 float64) MapFrame {
	m := MapMargins
	return MapFrame{
		X: Scale{x0, x1, m.Left, w - m.Right},
		Y: Scale{y0, y1, h - m.Bottom, m.Top},
	}
}

// ToPixels maps a latent point to canvas CSS pixels.
func (f MapFrame) ToPixels(x, y float64) (px, py float64) { return f.X.Map(x), f.Y.Map(y) }

// ToLatent maps canvas CSS pixels to a latent point, clamped to the frame.
func (f MapFrame) ToLatent(px, py float64) (x, y float64) {
	x, y = f.X.Invert(px), f.Y.Invert(py)
	return Clamp(x, math.Min(f.X.D0, f.X.D1), math.Max(f.X.D0, f.X.D1)),
		Clamp(y, math.Min(f.Y.D0, f.Y.D1), math.Max(f.Y.D0, f.Y.D1))
}

// Clamp limits v to [lo, hi]; NaN becomes lo.
func Clamp(v, lo, hi float64) float64 {
	if v != v || v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// Points are labelled 2-D points (labels −1 = unlabelled).
type Points struct {
	X, Y   []float64
	Labels []int
}

// DrawScatter draws axes and the points of pts coloured and shaped by label
// on a fitted surface; markers of one label are batched into one fill.
func (s Surface) DrawScatter(f MapFrame, pts Points, xLabel, yLabel string, r float64) {
	s.Axes(f.X, f.Y, xLabel, yLabel)
	c := s.Ctx
	c.Call("save")
	c.Call("beginPath")
	c.Call("rect", f.X.R0, f.Y.R1, f.X.R1-f.X.R0, f.Y.R0-f.Y.R1)
	c.Call("clip")
	c.Set("globalAlpha", 0.8)
	byLabel := map[int][]int{}
	var order []int
	for i := range pts.X {
		l := -1
		if i < len(pts.Labels) {
			l = pts.Labels[i]
		}
		if _, ok := byLabel[l]; !ok {
			order = append(order, l)
		}
		byLabel[l] = append(byLabel[l], i)
	}
	for _, l := range order {
		st := StyleFor(l)
		if l < 0 {
			st = DigitStyle{"#999999", Circle}
		}
		var p PathBuilder
		for _, i := range byLabel[l] {
			px, py := f.ToPixels(pts.X[i], pts.Y[i])
			p.Marker(st.Marker, px, py, r)
		}
		s.Fill(&p, st.Color)
	}
	c.Call("restore")
}

// Cursor draws a crosshair cursor ring at pixel (x, y).
func (s Surface) Cursor(x, y float64) {
	c := s.Ctx
	for i, col := range []string{"#ffffff", "#000000"} {
		w := 4.0 - 2*float64(i)
		c.Call("beginPath")
		c.Call("arc", x, y, 8, 0, 2*math.Pi)
		c.Call("moveTo", x-13, y)
		c.Call("lineTo", x-4, y)
		c.Call("moveTo", x+4, y)
		c.Call("lineTo", x+13, y)
		c.Call("moveTo", x, y-13)
		c.Call("lineTo", x, y-4)
		c.Call("moveTo", x, y+4)
		c.Call("lineTo", x, y+13)
		c.Set("strokeStyle", col)
		c.Set("lineWidth", w)
		c.Call("stroke")
	}
}

// markerGlyph is the Unicode shape shown in HTML legends for each Marker.
var markerGlyph = map[Marker]string{
	Circle: "●", Square: "■", TriangleUp: "▲", Diamond: "◆", Cross: "✖",
	Plus: "✚", TriangleDown: "▼", Star: "★",
}

// Glyph returns the legend character for m.
func (m Marker) Glyph() string { return markerGlyph[m] }

// DigitLegend is an HTML legend of the digit styles 0–9 (colour + shape +
// the digit itself, so it never relies on colour alone).
func DigitLegend() app.UI {
	items := make([]app.UI, 10)
	for d := 0; d < 10; d++ {
		st := StyleFor(d)
		items[d] = app.Li().Class("ll-legend-item").Body(
			app.Span().Class("ll-swatch").Style("color", st.Color).Aria("hidden", "true").Text(st.Marker.Glyph()),
			app.Text(" "+strconv.Itoa(d)),
		)
	}
	return app.Ul().Class("ll-legend").Aria("label", "Digit colours").
		Style("display", "flex").Style("flex-wrap", "wrap").Style("gap", "0.2rem 0.7rem").
		Style("list-style", "none").Style("padding", "0").Style("margin", "0.3rem 0").
		Body(items...)
}
