package cae

import (
	"math"
	"math/rand/v2"
)

// ToyData returns n points (N×2 row-major) on a 1-D manifold in the plane:
// "circle" (radius 1), "spiral" (one and a half turns) or "moons" (two
// interleaved half circles), each with Gaussian noise of standard deviation
// noise, drawn from seed. Coordinates stay within about [−1.6, 1.6].
func ToyData(name string, n int, noise float64, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 0xda7a))
	xs := make([]float64, 2*n)
	for k := 0; k < n; k++ {
		t := rng.Float64()
		var x, y float64
		switch name {
		case "spiral":
			a := 0.5 + 2.6*math.Pi*t
			r := 0.15 + 1.25*t
			x, y = r*math.Cos(a), r*math.Sin(a)
		case "moons":
			a := math.Pi * t
			if k%2 == 0 {
				x, y = math.Cos(a)-0.5, math.Sin(a)-0.25
			} else {
				x, y = 0.5-math.Cos(a), 0.25-math.Sin(a)
			}
			x, y = 0.9*x, 0.9*y
		default: // circle
			a := 2 * math.Pi * t
			x, y = math.Cos(a), math.Sin(a)
		}
		xs[2*k] = x + noise*rng.NormFloat64()
		xs[2*k+1] = y + noise*rng.NormFloat64()
	}
	return xs
}

// SVD2 returns the singular values s1 ≥ s2 ≥ 0 of the H×2 matrix J (row-major)
// and the unit right singular vector v1 = (c, s) for s1 (v2 is (−s, c)). The
// right singular vectors are input directions: moving x by a small δ along v1
// moves h = f(x) by s1·|δ|, along v2 by s2·|δ|.
func SVD2(J []float64) (s1, s2, v1x, v1y float64) {
	var a, b, c float64 // JᵀJ = [[a b] [b c]]
	for j := 0; j+1 < len(J); j += 2 {
		a += J[j] * J[j]
		b += J[j] * J[j+1]
		c += J[j+1] * J[j+1]
	}
	tr, det := a+c, a*c-b*b
	disc := math.Sqrt(math.Max(0, tr*tr/4-det))
	l1, l2 := tr/2+disc, math.Max(0, tr/2-disc)
	s1, s2 = math.Sqrt(l1), math.Sqrt(l2)
	// eigenvector of the larger eigenvalue
	if math.Abs(b) > 1e-15 {
		v1x, v1y = b, l1-a
	} else if a >= c {
		v1x, v1y = 1, 0
	} else {
		v1x, v1y = 0, 1
	}
	nrm := math.Hypot(v1x, v1y)
	return s1, s2, v1x / nrm, v1y / nrm
}

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
