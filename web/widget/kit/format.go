package kit

import (
	"math"
	"strconv"
	"strings"
)

// Term is one named quantity in a training status line, e.g. {"recon", 152.3, "nats"}.
type Term struct {
	Name  string
	Value float64
	Unit  string
}

// Status is what the "Training status" region says.
type Status struct {
	Step    int     // optimiser steps taken
	Rate    float64 // steps per second (0 = unknown, not shown)
	Terms   []Term  // loss terms, in order
	State   string  // optional trailing word: "paused", "diverged", …
	Message string  // optional sentence appended after the numbers
}

// String formats the status as
// "step 120 · 14.2 steps/s · recon 152.3 nats · KL 4.1 nats · −ELBO 156.4 nats".
func (s Status) String() string {
	var b strings.Builder
	b.WriteString("step ")
	b.WriteString(strconv.Itoa(s.Step))
	if s.Rate > 0 {
		b.WriteString(" · ")
		b.WriteString(FormatNumber(s.Rate))
		b.WriteString(" steps/s")
	}
	for _, t := range s.Terms {
		b.WriteString(" · ")
		b.WriteString(t.Name)
		b.WriteString(" ")
		b.WriteString(FormatNumber(t.Value))
		if t.Unit != "" {
			b.WriteString(" ")
			b.WriteString(t.Unit)
		}
	}
	if s.State != "" {
		b.WriteString(" · ")
		b.WriteString(s.State)
	}
	if s.Message != "" {
		b.WriteString(". ")
		b.WriteString(s.Message)
	}
	return b.String()
}

// FormatNumber writes v with sensible precision for a reader: one decimal
// from 1 to 10⁴, three significant digits below 1, no decimals from 10⁴ to
// 10⁶, then scientific ("1.8e11"),
// "—" for NaN and "∞" for infinities. The minus sign is U+2212.
func FormatNumber(v float64) string {
	switch {
	case math.IsNaN(v):
		return "—"
	case math.IsInf(v, 1):
		return "∞"
	case math.IsInf(v, -1):
		return "−∞"
	}
	a := math.Abs(v)
	var s string
	switch {
	case a == 0:
		s = "0"
	case a >= 1e6:
		s = sci(a, 1)
	case a >= 1e4:
		s = strconv.FormatFloat(a, 'f', 0, 64)
	case a >= 1:
		s = strconv.FormatFloat(a, 'f', 1, 64)
	case a >= 1e-3:
		s = strconv.FormatFloat(a, 'g', 3, 64)
	default:
		s = strconv.FormatFloat(a, 'e', 2, 64)
	}
	if v < 0 && s != "0" && s != "0.0" {
		s = "−" + s
	}
	return s
}

// FormatNats is FormatNumber followed by " nats".
func FormatNats(v float64) string { return FormatNumber(v) + " nats" }

// sci writes a in scientific notation with prec decimals and a bare
// exponent: 1.8e11, 3.6e8, 2e-5.
func sci(a float64, prec int) string {
	s := strconv.FormatFloat(a, 'e', prec, 64)
	mant, exp, _ := strings.Cut(s, "e")
	neg := strings.HasPrefix(exp, "-")
	exp = strings.TrimLeft(exp, "+-0")
	if exp == "" {
		exp = "0"
	}
	if neg {
		exp = "-" + exp
	}
	return mant + "e" + exp
}

// FormatCount writes a count with comma grouping, the way
// the lessons write numbers: 404244 → "404,244".
func FormatCount(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "−" + s
	}
	return s
}
