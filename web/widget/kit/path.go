package kit

import (
	"math"
	"strconv"
)

// PathBuilder accumulates SVG path data ("M10 20L30 40Z…") in Go so that a
// whole polyline or a thousand markers cross to JavaScript as one string
// (new Path2D(data)) instead of one call per point. Coordinates are written
// with 0.1 px precision. The zero value is an empty path.
type PathBuilder struct {
	b []byte
}

// Len returns the length of the path data.
func (p *PathBuilder) Len() int { return len(p.b) }

// String returns the SVG path data.
func (p *PathBuilder) String() string { return string(p.b) }

// Reset empties the path, keeping its buffer.
func (p *PathBuilder) Reset() { p.b = p.b[:0] }

func (p *PathBuilder) num(v float64) {
	if !(math.Abs(v) < 1e9) { // huge or NaN: rare, take the slow path
		p.b = strconv.AppendFloat(p.b, math.Round(v*10)/10, 'f', -1, 64)
		return
	}
	// Integer arithmetic: much cheaper than AppendFloat's shortest form in wasm.
	n := int64(math.Round(v * 10))
	if n < 0 {
		p.b = append(p.b, '-')
		n = -n
	}
	p.b = strconv.AppendInt(p.b, n/10, 10)
	if d := n % 10; d != 0 {
		p.b = append(p.b, '.', byte('0'+d))
	}
}

func (p *PathBuilder) cmd(c byte, xy ...float64) {
	p.b = append(p.b, c)
	for i, v := range xy {
		if i > 0 {
			p.b = append(p.b, ' ')
		}
		p.num(v)
	}
}

// MoveTo starts a new sub-path at (x, y).
func (p *PathBuilder) MoveTo(x, y float64) { p.cmd('M', x, y) }

// LineTo adds a straight segment to (x, y).
func (p *PathBuilder) LineTo(x, y float64) { p.cmd('L', x, y) }

// Close closes the current sub-path.
func (p *PathBuilder) Close() { p.b = append(p.b, 'Z') }

// Circle adds a full circle of radius r centred at (x, y).
func (p *PathBuilder) Circle(x, y, r float64) {
	p.MoveTo(x+r, y)
	p.b = append(p.b, 'A')
	p.num(r)
	p.b = append(p.b, ' ')
	p.num(r)
	p.b = append(p.b, " 0 1 0 "...)
	p.num(x - r)
	p.b = append(p.b, ' ')
	p.num(y)
	p.b = append(p.b, 'A')
	p.num(r)
	p.b = append(p.b, ' ')
	p.num(r)
	p.b = append(p.b, " 0 1 0 "...)
	p.num(x + r)
	p.b = append(p.b, ' ')
	p.num(y)
	p.Close()
}

// Polygon adds a closed polygon through the points (x0, y0, x1, y1, …).
func (p *PathBuilder) Polygon(pts ...float64) {
	for i := 0; i+1 < len(pts); i += 2 {
		if i == 0 {
			p.MoveTo(pts[0], pts[1])
		} else {
			p.LineTo(pts[i], pts[i+1])
		}
	}
	p.Close()
}

// Marker adds the filled outline of marker shape m of radius r at (x, y).
func (p *PathBuilder) Marker(m Marker, x, y, r float64) {
	switch m {
	case Square:
		h := r * 0.85
		p.Polygon(x-h, y-h, x+h, y-h, x+h, y+h, x-h, y+h)
	case TriangleUp:
		p.Polygon(x, y-r*1.1, x+r, y+r*0.8, x-r, y+r*0.8)
	case TriangleDown:
		p.Polygon(x, y+r*1.1, x+r, y-r*0.8, x-r, y-r*0.8)
	case Diamond:
		p.Polygon(x, y-r*1.2, x+r, y, x, y+r*1.2, x-r, y)
	case Plus, Cross, Star:
		t := r * 0.45
		if m == Plus || m == Star {
			p.Polygon(x-r, y-t/2, x+r, y-t/2, x+r, y+t/2, x-r, y+t/2)
			p.Polygon(x-t/2, y-r, x+t/2, y-r, x+t/2, y+r, x-t/2, y+r)
		}
		if m == Cross || m == Star {
			d := r * 0.75
			p.Polygon(x-d-t/2, y-d+t/2, x-d+t/2, y-d-t/2, x+d+t/2, y+d-t/2, x+d-t/2, y+d+t/2)
			p.Polygon(x+d-t/2, y-d-t/2, x+d+t/2, y-d+t/2, x-d+t/2, y+d+t/2, x-d-t/2, y+d-t/2)
		}
	default:
		p.Circle(x, y, r)
	}
}
