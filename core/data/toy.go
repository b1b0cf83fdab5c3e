package data

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// ToyNames lists the toy sets Toy can generate.
var ToyNames = []string{"circle", "spiral", "moons", "blobs", "swissroll"}

// MaxToyN bounds the number of toy points.
const MaxToyN = 1 << 20

// Toy generates a seeded, deterministic toy dataset of n points with isotropic
// Gaussian noise of standard deviation noise added to every coordinate:
//
//   - "circle": the unit circle in 2-D (a 1-D manifold); Param is the angle θ ∈ [0, 2π).
//   - "spiral": an Archimedean spiral of 1.5 turns, radius 0.2→1, in 2-D; Param t ∈ [0, 1].
//   - "moons": two interleaved half circles in 2-D, centred at the origin; labels 0/1 alternate.
//   - "blobs": four Gaussian clusters of standard deviation 0.25 (plus noise) at radius 1.5; labels 0–3.
//   - "swissroll": the swiss roll in 3-D, scaled to about [−1.4, 1.4]³; Param is the roll angle t.
//
// Labelled sets are class-balanced (label i mod classes). The same arguments
// always give the same points (for the same Go toolchain's math/rand/v2 PCG).
func Toy(name string, n int, noise float64, seed uint64) (*Set, error) {
	if n <= 0 || n > MaxToyN {
		return nil, fmt.Errorf("data: toy %q: n = %d, want 1..%d", name, n, MaxToyN)
	}
	if !(noise >= 0) || math.IsInf(noise, 0) || noise > 10 {
		return nil, fmt.Errorf("data: toy %q: noise = %g, want 0..10", name, noise)
	}
	r := rand.New(rand.NewPCG(seed, 0x4c4c4142_544f5953)) // "LLABTOYS"
	s := &Set{Name: name, N: n}
	switch name {
	case "circle":
		s.Dim, s.Param = 2, make([]float32, n)
		s.X = make([]float32, 2*n)
		for i := 0; i < n; i++ {
			th := 2 * math.Pi * r.Float64()
			s.Param[i] = float32(th)
			s.X[2*i] = float32(math.Cos(th) + noise*r.NormFloat64())
			s.X[2*i+1] = float32(math.Sin(th) + noise*r.NormFloat64())
		}
	case "spiral":
		s.Dim, s.Param = 2, make([]float32, n)
		s.X = make([]float32, 2*n)
		for i := 0; i < n; i++ {
			t := r.Float64()
			a := 3 * math.Pi * t
			rad := 0.2 + 0.8*t
			s.Param[i] = float32(t)
			s.X[2*i] = float32(rad*math.Cos(a) + noise*r.NormFloat64())
			s.X[2*i+1] = float32(rad*math.Sin(a) + noise*r.NormFloat64())
		}
	case "moons":
		s.Dim, s.Labels = 2, make([]int, n)
		s.X = make([]float32, 2*n)
		for i := 0; i < n; i++ {
			t := math.Pi * r.Float64()
			var x, y float64
			if i%2 == 0 {
				x, y = math.Cos(t), math.Sin(t)
			} else {
				x, y = 1-math.Cos(t), 0.5-math.Sin(t)
			}
			s.Labels[i] = i % 2
			s.X[2*i] = float32(x - 0.5 + noise*r.NormFloat64())
			s.X[2*i+1] = float32(y - 0.25 + noise*r.NormFloat64())
		}
	case "blobs":
		s.Dim, s.Labels = 2, make([]int, n)
		s.X = make([]float32, 2*n)
		sd := math.Hypot(0.25, noise)
		for i := 0; i < n; i++ {
			c := i % 4
			a := math.Pi/4 + float64(c)*math.Pi/2
			s.Labels[i] = c
			s.X[2*i] = float32(1.5*math.Cos(a) + sd*r.NormFloat64())
			s.X[2*i+1] = float32(1.5*math.Sin(a) + sd*r.NormFloat64())
		}
	case "swissroll":
		s.Dim, s.Param = 3, make([]float32, n)
		s.X = make([]float32, 3*n)
		for i := 0; i < n; i++ {
			t := 1.5 * math.Pi * (1 + 2*r.Float64())
			h := 21 * r.Float64()
			s.Param[i] = float32(t)
			s.X[3*i] = float32(t*math.Cos(t)/10 + noise*r.NormFloat64())
			s.X[3*i+1] = float32((h-10.5)/10 + noise*r.NormFloat64())
			s.X[3*i+2] = float32(t*math.Sin(t)/10 + noise*r.NormFloat64())
		}
	default:
		return nil, fmt.Errorf("data: unknown toy set %q (have %v)", name, ToyNames)
	}
	return s, nil
}
