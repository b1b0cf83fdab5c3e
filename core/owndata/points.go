package owndata

import (
	"fmt"
	"math"
)

// Set is a data set of N points of Dim coordinates, ready to train on.
type Set struct {
	Name string    // where it came from: a file name or "drawing"
	Dim  int       // coordinates per point
	X    []float32 // N×Dim, row-major
	Note string    // what was left out or changed, or ""
	// Width and Height are the image shape of an image set (Dim =
	// Width×Height, intensities in [0, 1]); 0 for points.
	Width, Height int
}

// Images says whether s is a set of images (not points).
func (s *Set) Images() bool { return s != nil && s.Width > 0 }

// N is the number of points.
func (s *Set) N() int {
	if s == nil || s.Dim == 0 {
		return 0
	}
	return len(s.X) / s.Dim
}

// Standardise returns the chosen columns of t as points, each column shifted
// and scaled to mean 0 and standard deviation 1 (so that data in any units
// suit the toy models). A constant column is refused: it carries nothing.
func Standardise(name string, t *Table, cols []int) (*Set, error) {
	if len(cols) < 2 {
		return nil, fmt.Errorf("%s: choose at least 2 columns (%d chosen)", name, len(cols))
	}
	s := &Set{Name: name, Dim: len(cols), X: make([]float32, t.Rows*len(cols)), Note: t.Note}
	for k, j := range cols {
		if j < 0 || j >= len(t.Columns) {
			return nil, fmt.Errorf("%s: no column %d", name, j+1)
		}
		c := t.Col(j)
		mean, sd := meanSD(c)
		if !(sd > 0) || sd < 1e-12*math.Max(1, math.Abs(mean)) {
			return nil, fmt.Errorf("%s: column %q is constant (%g in every row); choose another", name, t.Columns[j], mean)
		}
		for i, v := range c {
			s.X[i*len(cols)+k] = float32((v - mean) / sd)
		}
	}
	return s, nil
}

func meanSD(c []float64) (mean, sd float64) {
	for _, v := range c {
		mean += v
	}
	mean /= float64(len(c))
	for _, v := range c {
		sd += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(sd / float64(len(c)))
}

// MaxDrawn is the most points a drawing may hold.
const MaxDrawn = 5000

// SampleStroke appends to pts the points of a brush stroke through the
// polyline (x, y pairs) at the given spacing (in the same units): one point
// at the start, then one every spacing along the path. A single vertex is a
// single point.
func SampleStroke(pts []float32, path []float64, spacing float64) []float32 {
	if len(path) < 2 || !(spacing > 0) {
		return pts
	}
	pts = append(pts, float32(path[0]), float32(path[1]))
	carry := 0.0 // distance walked since the last point
	for i := 2; i+1 < len(path); i += 2 {
		x0, y0, x1, y1 := path[i-2], path[i-1], path[i], path[i+1]
		seg := math.Hypot(x1-x0, y1-y0)
		d := spacing - carry
		if d > seg {
			carry += seg
			continue
		}
		for ; d <= seg; d += spacing {
			t := d / seg
			pts = append(pts, float32(x0+t*(x1-x0)), float32(y0+t*(y1-y0)))
		}
		carry = seg - (d - spacing)
	}
	return pts
}

// Check validates points sent to train on: Dim in 1…MaxColumns, a whole
// number of points, at least MinRows and at most MaxRows of them, every
// coordinate finite and at most MaxAbs in magnitude.
func Check(x []float32, dim int) error {
	switch {
	case dim == ImagePixels:
		return checkImages(x)
	case dim < 1 || dim > MaxColumns:
		return fmt.Errorf("own data: %d coordinates per point (1…%d, or %d for images)", dim, MaxColumns, ImagePixels)
	case len(x)%dim != 0:
		return fmt.Errorf("own data: %d numbers are not whole points of %d", len(x), dim)
	case len(x)/dim < MinRows:
		return fmt.Errorf("own data: %d points; at least %d are needed", len(x)/dim, MinRows)
	case len(x)/dim > MaxRows:
		return fmt.Errorf("own data: %d points; at most %d", len(x)/dim, MaxRows)
	}
	for i, v := range x {
		if f := float64(v); math.IsNaN(f) || math.Abs(f) > MaxAbs {
			return fmt.Errorf("own data: point %d, coordinate %d is %g", i/dim+1, i%dim+1, f)
		}
	}
	return nil
}

// checkImages validates images sent to train on: whole images, MinImages to
// MaxImages of them, every intensity in [0, 1].
func checkImages(x []float32) error {
	n := len(x) / ImagePixels
	switch {
	case len(x)%ImagePixels != 0:
		return fmt.Errorf("own data: %d numbers are not whole images of %d pixels", len(x), ImagePixels)
	case n < MinImages:
		return fmt.Errorf("own data: %d images; at least %d are needed", n, MinImages)
	case n > MaxImages:
		return fmt.Errorf("own data: %d images; at most %d", n, MaxImages)
	}
	for i, v := range x {
		if !(v >= 0 && v <= 1) {
			return fmt.Errorf("own data: image %d, pixel %d is %g (intensities are 0…1)", i/ImagePixels+1, i%ImagePixels+1, v)
		}
	}
	return nil
}
