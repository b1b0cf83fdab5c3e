package kit

import (
	"math"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Series is one line of a line plot.
type Series struct {
	Label  string
	Color  string
	Dashed bool // e.g. held-out data
	X, Y   []float64
}

// LinePlot describes a line chart with axes and a legend.
type LinePlot struct {
	Title          string // drawn at the top left, above the legend ("" for none)
	XLabel, YLabel string
	Series         []Series
	// IgnoreFirst is the fraction of the x range (from the left) ignored when
	// choosing the y range, so that the huge loss of the first steps does not
	// flatten the rest; those early points are clipped at the top.
	IgnoreFirst float64
	// YMin, YMax fix the y range when YMax > YMin.
	YMin, YMax float64
	// FromZero keeps 0 in the y range (for quantities ≥ 0 whose size,
	// not only whose wiggle, matters: a KL term of 5 nats must not look
	// like one swinging between nothing and everything).
	FromZero bool
	// LogX, LogY put an axis on a log₁₀ scale (values ≤ 0 are skipped).
	LogX, LogY bool
	// Empty is the note drawn in the empty axes when no series has data
	// ("" for "no data yet").
	Empty string
}

// PlotFrame maps data to the pixels of a drawn plot (log axes included), so
// a caller can draw over it.
type PlotFrame struct {
	X, Y       Scale
	LogX, LogY bool
}

// ToPixels maps a data point to canvas pixels.
func (f PlotFrame) ToPixels(x, y float64) (px, py float64) {
	return f.X.Map(logIf(f.LogX, x)), f.Y.Map(logIf(f.LogY, y))
}

func logIf(on bool, v float64) float64 {
	if !on {
		return v
	}
	if v <= 0 {
		return math.NaN()
	}
	return math.Log10(v)
}

// logged returns p with its log axes' values replaced by their log₁₀ (the
// rest of the plotting is linear in those).
func (p LinePlot) logged() LinePlot {
	if !p.LogX && !p.LogY {
		return p
	}
	q := p
	q.Series = make([]Series, len(p.Series))
	for i, se := range p.Series {
		q.Series[i] = se
		for _, ax := range []struct {
			on bool
			v  *[]float64
		}{{p.LogX, &q.Series[i].X}, {p.LogY, &q.Series[i].Y}} {
			if !ax.on {
				continue
			}
			out := make([]float64, len(*ax.v))
			for k, v := range *ax.v {
				out[k] = logIf(true, v)
			}
			*ax.v = out
		}
	}
	if p.LogY && p.YMax > p.YMin && p.YMin > 0 {
		q.YMin, q.YMax = math.Log10(p.YMin), math.Log10(p.YMax)
	}
	q.FromZero = q.FromZero && !p.LogY
	return q
}

// Margins of a plot's drawing area, in CSS pixels.
type Margins struct{ Left, Right, Top, Bottom float64 }

// PlotMargins is the layout used by every kit plot.
var PlotMargins = Margins{Left: 58, Right: 10, Top: 24, Bottom: 34}

// Domain returns the x and y domains the plot will use.
func (p LinePlot) Domain() (x0, x1, y0, y1 float64, ok bool) {
	var xs [][]float64
	for _, s := range p.Series {
		xs = append(xs, s.X)
	}
	x0, x1, ok = Extent(xs...)
	if !ok {
		return 0, 1, 0, 1, false
	}
	if p.YMax > p.YMin {
		return x0, x1, p.YMin, p.YMax, true
	}
	cut := x0 + p.IgnoreFirst*(x1-x0)
	var ys []float64
	for _, s := range p.Series {
		for i, x := range s.X {
			if i < len(s.Y) && (x >= cut || p.IgnoreFirst <= 0) {
				ys = append(ys, s.Y[i])
			}
		}
	}
	y0, y1, ok = Extent(ys)
	if !ok {
		return x0, x1, 0, 1, false
	}
	if p.FromZero {
		y0 = math.Min(y0, 0)
	}
	y0, y1 = NiceDomain(y0, y1, 4)
	if x0 == x1 {
		x1 = x0 + 1
	}
	return x0, x1, y0, y1, true
}

// integerX reports whether every x value of every series is a whole number
// (steps, epochs), so that fractional ticks would be meaningless.
func (p LinePlot) integerX() bool {
	for _, se := range p.Series {
		for _, x := range se.X {
			if x != math.Trunc(x) {
				return false
			}
		}
	}
	return true
}

// IntegerTicks keeps the whole-number ticks of ticks (NiceTicks over a short
// range of steps gives 1, 1.5, 2, …).
func IntegerTicks(ticks []float64) []float64 {
	out := ticks[:0:0]
	for _, t := range ticks {
		if t == math.Trunc(t) {
			out = append(out, t)
		}
	}
	return out
}

// Axes draws a frame with ticks and labels for the given scales and returns
// nothing; the plot area is the range of sx and sy.
func (s Surface) Axes(sx, sy Scale, xLabel, yLabel string) {
	s.axes(sx, sy, xLabel, yLabel, xTicksAll, false, false)
}

// logTicks returns tick positions of a log₁₀ axis over [lo, hi] (in
// log₁₀ units): the whole decades when there are two or more, else nice
// ticks.
func logTicks(lo, hi float64, n int) []float64 {
	var t []float64
	for d := math.Ceil(lo - 1e-9); d <= hi+1e-9; d++ {
		t = append(t, d)
	}
	if len(t) >= 2 {
		return t
	}
	return NiceTicks(lo, hi, n)
}

// tickText labels a tick; on a log axis t is log₁₀ of the value.
func tickText(t float64, log bool) string {
	if !log {
		return FormatTick(t)
	}
	v := math.Pow(10, t)
	return FormatTick(math.Round(v/math.Pow(10, math.Floor(t)-1)) * math.Pow(10, math.Floor(t)-1))
}

// xTickMode says which numeric ticks axes draws on the x axis.
type xTickMode uint8

const (
	xTicksAll     xTickMode = iota
	xTicksNone              // bar charts label their bars instead
	xTicksInteger           // whole numbers only (the x values count steps)
)

// xTick writes an x tick's label centred under x, moved inwards when it
// would cross the canvas's edge (a last tick of "1000" at the right end of
// the axis is wider than the plot's right margin).
func (s Surface) xTick(txt string, x, y float64) {
	half := s.TextWidth(txt, "12px system-ui, sans-serif") / 2
	x = math.Max(half+1, math.Min(x, s.W-half-1))
	s.Text(txt, x, y, "center", "top", s.FG)
}

// axes is Axes with a choice of x ticks and of log axes.
func (s Surface) axes(sx, sy Scale, xLabel, yLabel string, xTicks xTickMode, logX, logY bool) {
	c := s.Ctx
	yt := NiceTicks(sy.D0, sy.D1, 4)
	if logY {
		yt = logTicks(sy.D0, sy.D1, 4)
	}
	c.Set("lineWidth", 1)
	c.Set("globalAlpha", 0.15)
	c.Set("strokeStyle", s.FG)
	c.Call("beginPath")
	for _, t := range yt {
		y := math.Round(sy.Map(t)) + 0.5
		c.Call("moveTo", sx.R0, y)
		c.Call("lineTo", sx.R1, y)
	}
	c.Call("stroke")
	c.Set("globalAlpha", 1)
	c.Set("globalAlpha", 0.6)
	c.Call("strokeRect", sx.R0+0.5, sy.R1+0.5, sx.R1-sx.R0, sy.R0-sy.R1)
	c.Set("globalAlpha", 1)
	for _, t := range yt {
		s.Text(tickText(t, logY), sx.R0-4, sy.Map(t), "right", "middle", s.FG)
	}
	if xTicks != xTicksNone {
		nx := int(math.Max(2, math.Min(6, (sx.R1-sx.R0)/70)))
		ticks := NiceTicks(sx.D0, sx.D1, nx)
		if logX {
			ticks = logTicks(sx.D0, sx.D1, nx)
		}
		if xTicks == xTicksInteger {
			ticks = IntegerTicks(ticks)
		}
		for _, t := range ticks {
			s.xTick(tickText(t, logX), sx.Map(t), sy.R0+4)
		}
	}
	if xLabel != "" {
		s.Text(xLabel, (sx.R0+sx.R1)/2, s.H-2, "center", "bottom", s.FG)
	}
	if yLabel != "" {
		c.Call("save")
		c.Call("translate", 8, (sy.R0+sy.R1)/2)
		c.Call("rotate", -math.Pi/2)
		s.Text(yLabel, 0, 0, "center", "middle", s.FG)
		c.Call("restore")
	}
}

// Legend draws colour swatches and labels in a row from (x, y), wrapping at
// maxX, and returns the y below the last row.
func (s Surface) Legend(x, y, maxX float64, labels, colors []string, dashed []bool) float64 {
	cx := x
	for i, l := range labels {
		w := 22 + s.TextWidth(l, "12px system-ui, sans-serif") + 12
		if cx+w > maxX && cx > x {
			cx = x
			y += 16
		}
		d := i < len(dashed) && dashed[i]
		s.Line([]float64{cx, cx + 18}, []float64{y + 7, y + 7}, colors[i], 2, d)
		s.Text(l, cx+22, y+7, "left", "middle", s.FG)
		cx += w
	}
	return y + 16
}

// DrawLinePlot draws p on canvas, fitted to its CSS size. It does nothing if
// the canvas is not laid out. For frequent redraws use a Cached surface and
// Surface.LinePlot.
func DrawLinePlot(canvas app.Value, p LinePlot) {
	if s, ok := Fit(canvas); ok {
		s.LinePlot(p)
	}
}

// LinePlot draws p on a fitted, cleared surface and returns its frame.
func (s Surface) LinePlot(lp LinePlot) PlotFrame {
	p := lp.logged()
	m := PlotMargins
	labels := make([]string, len(p.Series))
	colors := make([]string, len(p.Series))
	dashed := make([]bool, len(p.Series))
	for i, se := range p.Series {
		labels[i], colors[i], dashed[i] = se.Label, se.Color, se.Dashed
	}
	legendY := 2.0
	if p.Title != "" {
		s.Write(m.Left, 14, p.Title, "600 12px system-ui, sans-serif", s.FG, "left")
		legendY = 20
	}
	top := s.Legend(m.Left, legendY, s.W-m.Right, labels, colors, dashed) + 4
	x0, x1, y0, y1, has := p.Domain()
	sx := Scale{x0, x1, m.Left, s.W - m.Right}
	sy := Scale{y0, y1, s.H - m.Bottom, top}
	xt := xTicksAll
	if has && !lp.LogX && p.integerX() {
		xt = xTicksInteger // no "step 1.5" in the first steps of training
	}
	s.axes(sx, sy, p.XLabel, p.YLabel, xt, lp.LogX, lp.LogY)
	f := PlotFrame{X: sx, Y: sy, LogX: lp.LogX, LogY: lp.LogY}
	if !has {
		note := p.Empty
		if note == "" {
			note = "no data yet"
		}
		s.Text(note, (sx.R0+sx.R1)/2, (sy.R0+sy.R1)/2, "center", "middle", s.FG)
		return f
	}
	c := s.Ctx
	c.Call("save")
	c.Call("beginPath")
	c.Call("rect", sx.R0, sy.R1, sx.R1-sx.R0, sy.R0-sy.R1)
	c.Call("clip")
	for _, se := range p.Series {
		n := min(len(se.X), len(se.Y))
		px, py := make([]float64, n), make([]float64, n)
		for i := 0; i < n; i++ {
			px[i], py[i] = sx.Map(se.X[i]), sy.Map(se.Y[i])
		}
		s.Line(px, py, se.Color, 1.75, se.Dashed)
	}
	c.Call("restore")
	return f
}

// DrawBars draws a bar chart of values (one bar per label) with a y axis.
func DrawBars(canvas app.Value, labels []string, values []float64, color, xLabel, yLabel string) {
	if s, ok := Fit(canvas); ok {
		s.Bars(labels, values, color, xLabel, yLabel)
	}
}

// Bars draws a bar chart on a fitted, cleared surface.
func (s Surface) Bars(labels []string, values []float64, color, xLabel, yLabel string) {
	s.BarChart(BarChart{Labels: labels, Values: values, Color: color, XLabel: xLabel, YLabel: yLabel})
}

// BarChart describes a bar chart: one bar per label.
type BarChart struct {
	Labels         []string
	Values         []float64
	Color          string
	XLabel, YLabel string
	// Floor is the least top of the y axis, so that tiny values (a KL of
	// 1e-6 nats) do not fill the chart (0: the largest value).
	Floor float64
	// ValueText, when set, prints each bar's value above it (when the bars
	// are wide enough).
	ValueText func(float64) string
}

// BarChart draws b on a fitted, cleared surface.
func (s Surface) BarChart(b BarChart) {
	values := b.Values
	m := PlotMargins
	m.Top = 8
	if b.ValueText != nil {
		m.Top = 20
	}
	_, hi, has := Extent(values)
	if !has || hi <= 0 {
		hi = 1
	}
	hi = math.Max(hi, b.Floor)
	_, hi = NiceDomain(0, hi, 4)
	sx := Scale{0, float64(max(len(values), 1)), m.Left, s.W - m.Right}
	sy := Scale{0, hi, s.H - m.Bottom, m.Top}
	c := s.Ctx
	// No numeric x ticks: bars are labelled instead. (Erasing them after the
	// fact also erased the lower half of the y axis's "0".)
	s.axes(sx, sy, "", b.YLabel, xTicksNone, false, false)
	bw := (sx.R1 - sx.R0) / float64(max(len(values), 1))
	c.Set("fillStyle", b.Color)
	for i, v := range values {
		if math.IsNaN(v) || v < 0 {
			v = 0
		}
		x := sx.R0 + float64(i)*bw + bw*0.15
		y := sy.Map(math.Min(v, hi))
		c.Call("fillRect", x, y, bw*0.7, sy.R0-y)
	}
	if b.ValueText != nil && bw >= 26 {
		for i, v := range values {
			if !math.IsNaN(v) {
				s.Write(sx.R0+(float64(i)+0.5)*bw, sy.Map(math.Min(math.Max(v, 0), hi))-3, b.ValueText(v), "10px system-ui, sans-serif", s.FG, "center")
			}
		}
	}
	step := 1
	for bw*float64(step) < 18 {
		step++
	}
	for i := 0; i < len(b.Labels); i += step {
		s.Text(b.Labels[i], sx.R0+(float64(i)+0.5)*bw, sy.R0+4, "center", "top", s.FG)
	}
	if b.XLabel != "" {
		s.Text(b.XLabel, (sx.R0+sx.R1)/2, s.H-2, "center", "bottom", s.FG)
	}
}
