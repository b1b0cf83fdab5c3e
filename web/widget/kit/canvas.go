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

// SetText replaces the text of the element id without a re-render (for
// read-outs that change with every pointer move or training chunk). It
// writes only on change: a write invalidates layout. Render must give such
// an element a fixed text (its initial one): go-app keeps a handle on the
// text node it made, which SetText replaces.
func SetText(id, s string) {
	if el := Element(id); Present(el) && el.Get("textContent").String() != s {
		el.Set("textContent", s)
	}
}

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

// Cached keeps the fitted Surface of the canvas with id ID, so that
// redrawing (many times a second while training) neither reads layout nor
// recomputes styles. Call Refit after a resize or when the canvas element
// may have been replaced.
type Cached struct {
	ID  string
	s   Surface
	ok  bool
	gen int // themeGen when fitted: a theme change refits (FG is the theme's)
}

// Surface returns the cleared surface, fitting it on first use or after Refit.
func (c *Cached) Surface() (Surface, bool) {
	if c.ok && c.gen == themeGen && Present(c.s.Canvas) && c.s.Canvas.Get("isConnected").Bool() {
		c.s.Clear()
		return c.s, true
	}
	c.s, c.ok = Fit(Element(c.ID))
	c.gen = themeGen
	return c.s, c.ok
}

// Refit makes the next Surface call measure the canvas again.
func (c *Cached) Refit() { c.ok = false }

// Clear erases the surface without reading layout (the transform set by Fit
// stays): use it to redraw a fitted surface on every pointer move, where a
// layout read after a DOM change would force a synchronous reflow.
func (s Surface) Clear() {
	if s.Ctx != nil {
		s.Ctx.Call("clearRect", 0, 0, s.W, s.H)
	}
}

// Line strokes a polyline through the points (xs[i], ys[i]) in pixels,
// skipping non-finite points (the line restarts after a gap). The path is
// built in Go as SVG path data and crosses to JS in one Path2D call, not one
// call per point.
func (s Surface) Line(xs, ys []float64, color string, width float64, dashed bool) {
	var p PathBuilder
	pen := false
	for i := range xs {
		x, y := xs[i], ys[i]
		if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
			pen = false
			continue
		}
		if pen {
			p.LineTo(x, y)
		} else {
			p.MoveTo(x, y)
			pen = true
		}
	}
	c := s.Ctx
	c.Set("strokeStyle", color)
	c.Set("lineWidth", width)
	if dashed {
		c.Call("setLineDash", dashArray(5, 3))
	} else {
		c.Call("setLineDash", dashArray())
	}
	s.Stroke(&p)
	c.Call("setLineDash", dashArray())
}

// Stroke strokes the path built in p with the current stroke style.
func (s Surface) Stroke(p *PathBuilder) {
	if p.Len() > 0 {
		s.Ctx.Call("stroke", newPath2D(p.String()))
	}
}

// path2D is the Path2D constructor, looked up once: every lookup makes a
// JS reference that Go's garbage collector must later finalize.
var path2D app.Value

func newPath2D(d string) app.Value {
	if path2D == nil {
		path2D = app.Window().Get("Path2D")
	}
	return path2D.New(d)
}

// Fill fills the path built in p with color.
func (s Surface) Fill(p *PathBuilder, color string) {
	if p.Len() > 0 {
		s.Ctx.Set("fillStyle", color)
		s.Ctx.Call("fill", newPath2D(p.String()))
	}
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
