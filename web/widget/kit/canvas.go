package kit

import (
	"math"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Element returns the DOM element with the given id (null when absent).
func Element(id string) app.Value { return app.Window().GetElementByID(id) }

// Present reports whether v is a real JS object (false natively, for null
// and for undefined).
func Present(v app.Value) bool { return v != nil && !v.IsNull() && !v.IsUndefined() }

// Surface is a 2-D drawing context fitted to a canvas's CSS size at the
// device pixel ratio: drawing coordinates are CSS pixels.
type Surface struct {
	Canvas app.Value
	Ctx    app.Value
	W, H   float64 // CSS pixels
	FG     string  // the canvas's computed CSS colour (theme foreground)
}

// Fit prepares canvas for crisp drawing: it resizes the backing store to the
// element's CSS box × devicePixelRatio, clears it and returns the context.
// ok is false when the canvas is absent or has no size (not laid out yet).
func Fit(canvas app.Value) (s Surface, ok bool) {
	if !Present(canvas) {
		return s, false
	}
	w, h := canvas.Get("clientWidth").Float(), canvas.Get("clientHeight").Float()
	if w <= 0 || h <= 0 {
		return s, false
	}
	dpr := app.Window().Get("devicePixelRatio").Float()
	if dpr <= 0 || math.IsNaN(dpr) {
		dpr = 1
	}
	bw, bh := int(math.Round(w*dpr)), int(math.Round(h*dpr))
	if canvas.Get("width").Int() != bw || canvas.Get("height").Int() != bh {
		canvas.Set("width", bw)
		canvas.Set("height", bh)
	}
	ctx := canvas.Call("getContext", "2d")
	ctx.Call("setTransform", dpr, 0, 0, dpr, 0, 0)
	ctx.Call("clearRect", 0, 0, w, h)
	fg := app.Window().Call("getComputedStyle", canvas).Get("color").String()
	if fg == "" || fg == "<undefined>" {
		fg = "#222"
	}
	return Surface{Canvas: canvas, Ctx: ctx, W: w, H: h, FG: fg}, true
}

// Clear erases the surface without reading layout (the transform set by Fit
// stays): use it to redraw a fitted surface on every pointer move, where a
// layout read after a DOM change would force a synchronous reflow.
func (s Surface) Clear() {
	if s.Ctx != nil {
		s.Ctx.Call("clearRect", 0, 0, s.W, s.H)
	}
}

// Line strokes a polyline through the points (xs[i], ys[i]) in pixels,
// skipping non-finite points (the line restarts after a gap).
func (s Surface) Line(xs, ys []float64, color string, width float64, dashed bool) {
	c := s.Ctx
	c.Call("beginPath")
	pen := false
	for i := range xs {
		x, y := xs[i], ys[i]
		if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
			pen = false
			continue
		}
		if pen {
			c.Call("lineTo", x, y)
		} else {
			c.Call("moveTo", x, y)
			pen = true
		}
	}
	c.Set("strokeStyle", color)
	c.Set("lineWidth", width)
	if dashed {
		c.Call("setLineDash", []any{5, 3})
	} else {
		c.Call("setLineDash", []any{})
	}
	c.Call("stroke")
	c.Call("setLineDash", []any{})
}

// Text draws text at (x, y) with the given alignment ("left", "center",
// "right") and baseline ("top", "middle", "alphabetic", "bottom").
func (s Surface) Text(txt string, x, y float64, align, baseline, color string) {
	c := s.Ctx
	c.Set("font", "12px system-ui, sans-serif")
	c.Set("textAlign", align)
	c.Set("textBaseline", baseline)
	c.Set("fillStyle", color)
	c.Call("fillText", txt, x, y)
}

// Marker adds one marker shape of radius r at (x, y) to the current path
// (call beginPath before a batch and fill/stroke after).
func (s Surface) Marker(m Marker, x, y, r float64) {
	c := s.Ctx
	switch m {
	case Square:
		c.Call("rect", x-r*0.85, y-r*0.85, 1.7*r, 1.7*r)
	case TriangleUp:
		c.Call("moveTo", x, y-r*1.1)
		c.Call("lineTo", x+r, y+r*0.8)
		c.Call("lineTo", x-r, y+r*0.8)
		c.Call("closePath")
	case TriangleDown:
		c.Call("moveTo", x, y+r*1.1)
		c.Call("lineTo", x+r, y-r*0.8)
		c.Call("lineTo", x-r, y-r*0.8)
		c.Call("closePath")
	case Diamond:
		c.Call("moveTo", x, y-r*1.2)
		c.Call("lineTo", x+r, y)
		c.Call("lineTo", x, y+r*1.2)
		c.Call("lineTo", x-r, y)
		c.Call("closePath")
	case Cross, Plus, Star:
		// Filled as thick strokes would need a second pass; draw as small polygons.
		t := r * 0.45
		if m == Plus || m == Star {
			c.Call("rect", x-r, y-t/2, 2*r, t)
			c.Call("rect", x-t/2, y-r, t, 2*r)
		}
		if m == Cross || m == Star {
			d := r * 0.75
			c.Call("moveTo", x-d-t/2, y-d+t/2)
			c.Call("lineTo", x-d+t/2, y-d-t/2)
			c.Call("lineTo", x+d+t/2, y+d-t/2)
			c.Call("lineTo", x+d-t/2, y+d+t/2)
			c.Call("closePath")
			c.Call("moveTo", x+d-t/2, y-d-t/2)
			c.Call("lineTo", x+d+t/2, y-d+t/2)
			c.Call("lineTo", x-d+t/2, y+d+t/2)
			c.Call("lineTo", x-d-t/2, y+d-t/2)
			c.Call("closePath")
		}
	default:
		c.Call("moveTo", x+r, y)
		c.Call("arc", x, y, r, 0, 2*math.Pi)
	}
}

// Ellipse strokes an axis-aligned ellipse centred at (x, y) with radii rx, ry.
func (s Surface) Ellipse(x, y, rx, ry float64, color string, width float64, fill string) {
	c := s.Ctx
	c.Call("beginPath")
	c.Call("ellipse", x, y, math.Max(rx, 0.5), math.Max(ry, 0.5), 0, 0, 2*math.Pi)
	if fill != "" {
		c.Set("fillStyle", fill)
		c.Call("fill")
	}
	c.Set("strokeStyle", color)
	c.Set("lineWidth", width)
	c.Call("stroke")
}

// PutGray shows a w×h image of intensities in [0, 1] on canvas at native
// resolution (the canvas backing store becomes w×h; CSS scales it up, so give
// the canvas `image-rendering: pixelated`). One CopyBytesToJS per call; buf is
// reused scratch and returned.
func PutGray(canvas app.Value, img []float32, w, h int, buf []byte) []byte {
	g := ImageGrid{Cols: 1, Rows: 1, W: w, H: h}
	return PutGrid(canvas, g, [][]float32{img}, buf)
}

// PutGrid shows images laid out by g on canvas at native resolution, with
// one CopyBytesToJS. buf is reused scratch and returned.
func PutGrid(canvas app.Value, g ImageGrid, imgs [][]float32, buf []byte) []byte {
	buf = g.PackRGBA(buf, imgs, [3]byte{128, 128, 128})
	if !Present(canvas) {
		return buf
	}
	gw, gh := g.Size()
	if canvas.Get("width").Int() != gw || canvas.Get("height").Int() != gh {
		canvas.Set("width", gw)
		canvas.Set("height", gh)
	}
	ctx := canvas.Call("getContext", "2d")
	id := ctx.Call("createImageData", gw, gh)
	app.CopyBytesToJS(id.Get("data"), buf)
	ctx.Call("putImageData", id, 0, 0)
	return buf
}
