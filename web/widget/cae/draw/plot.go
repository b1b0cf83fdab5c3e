package draw

import "math"

// Series is one named line of a plot; X is implicit (0, 1, 2, …) scaled by XStep.
type Series struct {
	Name  string
	Color string
	Y     []float64
}

// Range returns the finite min and max over all series (0, 1 when empty),
// padded so that a flat series still gets a visible band.
func Range(ss []Series, logY bool) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, s := range ss {
		for _, y := range s.Y {
			if logY {
				if y <= 0 {
					continue
				}
				y = math.Log10(y)
			}
			if math.IsNaN(y) || math.IsInf(y, 0) {
				continue
			}
			lo, hi = math.Min(lo, y), math.Max(hi, y)
		}
	}
	if math.IsInf(lo, 1) {
		return 0, 1
	}
	if hi-lo < 1e-9 {
		pad := math.Max(math.Abs(hi)*0.1, 1e-3)
		lo, hi = lo-pad, hi+pad
	}
	return lo, hi
}

// LinePlot draws the series on c with a title, the y range as labels, a
// legend, and the x axis labelled in steps (xStep steps per sample).
func LinePlot(c *Canvas, title string, ss []Series, logY bool, xStep int) {
	if c == nil {
		return
	}
	c.Clear(Paper)
	const l, r, t, b = 54.0, 8.0, 22.0, 18.0
	pw, ph := c.W-l-r, c.H-t-b
	c.Text(l, 14, title, "600 12px system-ui, sans-serif", Ink, "left")
	c.Stroke("#ccc", 1)
	c.Line(l, t, l, t+ph)
	c.Line(l, t+ph, l+pw, t+ph)
	lo, hi := Range(ss, logY)
	lab := func(v float64) string {
		if logY {
			return Num(math.Pow(10, v))
		}
		return Num(v)
	}
	c.Text(l-4, t+8, lab(hi), "10px system-ui, sans-serif", "#555", "right")
	c.Text(l-4, t+ph, lab(lo), "10px system-ui, sans-serif", "#555", "right")
	n := 0
	for _, s := range ss {
		if len(s.Y) > n {
			n = len(s.Y)
		}
	}
	c.Text(l+pw, c.H-4, "step "+Num(float64((n-1)*xStep)), "10px system-ui, sans-serif", "#555", "right")
	c.Text(l, c.H-4, "0", "10px system-ui, sans-serif", "#555", "left")
	lx := l + pw - 4
	for i := len(ss) - 1; i >= 0; i-- {
		s := ss[i]
		c.Text(lx, t+12, s.Name, "11px system-ui, sans-serif", s.Color, "right")
		lx -= 14 + 6.2*float64(len([]rune(s.Name)))
		c.Fill(s.Color)
		c.Rect(lx+2, t+7, 9, 3)
		lx -= 4
	}
	if n < 2 {
		return
	}
	for _, s := range ss {
		c.Stroke(s.Color, 1.6)
		var path Path
		started := false
		for i, y := range s.Y {
			if logY {
				if y <= 0 {
					continue
				}
				y = math.Log10(y)
			}
			if math.IsNaN(y) || math.IsInf(y, 0) {
				continue
			}
			px := l + pw*float64(i)/float64(n-1)
			py := t + ph*(1-(y-lo)/(hi-lo))
			if !started {
				path.M(px, py)
				started = true
			} else {
				path.L(px, py)
			}
		}
		c.StrokePath(&path)
	}
}

// Thin halves a history slice in place by keeping every other sample, so
// plots stay bounded; it returns the new slice.
func Thin(y []float64) []float64 {
	k := 0
	for i := 0; i < len(y); i += 2 {
		y[k] = y[i]
		k++
	}
	return y[:k]
}
