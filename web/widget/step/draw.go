package step

import (
	"fmt"
	"math"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/engine"
	"latentlab/web/widget/kit"
)

// image shows a 28×28-style image (or, for 2-D points, nothing).
func (w *stepThrough) image(part string, img []float32, t *engine.Trace) {
	if t.Width == 0 {
		return
	}
	w.bufs[part] = kit.PutGray(kit.Element(w.ID(part)), img, t.Width, t.Height, w.bufs[part])
}

// heat shows per-pixel values as a heat map from black through vermilion
// to yellow, on a square-root scale up to the largest value.
func (w *stepThrough) heat(part string, v []float32, t *engine.Trace) {
	if t.Width == 0 {
		return
	}
	hi := float32(0)
	for _, x := range v {
		hi = max(hi, x)
	}
	if hi <= 0 {
		hi = 1
	}
	rgba := w.bufs[part][:0]
	for _, x := range v {
		a := math.Sqrt(float64(x / hi)) // the square root shows the small errors too
		rgba = append(rgba, byte(255*math.Min(1, 1.6*a)), byte(255*math.Max(0, 1.6*a-0.6)), byte(255*math.Max(0, 2.5*a-1.5)), 255)
	}
	w.bufs[part] = rgba
	putRGBA(kit.Element(w.ID(part)), rgba, t.Width, t.Height)
}

// putRGBA puts w×h RGBA bytes on canvas at native resolution.
func putRGBA(canvas app.Value, rgba []byte, w, h int) {
	if !kit.Present(canvas) {
		return
	}
	if canvas.Get("width").Int() != w || canvas.Get("height").Int() != h {
		canvas.Set("width", w)
		canvas.Set("height", h)
	}
	ctx := canvas.Call("getContext", "2d")
	id := ctx.Call("createImageData", w, h)
	app.CopyBytesToJS(id.Get("data"), rgba)
	ctx.Call("putImageData", id, 0, 0)
}

// strip draws a layer's activations as a strip of columns, brightness
// proportional to the activation (0 is the background).
func (w *stepThrough) strip(part string, h []float32) {
	s, ok := kit.Fit(kit.Element(w.ID(part)))
	if !ok || len(h) == 0 {
		return
	}
	hi := float32(0)
	for _, v := range h {
		hi = max(hi, v)
	}
	if hi <= 0 {
		hi = 1
	}
	cw := s.W / float64(len(h))
	s.SetFill("#111")
	s.FillRect(0, 0, s.W, s.H-14)
	for i, v := range h {
		if v <= 0 {
			continue
		}
		a := float64(v / hi)
		s.SetFill(fmt.Sprintf("rgba(230,159,0,%.3f)", 0.15+0.85*a))
		s.FillRect(float64(i)*cw, 0, math.Max(cw, 1), s.H-14)
	}
	s.Write(2, s.H-2, "unit 1", "11px sans-serif", s.FG, "left")
	s.Write(s.W-2, s.H-2, fmt.Sprintf("unit %d", len(h)), "11px sans-serif", s.FG, "right")
}

// planeShow says what the latent plane draws.
type planeShow struct{ ellipse, z bool }

// planeFrame maps latent coordinates around (ox, oy) to a square panel.
type planeFrame struct {
	cx, cy, k float64 // the panel's pixel centre and pixels per unit
	ox, oy, r float64 // the latent point at the centre and the half-width shown
}

func (f planeFrame) at(x, y float64) (float64, float64) {
	return f.cx + f.k*(x-f.ox), f.cy - f.k*(y-f.oy)
}

// newPanel draws the axes (where visible), a frame and a title for the
// square panel of side px at (x0, y0) showing [ox ± r] × [oy ± r].
func newPanel(s kit.Surface, x0, y0, side, ox, oy, r float64, title string) planeFrame {
	f := planeFrame{cx: x0 + side/2, cy: y0 + side/2, k: side / (2 * r), ox: ox, oy: oy, r: r}
	c := s.Ctx
	c.Call("save")
	c.Call("beginPath")
	c.Call("rect", x0, y0, side, side)
	c.Call("clip")
	s.SetStroke("rgba(128,128,128,0.5)", 1)
	_, ya := f.at(0, 0)
	xa, _ := f.at(0, 0)
	s.Segment(x0, ya, x0+side, ya)
	s.Segment(xa, y0, xa, y0+side)
	c.Call("restore")
	s.SetStroke("rgba(128,128,128,0.35)", 1)
	c.Call("strokeRect", x0, y0, side, side)
	s.Write(x0+4, y0+14, title, "12px sans-serif", s.FG, "left")
	return f
}

// clipTo clips drawing to f's panel until the returned function runs.
func clipTo(s kit.Surface, f planeFrame) func() {
	side := 2 * f.r * f.k
	c := s.Ctx
	c.Call("save")
	c.Call("beginPath")
	c.Call("rect", f.cx-side/2, f.cy-side/2, side, side)
	c.Call("clip")
	return func() { c.Call("restore") }
}

// plane draws latent dimensions 1 and 2 twice: the whole plane with the
// prior's unit circle, and a panel zoomed in around μ where the posterior
// ellipses (μ ± σ, μ ± 2σ) and (z) the point moving from μ to z are large
// enough to see.
func (w *stepThrough) plane(t *engine.Trace, show planeShow) {
	s, ok := kit.Fit(kit.Element(w.ID("plane")))
	if !ok || len(t.Mu) < 2 {
		return
	}
	mu := [2]float64{float64(t.Mu[0]), float64(t.Mu[1])}
	sig := [2]float64{float64(t.Sigma[0]), float64(t.Sigma[1])}
	z := [2]float64{float64(t.Z[0]), float64(t.Z[1])}
	side := math.Min(s.H-4, s.W/2-6)
	r := 3.0
	for j := range 2 {
		r = math.Max(r, math.Max(math.Abs(mu[j])+2*sig[j], math.Abs(z[j]))+0.3)
	}
	rz := 1.25 * math.Max(2*math.Max(sig[0], sig[1]), math.Hypot(z[0]-mu[0], z[1]-mu[1]))
	rz = math.Max(rz, 1e-3)
	whole := newPanel(s, 2, 2, side, 0, 0, r, "latent plane")
	zoom := newPanel(s, s.W-side-2, 2, side, mu[0], mu[1], rz, fmt.Sprintf("zoomed in around μ (×%.0f)", r/rz))
	// The whole plane: the prior, μ, and the zoomed area.
	s.SetDash(4, 4)
	s.Ellipse(whole.cx, whole.cy, whole.k, whole.k, "rgba(128,128,128,0.8)", 1, "")
	s.SetDash()
	mx, my := whole.at(mu[0], mu[1])
	s.SetStroke(kit.Blue, 1)
	s.Ctx.Call("strokeRect", mx-rz*whole.k, my-rz*whole.k, 2*rz*whole.k, 2*rz*whole.k)
	s.Ellipse(mx, my, 3.5, 3.5, kit.Blue, 1.5, kit.Blue)
	s.Write(mx+7, my+4, "μ", "bold 13px sans-serif", kit.Blue, "left")
	// The zoom: the ellipses, μ and z.
	unclip := clipTo(s, zoom)
	zx, zy := zoom.at(mu[0], mu[1])
	if show.ellipse {
		s.Ellipse(zx, zy, 2*sig[0]*zoom.k, 2*sig[1]*zoom.k, kit.Blue, 1, "")
		s.Ellipse(zx, zy, sig[0]*zoom.k, sig[1]*zoom.k, kit.Blue, 2.5, "rgba(0,114,178,0.15)")
	}
	s.Ellipse(zx, zy, 3.5, 3.5, kit.Blue, 1.5, kit.Blue)
	s.Write(zx+7, zy-7, "μ", "bold 13px sans-serif", kit.Blue, "left")
	if !show.z {
		unclip()
		return
	}
	a := easeInOut(w.anim)
	px, py := zoom.at(mu[0]+a*(z[0]-mu[0]), mu[1]+a*(z[1]-mu[1]))
	var arrow kit.PathBuilder
	arrow.Arrow(zx, zy, px, py, 7)
	s.SetStroke(kit.Vermilion, 2)
	s.Stroke(&arrow)
	s.Ellipse(px, py, 4.5, 4.5, "#fff", 1.5, kit.Vermilion)
	s.Write(px+8, py+14, "z", "bold 13px sans-serif", kit.Vermilion, "left")
	unclip()
	wx, wy := whole.at(mu[0]+a*(z[0]-mu[0]), mu[1]+a*(z[1]-mu[1]))
	s.Ellipse(wx, wy, 2.5, 2.5, kit.Vermilion, 1, kit.Vermilion)
}

func easeInOut(a float64) float64 { return a * a * (3 - 2*a) }

// epsPlane draws ε on the standard normal: circles at 1 and 2.
func (w *stepThrough) epsPlane(t *engine.Trace) {
	s, ok := kit.Fit(kit.Element(w.ID("eps")))
	if !ok || len(t.Eps) < 2 {
		return
	}
	r := math.Max(3, math.Max(math.Abs(float64(t.Eps[0])), math.Abs(float64(t.Eps[1])))+0.3)
	side := math.Min(s.H-4, s.W-4)
	f := newPanel(s, (s.W-side)/2, 2, side, 0, 0, r, "N(0, I)")
	s.SetDash(4, 4)
	s.Ellipse(f.cx, f.cy, f.k, f.k, "rgba(128,128,128,0.8)", 1, "")
	s.Ellipse(f.cx, f.cy, 2*f.k, 2*f.k, "rgba(128,128,128,0.5)", 1, "")
	s.SetDash()
	ex, ey := f.at(float64(t.Eps[0]), float64(t.Eps[1]))
	s.Ellipse(ex, ey, 4.5, 4.5, "#fff", 1.5, kit.Green)
	s.Write(ex+8, ey+14, "ε", "bold 13px sans-serif", kit.Green, "left")
}

// klBars draws KL_j per latent dimension.
func (w *stepThrough) klBars(t *engine.Trace) {
	labels := make([]string, len(t.KLPerDim))
	for j := range labels {
		labels[j] = "z" + sub(j+1)
	}
	kit.DrawBars(kit.Element(w.ID("kl")), labels, t.KLPerDim, kit.SkyBlue, "", "KLⱼ (nats)")
}

// hbar draws labelled horizontal segments side by side in one bar scaled
// to total, for sums such as recon + KL = −ELBO.
func hbar(s kit.Surface, y, h, total float64, parts []float64, colors, names []string) {
	x := 8.0
	span := s.W - 16
	for i, v := range parts {
		wd := span * v / total
		s.SetFill(colors[i])
		s.FillRect(x, y, wd, h)
		if wd > 60 {
			s.Write(x+4, y+h/2+4, names[i], "12px sans-serif", kit.Ink, "left")
		}
		x += wd
	}
}

// elboBar draws −ELBO as its reconstruction and KL parts.
func (w *stepThrough) elboBar(t *engine.Trace) {
	s, ok := kit.Fit(kit.Element(w.ID("elbo")))
	if !ok || !(t.NegELBO > 0) {
		return
	}
	hbar(s, 8, 34, t.NegELBO, []float64{t.ReconTerm, t.KL}, []string{kit.Orange, kit.SkyBlue},
		[]string{"reconstruction " + kit.FormatNumber(t.ReconTerm), "KL " + kit.FormatNumber(t.KL)})
	s.Write(8, 64, "−ELBO = "+kit.FormatNats(t.NegELBO), "13px sans-serif", s.FG, "left")
}

// updateBars draws the loss on the digit before and after the update.
func (w *stepThrough) updateBars(t *engine.Trace) {
	s, ok := kit.Fit(kit.Element(w.ID("update")))
	if !ok || !(t.Loss > 0) {
		return
	}
	// The bars start near the smaller loss, so that a change of a few
	// percent is visible; the caption gives the start.
	hi, d := math.Max(t.Loss, t.LossAfter), math.Abs(t.LossAfter-t.Loss)
	lo := math.Max(0, math.Min(t.Loss, t.LossAfter)-3*d)
	span := hi - lo
	if !(span > 0) {
		lo, span = 0, hi
	}
	hbar(s, 4, 26, span, []float64{t.Loss - lo}, []string{kit.Orange}, []string{"before " + kit.FormatNumber(t.Loss)})
	hbar(s, 40, 26, span, []float64{t.LossAfter - lo}, []string{kit.Green}, []string{"after " + kit.FormatNumber(t.LossAfter)})
	what := "loss on this digit, nats"
	if t.Kind == "vae" {
		what += " (same ε)"
	}
	s.Write(8, 84, what+"; the bars start at "+kit.FormatNumber(lo), "12px sans-serif", s.FG, "left")
}

// graph draws the network as a chain of nodes with each layer's gradient
// magnitude ‖∂L/∂W‖ on its edge (line width on a log scale).
func (w *stepThrough) graph(t *engine.Trace) {
	s, ok := kit.Fit(kit.Element(w.ID("graph")))
	if !ok || len(t.Layers) == 0 {
		return
	}
	enc := 0 // the reparameterization follows layer enc−1 (VAE only)
	if t.Kind == "vae" {
		for _, l := range t.Layers {
			if l.Name[:3] == "enc" {
				enc++
			}
		}
	}
	// Nodes: x, the encoder's outputs, (μ, log σ²) → z, the decoder's outputs.
	nodes := len(t.Layers) + 1
	if enc > 0 {
		nodes++
	}
	gap := (s.W - 40) / float64(nodes-1)
	y := s.H / 2
	xs := make([]float64, nodes)
	for i := range xs {
		xs[i] = 20 + float64(i)*gap
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, l := range t.Layers {
		if l.WNorm > 0 {
			lo, hi = math.Min(lo, math.Log(l.WNorm)), math.Max(hi, math.Log(l.WNorm))
		}
	}
	width := func(g float64) float64 {
		if !(g > 0) || hi <= lo {
			return 3
		}
		return 1.5 + 8*(math.Log(g)-lo)/(hi-lo)
	}
	// Edges: layer i joins node i to i+1, except that the reparameterization
	// (μ, log σ² → z) sits between the encoder and the decoder.
	edge := func(a, b int, wd float64, color, label string) {
		s.SetStroke(color, wd)
		s.Segment(xs[a], y, xs[b], y)
		s.Write((xs[a]+xs[b])/2, y-12, label, "11px sans-serif", s.FG, "center")
	}
	node := 0
	for i, l := range t.Layers {
		edge(node, node+1, width(l.WNorm), kit.Vermilion, kit.FormatNumber(l.WNorm))
		node++
		if i == enc-1 {
			edge(node, node+1, 1.5, kit.Grey, "+σε")
			node++
		}
	}
	labels := []string{"x"}
	for i, l := range t.Layers {
		if i == enc-1 {
			labels = append(labels, "μ,σ", "z")
			continue
		}
		labels = append(labels, fmt.Sprintf("%d", l.Out))
	}
	labels[len(labels)-1] = "x̂"
	for i, x := range xs {
		s.Ellipse(x, y, 9, 9, s.FG, 1.5, "#fff")
		s.Write(x, y+26, labels[i], "12px sans-serif", s.FG, "center")
	}
	s.Write(8, s.H-6, "‖∂L/∂W‖ per layer (edge width: log scale)", "11px sans-serif", s.FG, "left")
}
