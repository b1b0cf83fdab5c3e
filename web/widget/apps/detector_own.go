package apps

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/anomaly"
	"latentlab/core/owndata"
	"latentlab/web/engine"
	"latentlab/web/widget/kit"
	"latentlab/web/widget/own"
)

// This file is the detector's own-images part: the student uploads images
// (web/widget/own), and the model, trained on MNIST digits only, scores
// them next to the held-out digits. They are never trained on: the
// question the detector answers is "are these like the digits it knows?".

// MineN is how many of the student's images the detector scores (the
// first ones).
const MineN = 2000

// mine holds the scores of the student's images.
type mine struct {
	panel  own.Panel
	scores []float64 // nil: no images, or not yet scored
	ver    int       // bumped when the images change; a late reply is dropped
}

// initMine sets up the upload panel and rescoring when the images change.
func (w *detector) initMine(ctx app.Context) {
	w.mine.panel = own.Panel{ID: w.B.ID, Locked: w.B.Locked || w.B.ActionsOff, Images: true, NoPoints: true, Update: w.Update}
	w.Cleanup(w.mine.panel.Release)
	w.Cleanup(own.Watch(func() {
		ctx.Dispatch(func(app.Context) { w.scoreMine() })
	}))
}

// scoreMine scores the student's images (when there are some and the model
// is ready), then redraws.
func (w *detector) scoreMine() {
	w.mine.ver++
	w.mine.scores = nil
	s := own.Images()
	if s == nil || !w.s.IsReady() {
		w.figs.request(w)
		return
	}
	n := min(s.N(), MineN)
	pix := append([]float32(nil), s.X[:n*owndata.ImagePixels]...)
	ver := w.mine.ver
	w.m.Score(engine.Points{Inputs: pix}, ScoringOf(w.Vals).Options(0), func(r engine.Scores, err error) {
		if err != nil || ver != w.mine.ver || len(r.Scores) != n {
			return
		}
		w.mine.scores = r.Scores
		w.figs.request(w)
	})
}

// mineSeries is the histogram of the student's images' scores over h's
// bins (nil when there are none).
func (w *detector) mineSeries(h anomaly.Histogram, bins int, xs []float64) *kit.Series {
	if len(w.mine.scores) == 0 {
		return nil
	}
	counts := make([]int, bins)
	for _, s := range w.mine.scores {
		counts[h.Bin(s)]++
	}
	return &kit.Series{Label: "your images", Color: kit.Orange, Dashed: true, X: xs, Y: stepY(counts)}
}

// mineText says how many of the student's images the threshold t flags.
func (w *detector) mineText(t float64) string {
	sc := w.mine.scores
	if len(sc) == 0 {
		return ""
	}
	flagged := 0
	for _, s := range sc {
		if s >= t {
			flagged++
		}
	}
	return fmt.Sprintf(" %s of your %s images flagged as anomalies (%.0f %%).", kit.FormatCount(flagged), kit.FormatCount(len(sc)), 100*float64(flagged)/float64(len(sc)))
}

// mineUI is the upload with what it is for.
func (w *detector) mineUI() app.UI {
	return app.Div().Body(
		app.P().Style("font-size", "0.85em").Style("margin", "0.6rem 0 0").Text(
			"Score your own images: the model trains on MNIST digits only and never on your images; it scores them (the dashed orange histogram). "+
				"Images like the digits it knows should score low, anything else high."),
		w.mine.panel.UI(),
	)
}
