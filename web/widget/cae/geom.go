package cae

import (
	"math"
)

// Ellipse returns k points (x, y interleaved) of the ellipse centred at
// (cx, cy) with semi-axes r1 along the unit direction (ux, uy) and r2 along
// its perpendicular. It is how the lab draws the image of a small circle.
func Ellipse(cx, cy, r1, r2, ux, uy float64, k int) []float64 {
	pts := make([]float64, 2*k)
	for i := 0; i < k; i++ {
		t := 2 * math.Pi * float64(i) / float64(k)
		a, b := r1*math.Cos(t), r2*math.Sin(t)
		pts[2*i] = cx + a*ux - b*uy
		pts[2*i+1] = cy + a*uy + b*ux
	}
	return pts
}

// Arrow is one arrow of a reconstruction field, from X to R = r(X).
type Arrow struct{ X0, Y0, X1, Y1 float64 }

// Field evaluates r on a g×g grid spanning [lo, hi]² (cell centres) and
// returns the arrows x → r(x) in row-major order, top row first (y = hi side).
func Field(r func(x, y float64) (float64, float64), g int, lo, hi float64) []Arrow {
	return FieldInto(nil, r, g, lo, hi)
}

// FieldInto is Field writing into dst's storage (reused between frames).
func FieldInto(dst []Arrow, r func(x, y float64) (float64, float64), g int, lo, hi float64) []Arrow {
	out := dst[:0]
	step := (hi - lo) / float64(g)
	for iy := 0; iy < g; iy++ {
		y := hi - (float64(iy)+0.5)*step
		for ix := 0; ix < g; ix++ {
			x := lo + (float64(ix)+0.5)*step
			rx, ry := r(x, y)
			out = append(out, Arrow{x, y, rx, ry})
		}
	}
	return out
}

// CapArrow shortens a to length at most max, keeping its start and direction.
func CapArrow(a Arrow, max float64) Arrow {
	dx, dy := a.X1-a.X0, a.Y1-a.Y0
	if l := math.Hypot(dx, dy); l > max {
		a.X1, a.Y1 = a.X0+dx*max/l, a.Y0+dy*max/l
	}
	return a
}
