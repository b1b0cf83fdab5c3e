package reparam

import (
	"fmt"
	"math"

	"latentlab/web/widget/kit"
)

// The estimator lab's pictures: four histograms of gradient estimates and
// the two SGD paths.

// histRange returns a common x range for a row: the 1st–99th percentiles of
// both estimators' samples, widened to include the true gradient.
func histRange(a, b []float64, truth float64) (lo, hi float64) {
	lo = math.Min(Quantile(a, 0.01), Quantile(b, 0.01))
	hi = math.Max(Quantile(a, 0.99), Quantile(b, 0.99))
	lo, hi = math.Min(lo, truth), math.Max(hi, truth)
	if hi-lo < 1e-6 {
		lo, hi = lo-1, hi+1
	}
	pad := 0.05 * (hi - lo)
	return lo - pad, hi + pad
}

func (l *Lab) redraw() {
	if len(l.samples[0]) < 2 {
		return
	}
	o := l.obj()
	tm, ts := o.Grad(pMu.Get(l.Vals), pSigma.Get(l.Vals))
	loM, hiM := histRange(l.samples[scoreMu], l.samples[pathMu], tm)
	loS, hiS := histRange(l.samples[scoreSigma], l.samples[pathSigma], ts)
	for _, h := range []struct {
		est    int
		title  string
		lo, hi float64
		truth  float64
		color  string
	}{
		{scoreMu, "score function: ∂/∂μ", loM, hiM, tm, kit.Orange},
		{pathMu, "pathwise: ∂/∂μ", loM, hiM, tm, kit.Blue},
		{scoreSigma, "score function: ∂/∂σ", loS, hiS, ts, kit.Orange},
		{pathSigma, "pathwise: ∂/∂σ", loS, hiS, ts, kit.Blue},
	} {
		if c, ok := kit.Sized(l.id(estNames[h.est]), histW, histH); ok {
			drawHist(c, h.title, l.samples[h.est], h.lo, h.hi, h.truth, l.stats[h.est], h.color)
		}
	}
	l.redrawPaths()
}

func (l *Lab) redrawPaths() {
	if c, ok := kit.Sized(l.id("paths"), pathW, pathH); ok {
		l.drawPaths(c)
	}
	if c, ok := kit.Sized(l.id("value"), pathW, pathH); ok {
		c.Paint(kit.Paper)
		steps := func(n int) []float64 {
			x := make([]float64, n)
			for i := range x {
				x[i] = float64(i)
			}
			return x
		}
		c.LinePlot(kit.LinePlot{Title: "True E[f(z)] along the path", XLabel: "SGD step", LogY: pF.Get(l.Vals) != "sin",
			Series: []kit.Series{
				{Label: "score function", Color: kit.Orange, X: steps(len(l.paths[0].Value)), Y: l.paths[0].Value},
				{Label: "pathwise", Color: kit.Blue, X: steps(len(l.paths[1].Value)), Y: l.paths[1].Value},
			}})
	}
}

func drawHist(c kit.Surface, title string, xs []float64, lo, hi, truth float64, st Stats, color string) {
	c.Paint(kit.Paper)
	const l, r, t, b = 8.0, 8.0, 20.0, 30.0
	pw, ph := c.W-l-r, c.H-t-b
	c.Write(l, 13, title, "600 12px system-ui, sans-serif", kit.Ink, "left")
	counts, under, over := Bins(xs, nBins, lo, hi)
	mx := 1
	for _, n := range counts {
		if n > mx {
			mx = n
		}
	}
	bw := pw / nBins
	c.SetFill(color)
	for i, n := range counts {
		h := ph * float64(n) / float64(mx)
		c.FillRect(l+float64(i)*bw+0.5, t+ph-h, bw-1, h)
	}
	xpx := func(x float64) float64 { return l + pw*(x-lo)/(hi-lo) }
	c.SetStroke(kit.Green, 2)
	c.SetDash(4, 3)
	c.Segment(xpx(truth), t-2, xpx(truth), t+ph)
	c.SetDash()
	c.SetStroke(kit.Ink, 1.5)
	c.Segment(xpx(st.Mean), t+ph-6, xpx(st.Mean), t+ph+4)
	c.SetStroke("#ccc", 1)
	c.Segment(l, t+ph, l+pw, t+ph)
	c.Write(l, t+ph+12, kit.FormatNumber(lo), "10px system-ui, sans-serif", "#555", "left")
	c.Write(l+pw, t+ph+12, kit.FormatNumber(hi), "10px system-ui, sans-serif", "#555", "right")
	c.Write(c.W/2, t+ph+25, fmt.Sprintf("mean %s · variance %s", kit.FormatNumber(st.Mean), kit.FormatNumber(st.Var())), "11px system-ui, sans-serif", kit.Ink, "center")
	if under+over > 0 {
		c.Write(l+pw, 13, fmt.Sprintf("%d outside, in end bins", under+over), "10px system-ui, sans-serif", "#777", "right")
	}
}

func (l *Lab) drawPaths(c kit.Surface) {
	c.Paint(kit.Paper)
	muLo, muHi, sHi := -4.0, 5.0, 3.0
	for _, p := range l.paths {
		for i := range p.Mu {
			muLo, muHi = math.Min(muLo, p.Mu[i]), math.Max(muHi, p.Mu[i])
			sHi = math.Max(sHi, p.Sigma[i])
		}
	}
	sHi *= 1.08 // headroom under the title
	const lm, rm, tm, bm = 30.0, 8.0, 30.0, 22.0
	pw, ph := c.W-lm-rm, c.H-tm-bm
	X := func(m float64) float64 { return lm + pw*(m-muLo)/(muHi-muLo) }
	Y := func(s float64) float64 { return tm + ph*(1-s/sHi) }
	c.Write(lm, 14, "SGD paths in the (μ, σ) plane", "600 12px system-ui, sans-serif", kit.Ink, "left")
	c.SetStroke("#ccc", 1)
	c.Segment(lm, Y(0), lm+pw, Y(0))
	c.Segment(X(0), tm, X(0), tm+ph)
	// Tick values on both axes; the axis names at their ends.
	const tick, grey = "10px system-ui, sans-serif", "#555"
	for _, v := range kit.NiceTicks(muLo, muHi, 6) {
		if x := X(v); x > lm+8 && x < lm+pw-24 {
			c.Write(x, c.H-8, kit.FormatTick(v), tick, grey, "center")
		}
	}
	for _, v := range kit.NiceTicks(0, sHi, 4) {
		if v > 0 && v < sHi {
			c.Write(lm-4, Y(v)+3, kit.FormatTick(v), tick, grey, "right")
		}
	}
	c.Write(lm-4, Y(0)+3, "0", tick, grey, "right")
	c.Write(lm+pw, c.H-8, "μ →", "11px system-ui, sans-serif", grey, "right")
	c.Write(X(0)+5, tm+8, "σ ↑", "11px system-ui, sans-serif", grey, "left")
	// the optimum (σ → 0)
	opt := map[string]float64{"square": 3, "sin": -math.Pi / 2, "abs": 0}[pF.Get(l.Vals)]
	c.SetStroke(kit.Green, 2)
	c.Segment(X(opt)-5, Y(0)-5, X(opt)+5, Y(0)+5)
	c.Segment(X(opt)-5, Y(0)+5, X(opt)+5, Y(0)-5)
	for i, p := range l.paths {
		color := []string{kit.Orange, kit.Blue}[i]
		pts := make([]float64, 0, 2*len(p.Mu))
		for k := range p.Mu {
			pts = append(pts, X(p.Mu[k]), Y(p.Sigma[k]))
		}
		c.SetStroke(color, 1.5)
		c.Polyline(pts, false)
		if n := len(pts); n >= 2 {
			c.SetFill(color)
			c.Dot(pts[n-2], pts[n-1], 3.5)
		}
	}
	c.SetFill(kit.Ink)
	c.Dot(X(pMu.Get(l.Vals)), Y(pSigma.Get(l.Vals)), 3)
}
