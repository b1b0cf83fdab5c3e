package vae

import (
	"time"

	"latentlab/web/engine"
	"latentlab/web/widget/kit"
)

// trainerPlots is what the trainer draws: the loss and KL histories, the KL
// per latent dimension, and the strip of held-out digits with their
// reconstructions (or, for a toy set, held-out points and theirs).
type trainerPlots struct {
	recon, kl, nelbo    kit.History // Cap 300: plotting cost stays a few ms per frame
	erecon, ekl, enelbo kit.History
	klDim               []float64
	last                engine.Metrics

	frame                  kit.Frame
	parts                  [3]kit.Frame // the three plots, drawn in frames of their own
	lossC, klC, dimC, toyC kit.Cached   // fitted plot surfaces (no layout reads per frame)
	id                     string
	plotAt                 time.Time // last plot redraw
	stripVer               int       // source version the strip shows
	stripBuf               []byte
}

func (p *trainerPlots) histories() []*kit.History {
	return []*kit.History{&p.recon, &p.kl, &p.nelbo, &p.erecon, &p.ekl, &p.enelbo}
}

func (p *trainerPlots) init(id string) {
	p.id = id
	for _, h := range p.histories() {
		h.Cap = 300
	}
	p.refit()
}

// reset forgets the previous model's numbers and pictures.
func (p *trainerPlots) reset() {
	for _, h := range p.histories() {
		h.Reset()
	}
	p.klDim, p.last = nil, engine.Metrics{}
	p.refit()
}

// refit makes the plots measure their canvases again.
func (p *trainerPlots) refit() {
	p.lossC, p.klC, p.dimC, p.toyC = kit.Cached{ID: p.id + "-loss"}, kit.Cached{ID: p.id + "-kl"},
		kit.Cached{ID: p.id + "-kldim"}, kit.Cached{ID: p.id + "-strip"}
	p.stripVer = -1
}

func (p *trainerPlots) release() {
	p.frame.Release()
	for i := range p.parts {
		p.parts[i].Release()
	}
}

// record adds a chunk's metrics to the histories.
func (p *trainerPlots) record(r engine.Trained) {
	for _, m := range r.Metrics {
		x := float64(m.Step)
		p.recon.Add(x, m.Recon)
		p.kl.Add(x, m.KL)
		p.nelbo.Add(x, m.Recon+m.KL)
		if len(m.KLPerDim) > 0 {
			if len(p.klDim) != len(m.KLPerDim) {
				p.klDim = append([]float64(nil), m.KLPerDim...)
			}
			for j, v := range m.KLPerDim {
				p.klDim[j] = 0.9*p.klDim[j] + 0.1*v
			}
		}
		p.last = m
	}
	for _, e := range r.Eval {
		x := float64(e.Step)
		p.erecon.Add(x, e.Recon)
		p.ekl.Add(x, e.KL)
		p.enelbo.Add(x, e.Recon+e.KL)
	}
}

// request schedules redrawing of w's plots and strip for the next frame.
func (p *trainerPlots) request(w *trainer) { p.frame.Request(w.drawNow) }

func (w *trainer) drawNow() {
	p := &w.plots
	// While training, plots redraw at most 4 times a second: the newest
	// numbers are always drawn, but the page keeps its main thread free.
	if w.s.Driver.Running() && time.Since(p.plotAt) < 250*time.Millisecond {
		w.drawStrip()
		return
	}
	p.plotAt = time.Now()
	// One frame request per plot: the page's shared frame budget can then
	// spread them over two frames instead of one long task.
	p.parts[0].Request(w.drawLoss)
	p.parts[1].Request(w.drawKL)
	p.parts[2].Request(w.drawKLDim)
	w.drawStrip()
}

func (w *trainer) unit() string {
	if !w.images() {
		return "loss"
	}
	return "nats"
}

func (w *trainer) drawLoss() {
	p, c := &w.plots, kit.SeriesColors
	if s, ok := p.lossC.Surface(); ok {
		s.LinePlot(kit.LinePlot{
			XLabel: "step", YLabel: w.unit(), IgnoreFirst: 0.15,
			Series: []kit.Series{
				{Label: "−ELBO", Color: c[0], X: p.nelbo.X, Y: p.nelbo.Y},
				{Label: "−ELBO held-out", Color: c[0], Dashed: true, X: p.enelbo.X, Y: p.enelbo.Y},
				{Label: "recon", Color: c[2], X: p.recon.X, Y: p.recon.Y},
				{Label: "recon held-out", Color: c[2], Dashed: true, X: p.erecon.X, Y: p.erecon.Y},
			},
		})
	}
}

func (w *trainer) drawKL() {
	p, c := &w.plots, kit.SeriesColors
	if s, ok := p.klC.Surface(); ok {
		s.LinePlot(kit.LinePlot{
			XLabel: "step", YLabel: "nats (log)", LogY: true,
			Series: []kit.Series{
				{Label: "KL", Color: c[1], X: p.kl.X, Y: p.kl.Y},
				{Label: "KL held-out", Color: c[1], Dashed: true, X: p.ekl.X, Y: p.ekl.Y},
			},
		})
	}
}

func (w *trainer) drawKLDim() {
	p := &w.plots
	if len(p.klDim) == 0 {
		p.klDim = make([]float64, pLatent.Get(w.Vals))
	}
	labels := make([]string, len(p.klDim))
	for j := range labels {
		labels[j] = "z" + sub(j+1)
	}
	if s, ok := p.dimC.Surface(); ok {
		s.BarChart(kit.BarChart{Labels: labels, Values: p.klDim, Color: kit.SeriesColors[3], XLabel: "latent dimension",
			YLabel: "nats", Floor: 1, ValueText: kit.FormatNumber})
	}
}

// drawStrip shows the fixed held-out inputs with their reconstructions by
// the latest snapshot (decoded here: 8 digits take a few milliseconds, and
// the engine's time goes to training), once per new snapshot.
func (w *trainer) drawStrip() {
	p, s := &w.plots, w.src
	if p.stripVer == s.Ver {
		return
	}
	p.stripVer = s.Ver
	if !s.IsImage() {
		w.drawToy()
		return
	}
	imgs := make([][]float32, 2*stripN)
	for i := 0; i < stripN; i++ {
		imgs[i] = s.Image(i)
		if x := imgs[i]; x != nil && s.Net != nil && s.Net.Input == len(x) {
			imgs[stripN+i] = s.Net.Reconstruct(x)
		}
	}
	p.stripBuf = kit.PutGrid(kit.Element(w.ID("strip")), kit.ImageGrid{Cols: stripN, Rows: 2, W: 28, H: 28, Gap: 1}, imgs, p.stripBuf)
}

// drawToy draws held-out toy points and their reconstructions.
func (w *trainer) drawToy() {
	sf, ok := w.plots.toyC.Surface()
	if !ok {
		return
	}
	s, net := w.src, w.src.Net
	// A point of d coordinates is drawn by its first and last: (x₁, x₂) in
	// the plane, (x₁, x₃) for the swiss roll, whose roll lies in that plane.
	d, n := 2, 0
	if w.info != nil && w.info.Input > 0 {
		d = w.info.Input
	}
	if s.Images != nil {
		n = min(len(s.Images)/d, 300)
	}
	var in, out kit.Points
	for i := 0; i < n; i++ {
		x := s.Images[d*i : d*i+d]
		in.X = append(in.X, float64(x[0]))
		in.Y = append(in.Y, float64(x[d-1]))
		in.Labels = append(in.Labels, -1)
		if net != nil && net.Input == d {
			mu, _ := net.Encode(x)
			r := net.Decode(mu)
			out.X = append(out.X, float64(r[0]))
			out.Y = append(out.Y, float64(r[d-1]))
			out.Labels = append(out.Labels, 4)
		}
	}
	lo, hi, okx := kit.Extent(in.X, in.Y)
	if !okx {
		lo, hi = -2, 2
	}
	pad := (hi - lo) * 0.1
	f := kit.NewMapFrame(sf.W, sf.H, lo-pad, hi+pad, lo-pad, hi+pad)
	sf.DrawScatter(f, in, "x₁", "x"+sub(d), 2)
	var dots kit.PathBuilder
	for k := range out.X {
		px, py := f.ToPixels(out.X[k], out.Y[k])
		dots.Circle(px, py, 2)
	}
	sf.Fill(&dots, kit.Vermilion)
}
