package kit

import (
	"math"
	"strconv"
	"strings"
)

// Scale maps a data interval [D0, D1] linearly onto a pixel interval [R0, R1].
// R0 > R1 is allowed (y axes grow upwards).
type Scale struct {
	D0, D1 float64 // data domain
	R0, R1 float64 // pixel range
}

// Map converts a data value to pixels. A degenerate domain maps to the middle.
func (s Scale) Map(v float64) float64 {
	if s.D1 == s.D0 {
		return (s.R0 + s.R1) / 2
	}
	return s.R0 + (v-s.D0)*(s.R1-s.R0)/(s.D1-s.D0)
}

// Invert converts pixels back to a data value (the inverse of Map).
func (s Scale) Invert(p float64) float64 {
	if s.R1 == s.R0 {
		return (s.D0 + s.D1) / 2
	}
	return s.D0 + (p-s.R0)*(s.D1-s.D0)/(s.R1-s.R0)
}

// Extent returns the smallest and largest finite values among all slices.
// ok is false when there is none.
func Extent(vs ...[]float64) (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range vs {
		for _, x := range v {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				continue
			}
			lo = math.Min(lo, x)
			hi = math.Max(hi, x)
		}
	}
	return lo, hi, lo <= hi
}

// NiceTicks returns about n round tick values (steps of 1, 2 or 5 × 10^k)
// covering [lo, hi]. It returns nil for a non-finite interval. Each tick is
// the float64 nearest its decimal value (0.3, not 0.30000000000000004):
// tick i is an integer i·m over or times an exact power of ten (one
// correctly rounded operation), not a string round trip.
func NiceTicks(lo, hi float64, n int) []float64 {
	if n < 1 || math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return nil
	}
	if lo > hi {
		lo, hi = hi, lo
	}
	if lo == hi {
		return []float64{lo}
	}
	raw := (hi - lo) / float64(n)
	step := NiceStep(raw)
	m, e := niceStepParts(raw)
	k0 := math.Ceil(lo/step - 1e-9)
	first := k0 * step
	var ticks []float64
	for i := 0; i < 100; i++ {
		v := first + float64(i)*step
		if v > hi+step*1e-9 {
			break
		}
		ticks = append(ticks, decimalTick(k0+float64(i), m, e, v))
	}
	return ticks
}

// niceStepParts is NiceStep(raw) as m × 10^e with m 1, 2 or 5.
func niceStepParts(raw float64) (m float64, e int) {
	if raw <= 0 || math.IsNaN(raw) || math.IsInf(raw, 0) {
		return 1, 0
	}
	e = int(math.Floor(math.Log10(raw)))
	switch f := raw / math.Pow(10, float64(e)); {
	case f >= 7.0710678:
		return 1, e + 1
	case f >= 3.1622777:
		return 5, e
	case f >= 1.4142136:
		return 2, e
	}
	return 1, e
}

// decimalTick is the float64 nearest k·m × 10^e: one correctly rounded
// multiplication or division of exact numbers (k·m below 2^53, the power
// of ten at most 10^22). Outside that range it snaps v, the tick as
// accumulated, to 12 significant digits instead. −0 becomes 0.
func decimalTick(k, m float64, e int, v float64) float64 {
	km := k * m
	switch {
	case km == 0:
		return 0
	case math.Abs(km) < 1<<53 && e >= 0 && e <= 22:
		return km * pow10[e]
	case math.Abs(km) < 1<<53 && e < 0 && e >= -22:
		return km / pow10[-e]
	}
	v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64)
	return v
}

// pow10 are the powers of ten that float64 holds exactly.
var pow10 = [23]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// NiceStep rounds a raw step up to 1, 2 or 5 × 10^k.
func NiceStep(raw float64) float64 {
	if raw <= 0 || math.IsNaN(raw) || math.IsInf(raw, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	// Nearest of 1, 2, 5, 10 on a log scale (thresholds √2, √10, √50).
	switch f := raw / p; {
	case f >= 7.0710678:
		return 10 * p
	case f >= 3.1622777:
		return 5 * p
	case f >= 1.4142136:
		return 2 * p
	}
	return p
}

// NiceDomain widens [lo, hi] outwards to the nearest ticks so that a plot's
// axis starts and ends on round numbers; a zero-width interval is padded.
func NiceDomain(lo, hi float64, n int) (float64, float64) {
	if lo == hi {
		d := math.Max(math.Abs(lo)*0.1, 1)
		lo, hi = lo-d, hi+d
	}
	step := NiceStep((hi - lo) / float64(max(n, 1)))
	return math.Floor(lo/step) * step, math.Ceil(hi/step) * step
}

// FormatTick writes a tick value compactly: 1200 → "1.2k", 0.5 → "0.5",
// 1e-4 → "1e-4".
func FormatTick(v float64) string {
	a := math.Abs(v)
	switch {
	case v == 0:
		return "0"
	case a >= 1e9:
		m := strconv.FormatFloat(v, 'e', 1, 64)
		m = strings.Replace(strings.Replace(m, "e+0", "e", 1), "e+", "e", 1)
		return strings.Replace(m, ".0e", "e", 1)
	case a >= 1e6:
		return strconv.FormatFloat(v/1e6, 'g', 3, 64) + "M"
	case a >= 1e4:
		return strconv.FormatFloat(v/1e3, 'g', 3, 64) + "k"
	case a < 1e-3:
		return strconv.FormatFloat(v, 'e', 0, 64)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}
