package apps

import (
	"fmt"
	"slices"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/anomaly"
	"latentlab/web/widget/kit"
)

// histBins is the number of bins of the score histograms.
const histBins = 40

// topN is how many of the highest-scoring digits the detector shows.
const topN = 10

// figures is what the detector draws: the two score histograms with the
// threshold, the ROC curve with the threshold's point, the read-out and
// the highest-scoring digits.
type figures struct {
	id        string
	frame     kit.Frame
	hist, roc kit.Cached
	histX     kit.Scale // the histogram's score axis as drawn (for the pointer)
	histDrawn bool
	dragging  bool
	waits     int   // frames the empty figures have waited for the page to lay their canvases out
	topVer    int   // the step of the scores whose top digits are shown (−1: none)
	topShown  []int // the digits on the top canvas (nil: it must be drawn)
	topBuf    []byte
}

func (f *figures) init(id string) { f.id = id; f.refit() }

func (f *figures) reset() { f.histDrawn, f.topVer, f.waits = false, -1, 0; f.refit() }

func (f *figures) refit() {
	f.hist, f.roc = kit.Cached{ID: f.id + "-hist"}, kit.Cached{ID: f.id + "-roc"}
	f.topVer, f.topShown = -1, nil
}

func (f *figures) release() { f.frame.Release() }

// request redraws the figures of w in the next animation frame.
func (f *figures) request(w *detector) { f.frame.Request(w.draw) }

// draw draws every figure from w.scored and the threshold (their empty
// axes before the first scores).
func (w *detector) draw() {
	sc := w.scored
	if sc == nil {
		w.drawWaiting()
		return
	}
	start := kit.Now()
	t := w.threshold()
	c := sc.l.At(t)
	w.drawHistograms(sc, t)
	histDone := kit.Now()
	w.drawROC(sc, c)
	rocDone := kit.Now()
	if w.figs.topVer != sc.step {
		w.drawTop(sc)
		w.figs.topVer = sc.step
	}
	topDone := kit.Now()
	unit := ScoringOf(w.Vals).Unit()
	kit.SetText(w.ID("readout"), readout(sc, t, c, unit, !w.thrSet))
	kit.SetText(w.ID("extra"), w.extraText(t)+w.mineText(t))
	if el := kit.Element(w.ID("hist")); kit.Present(el) {
		el.Call("setAttribute", "aria-valuenow", fmt.Sprintf("%.0f", w.thr*100))
		el.Call("setAttribute", "aria-valuetext", fmt.Sprintf("threshold %s: precision %.2f, recall %.2f", withUnit(t, unit), c.Precision(), c.Recall()))
	}
	if w.replyAt > 0 { // the first draw of new scores
		end := kit.Now()
		measure(measureDraw, start, end)
		measure(measureDrawHist, start, histDone)
		measure(measureDrawROC, histDone, rocDone)
		measure(measureDrawTop, rocDone, topDone)
		measure(measureReplyToDrawn, w.replyAt, end)
		w.replyAt = 0
	}
}

// readout is the sentence under the figures; best says the threshold is
// the best-F1 one the detector chose.
func readout(sc *scored, t float64, c anomaly.Counts, unit string, best bool) string {
	which := "yours"
	if best {
		which = "the best F1"
	}
	return fmt.Sprintf("Step %d · AUC %.3f · threshold %s (%s): %d digits flagged, precision %.2f, recall %.2f, F1 %.2f (false-positive rate %.2f).",
		sc.step, sc.auc, withUnit(t, unit), which, c.TP+c.FP, c.Precision(), c.Recall(), c.F1(), c.FPR())
}

// withUnit formats a score with its unit.
func withUnit(v float64, unit string) string {
	if unit == "" {
		return kit.FormatNumber(v)
	}
	return kit.FormatNumber(v) + " " + unit
}

// scoreLabel is the histogram's axis label.
func scoreLabel(s Scoring) string {
	if s.Relative {
		return "score: relative error ‖x − x̂‖²/‖x‖²"
	}
	if s.Samples > 0 {
		return fmt.Sprintf("score: −log p(x), IWAE bound with K = %d (nats)", s.Samples)
	}
	if s.VAE {
		return "score: −ELBO (nats)"
	}
	return "score: reconstruction error (nats)"
}

// drawHistograms draws the share of normal digits and of anomalies per
// score bin as two step lines, and the threshold as a vertical line.
func (w *detector) drawHistograms(sc *scored, t float64) {
	s, ok := w.figs.hist.Surface()
	if !ok {
		return
	}
	h := sc.l.Histograms(sc.lo, sc.hi, histBins)
	class := AnomalyClass(w.Vals)
	series := []kit.Series{
		{Label: "other digits (trained on)", Color: kit.Blue, X: stepX(h), Y: stepY(h.Normal)},
		{Label: fmt.Sprintf("%ds (never seen)", class), Color: kit.Vermilion, X: stepX(h), Y: stepY(h.Anom)},
	}
	if c := w.ex.corrupted; len(c) > 0 {
		counts := make([]int, histBins)
		for _, s := range c {
			counts[h.Bin(s)]++
		}
		series = append(series, kit.Series{Label: corruptLabels[pCorrupt.Get(w.Vals)], Color: kit.Green, Dashed: true, X: stepX(h), Y: stepY(counts)})
	}
	if m := w.mineSeries(h, histBins, stepX(h)); m != nil {
		series = append(series, *m)
	}
	fr := s.LinePlot(kit.LinePlot{
		XLabel: scoreLabel(ScoringOf(w.Vals)), YLabel: "share of digits", FromZero: true, Series: series,
	})
	if w.ex.hasDrawn {
		x, _ := fr.ToPixels(min(max(w.ex.drawn, sc.lo), sc.hi), 0)
		s.SetStroke(kit.Purple, 3)
		s.Segment(x, fr.Y.R0, x, fr.Y.R1+18)
		s.Write(x-4, fr.Y.R1+30, "your drawing", "11px system-ui, sans-serif", kit.Purple, "right")
	}
	w.figs.histX, w.figs.histDrawn = fr.X, true
	x, _ := fr.ToPixels(t, 0)
	s.SetStroke(s.FG, 2)
	s.SetDash(5, 3)
	s.Segment(x, fr.Y.R0, x, fr.Y.R1)
	s.SetDash()
	s.Write(x+4, fr.Y.R1+12, "threshold", "11px system-ui, sans-serif", s.FG, "left")
}

// waitingNote is what the empty figures say until the first scores.
const waitingNote = "waiting for the model's first scores…"

// drawWaiting draws the figures' labelled axes, empty, with a note, while
// the model prepares: the histograms' score and share axes, the ROC's
// rates with the chance diagonal. go-app may lay the canvases out after
// this animation frame (on a loaded machine): it then tries again.
func (w *detector) drawWaiting() {
	hist, okH := w.figs.hist.Surface()
	roc, okR := w.figs.roc.Surface()
	if !okH || !okR {
		if w.figs.waits++; w.figs.waits < 600 {
			w.figs.request(w)
		}
		return
	}
	w.figs.waits = 0
	class := AnomalyClass(w.Vals)
	hist.LinePlot(kit.LinePlot{
		XLabel: scoreLabel(ScoringOf(w.Vals)), YLabel: "share of digits", Empty: waitingNote,
		Series: []kit.Series{
			{Label: "other digits (trained on)", Color: kit.Blue},
			{Label: fmt.Sprintf("%ds (never seen)", class), Color: kit.Vermilion},
		},
	})
	fr := roc.LinePlot(kit.LinePlot{
		XLabel: "false-positive rate", YLabel: "true-positive rate (recall)", YMin: 0, YMax: 1,
		Series: []kit.Series{
			{Label: "ROC", Color: kit.Blue},
			// Three points, so that the axis gets fractional ticks as when the ROC is drawn.
			{Label: "chance", Color: kit.Grey, Dashed: true, X: []float64{0, 0.5, 1}, Y: []float64{0, 0.5, 1}},
		},
	})
	x, y := fr.ToPixels(0.5, 0.75)
	roc.Text(waitingNote, x, y, "center", "middle", roc.FG)
}

// stepX and stepY turn bins into a step line (each bin a flat segment).
func stepX(h anomaly.Histogram) []float64 {
	n := len(h.Normal)
	xs := make([]float64, 0, 2*n)
	for i := 0; i < n; i++ {
		a := h.Lo + (h.Hi-h.Lo)*float64(i)/float64(n)
		b := h.Lo + (h.Hi-h.Lo)*float64(i+1)/float64(n)
		xs = append(xs, a, b)
	}
	return xs
}

func stepY(counts []int) []float64 {
	total := 0
	for _, c := range counts {
		total += c
	}
	ys := make([]float64, 0, 2*len(counts))
	for _, c := range counts {
		v := float64(c) / float64(max(total, 1))
		ys = append(ys, v, v)
	}
	return ys
}

// drawROC draws the ROC curve, the chance diagonal and the threshold's point.
func (w *detector) drawROC(sc *scored, c anomaly.Counts) {
	s, ok := w.figs.roc.Surface()
	if !ok {
		return
	}
	fr := s.LinePlot(kit.LinePlot{
		XLabel: "false-positive rate", YLabel: "true-positive rate (recall)", YMin: 0, YMax: 1,
		Series: []kit.Series{
			{Label: fmt.Sprintf("ROC (AUC %.3f)", sc.auc), Color: kit.Blue, X: sc.rocX, Y: sc.rocY},
			{Label: "chance", Color: kit.Grey, Dashed: true, X: []float64{0, 1}, Y: []float64{0, 1}},
		},
	})
	x, y := fr.ToPixels(c.FPR(), c.Recall())
	s.SetFill(kit.Vermilion)
	s.Dot(x, y, 5)
}

// drawTop shows the highest-scoring digits and says what they are. The
// digits' images are drawn only when they change (the caption's scores
// change with every rescoring; the digits, after the first steps, rarely).
func (w *detector) drawTop(sc *scored) {
	top := sc.top
	if !slices.Equal(w.figs.topShown, top) {
		imgs := make([][]float32, len(top))
		for i := range top {
			imgs[i] = sc.topIn[i*sc.dim : (i+1)*sc.dim]
		}
		g := kit.GridFor(len(imgs), topN, sc.w, sc.h, 1)
		w.figs.topBuf = kit.PutGrid(kit.Element(w.ID("top")), g, imgs, w.figs.topBuf)
		w.figs.topShown = append(w.figs.topShown[:0:0], top...)
	}
	parts := make([]string, len(top))
	for i, k := range top {
		parts[i] = fmt.Sprintf("%d (%s)", sc.labels[k], kit.FormatNumber(sc.l.Scores[k]))
	}
	kit.SetText(w.ID("top-caption"), "The "+fmt.Sprint(len(top))+" highest-scoring held-out digits, highest first — label (score): "+strings.Join(parts, ", ")+".")
}

// onPointer moves the threshold to the pointer while a button is down.
func (w *detector) onPointer(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	switch e.Get("type").String() {
	case "pointerdown":
		w.figs.dragging = true
		ctx.JSSrc().Call("setPointerCapture", e.Get("pointerId"))
	case "pointerup", "pointercancel":
		w.figs.dragging = false
		return
	case "pointermove":
		if !w.figs.dragging {
			return
		}
	}
	if w.scored == nil || !w.figs.histDrawn {
		return
	}
	sc := w.scored
	score := w.figs.histX.Invert(e.Get("offsetX").Float())
	w.moveThreshold((score - sc.lo) / (sc.hi - sc.lo))
}

// onKey moves the threshold with the arrow keys (1 % of the range; 10 %
// with Shift; Home and End to the ends). Their defaults (scrolling the
// page) are prevented synchronously: the canvas takes them (kit.TakeKeys).
func (w *detector) onKey(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	if w.scored == nil {
		return
	}
	d := 0.01
	if e.Get("shiftKey").Bool() {
		d = 0.1
	}
	switch e.Get("key").String() {
	case "ArrowLeft", "ArrowDown":
		w.moveThreshold(w.thr - d)
	case "ArrowRight", "ArrowUp":
		w.moveThreshold(w.thr + d)
	case "Home":
		w.moveThreshold(0)
	case "End":
		w.moveThreshold(1)
	}
}
