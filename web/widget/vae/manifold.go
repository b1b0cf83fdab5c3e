package vae

import (
	"fmt"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/params"
	"latentlab/web/widget"
	"latentlab/web/widget/kit"
)

var (
	pGridN = params.NewInt(params.Param{Name: "n", Default: 15, Min: 3, Max: 30,
		Doc: "the grid is n×n decoded images"})
	pSpacing = params.NewChoice(params.Param{Name: "spacing", Default: "linear",
		Choices: []string{"linear", "quantile"},
		Doc:     "linear over [−range, range], or through Gaussian quantiles Φ⁻¹((i+½)/n)"})
	manifoldParams = sourceParams(pGridN, pRange, pSpacing, pDimX, pDimY)
)

func init() {
	widget.Register(widget.Spec{
		Name:    "manifold-grid",
		Title:   "Manifold grid",
		Summary: "Decoded images on a regular grid over two latent dimensions (the classic VAE manifold figure), with linear or Gaussian-quantile spacing.",
		Params:  manifoldParams,
		New:     func(b widget.Block) app.UI { return &manifold{viewer: viewer{Base: kit.Base{B: b}}} },
	})
}

// manifold is the manifold-grid widget. It decodes locally, a few rows per
// animation frame, so a 30×30 grid never blocks the page.
type manifold struct {
	app.Compo
	viewer
	dec   decoder
	imgs  [][]float32
	buf   []byte
	job   int     // bumped to abandon a half-drawn grid
	putAt float64 // kit.Now() of the last upload of the grid to the canvas
}

// gridPutMs is how often a grid being decoded is shown part-done (each
// upload repacks the whole n×n image, a few ms for a big grid).
const gridPutMs = 150

// OnInit follows the source at most once a second while it trains (a grid
// is many decodes).
func (w *manifold) OnInit() {
	w.init(manifoldParams, time.Second, func(bool) { w.start() })
	w.Cleanup(func() { w.job++ })
}

// start (re)draws the grid progressively.
func (w *manifold) start() {
	net := w.src.Net
	if net == nil || !w.src.IsImage() {
		return
	}
	w.job++
	job := w.job
	n := pGridN.Get(w.Vals)
	dx, dy := clampDims(pDimX.Get(w.Vals)-1, pDimY.Get(w.Vals)-1, net.Latent)
	axis := gridAxis(n, pRange.Get(w.Vals), pSpacing.Get(w.Vals) == "quantile")
	if len(w.imgs) != n*n {
		w.imgs = make([][]float32, n*n)
	}
	w.label(n, dx, dy, axis, net.Latent)
	row, col := 0, 0
	var step func()
	step = func() {
		if job != w.job {
			return
		}
		t0 := kit.Now()
		// Cell by cell (a whole row of a big grid is over 15 ms on a slow
		// machine): at most about 6 ms of decoding per animation frame.
		for row < n {
			y := axis[n-1-row] // top row = largest y
			for ; col < n; col++ {
				z := w.dec.point(net.Latent, dx, dy, axis[col], y, nil)
				out := w.dec.decodeInto(net, w.imgs[row*n+col], z)
				w.imgs[row*n+col] = out
				if kit.Now()-t0 > 6 {
					col++
					break
				}
			}
			if col >= n {
				row, col = row+1, 0
			}
			if kit.Now()-t0 > 6 {
				break
			}
		}
		if row >= n || kit.Now()-w.putAt > gridPutMs {
			g := kit.ImageGrid{Cols: n, Rows: n, W: w.src.Width, H: w.src.Height}
			w.buf = kit.PutGrid(kit.Element(w.ID("grid")), g, w.imgs, w.buf)
			w.putAt = kit.Now()
		}
		if row < n {
			w.draw(step)
		}
	}
	w.draw(step)
}

// label writes the axis ticks beside the grid (each at the centre of its
// outer cell) and the caption that says how the cells are placed.
func (w *manifold) label(n, dx, dy int, axis []float64, latent int) {
	id := w.B.ID
	kit.SetText(id+"-x0", fmtZ(axis[0]))
	kit.SetText(id+"-x1", fmtZ(axis[n-1]))
	kit.SetText(id+"-y0", fmtZ(axis[0]))
	kit.SetText(id+"-y1", fmtZ(axis[n-1]))
	kit.SetText(id+"-xname", "z"+sub(dx+1)+" →")
	kit.SetText(id+"-yname", "z"+sub(dy+1)+" ↑")
	s := fmt.Sprintf("Each image is the decoder's output at the centre of its cell (z%s across, z%s up",
		sub(dx+1), sub(dy+1))
	if latent > 2 {
		s += "; the other latent dimensions are held at 0"
	}
	if pSpacing.Get(w.Vals) == "quantile" {
		s += fmt.Sprintf("). Cells are spaced by Gaussian quantiles Φ⁻¹((i+½)/n): each column and each row holds 1/%d of the prior's probability, so n alone sets how far out the grid reaches (here ±%s).",
			n, fmtZ(axis[n-1]))
	} else {
		s += fmt.Sprintf("), in even steps from %s to %s.", fmtZ(axis[0]), fmtZ(axis[n-1]))
	}
	kit.SetText(id+"-axis", s)
}

func (w *manifold) Render() app.UI {
	redraw := func(app.Context) { w.start() }
	sp := w.Field(pSpacing.Param, "Spacing", redraw)
	sp.Labels = map[string]string{"linear": "even steps in z", "quantile": "Gaussian quantiles (equal prior mass)"}
	fields := []kit.Field{w.Field(pGridN.Param, "Grid size n", redraw), sp}
	if pSpacing.Get(w.Vals) != "quantile" { // quantile spacing ignores the range
		fields = append(fields, w.Field(pRange.Param, "Range ±", redraw))
	}
	if l := w.latent(); l > 2 {
		dx, dy := pDimX.Param, pDimY.Param
		dx.Max, dy.Max = float64(l), float64(l)
		fields = append(fields, w.Field(dx, "Horizontal z", redraw), w.Field(dy, "Vertical z", redraw))
	}
	return w.Frame("vae-manifold",
		w.plot(pGridN.Get(w.Vals)),
		app.P().ID(w.ID("axis")).Style("font-size", "0.85em").Style("margin", "0").Text("Loading the model…"),
		w.Controls(fields...),
		w.sourceToggle(),
	)
}

// plot is the grid canvas with its axes: tick values at the centres of the
// outer cells, on the left (z of the rows) and below (z of the columns).
func (w *manifold) plot(n int) app.UI {
	id := w.B.ID
	spacing := "evenly spaced"
	if pSpacing.Get(w.Vals) == "quantile" {
		spacing = "Gaussian-quantile spaced"
	}
	half := fmt.Sprintf("%.4f%%", 50/float64(n)) // centre of an outer cell
	// tick is an absolutely placed label; kv are CSS property, value pairs.
	tick := func(tid string, kv ...string) app.HTMLSpan {
		t := app.Span().ID(tid).Style("position", "absolute").Style("white-space", "nowrap")
		for i := 0; i+1 < len(kv); i += 2 {
			t = t.Style(kv[i], kv[i+1])
		}
		return t
	}
	return app.Div().Class("vae-manifold-plot").Style("display", "grid").
		Style("grid-template-columns", "auto minmax(0, 480px)").Style("justify-content", "start").Style("column-gap", "0.35rem").
		Style("font-size", "0.8rem").Style("color", "var(--muted)").Style("font-variant-numeric", "tabular-nums").Body(
		// Left axis: z of the rows, top row at the top.
		app.Div().Style("position", "relative").Style("min-width", "2.6em").Aria("hidden", "true").Body(
			tick(id+"-y1", "top", half, "right", "0", "transform", "translateY(-50%)"),
			tick(id+"-yname", "top", "50%", "right", "0", "transform", "translateY(-50%)"),
			tick(id+"-y0", "bottom", half, "right", "0", "transform", "translateY(50%)"),
		),
		app.Canvas().ID(id+"-grid").Role("img").
			Aria("label", fmt.Sprintf("%d by %d grid of images decoded from %s latent points", n, n, spacing)).
			Width(n*28).Height(n*28).
			Style("width", "100%").Style("aspect-ratio", "1 / 1").
			Style("image-rendering", "pixelated").Style("display", "block").Style("background", "#000"),
		app.Div(),
		// Bottom axis: z of the columns.
		app.Div().Style("position", "relative").Style("height", "1.3em").Aria("hidden", "true").Body(
			tick(id+"-x0", "left", half, "top", "0", "transform", "translateX(-50%)"),
			tick(id+"-xname", "left", "50%", "top", "0", "transform", "translateX(-50%)"),
			tick(id+"-x1", "right", half, "top", "0", "transform", "translateX(50%)"),
		),
	)
}
