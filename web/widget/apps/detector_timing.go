package apps

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/widget/kit"
)

// The detector marks on the page's performance timeline (User Timing
// measures) how long its main-thread work after each rescoring takes, so
// that a browser benchmark (web/e2e BenchmarkDetectorRedraw) can read it:
//
//   - measureScore: from the worker's score reply to the histograms, ROC
//     and AUC computed (core/anomaly on 2,000 scores);
//   - measureDraw: the redraw of the figures that shows them, and its
//     parts: measureDrawHist (the histograms), measureDrawROC (the ROC
//     curve), measureDrawTop (the highest-scoring digits; their images
//     only when they changed);
//   - measureReplyToDrawn: from the reply to the end of that redraw, the
//     wait for the animation frame included.
const (
	measureScore        = "anomaly-detector:score"
	measureDraw         = "anomaly-detector:draw"
	measureDrawHist     = "anomaly-detector:draw-histograms"
	measureDrawROC      = "anomaly-detector:draw-roc"
	measureDrawTop      = "anomaly-detector:draw-top"
	measureReplyToDrawn = "anomaly-detector:reply-to-drawn"
)

// measure adds a User Timing measure from start to end (performance.now()
// milliseconds); natively, or in a browser without performance.measure,
// it does nothing.
func measure(name string, start, end float64) {
	p := app.Window().Get("performance")
	if !kit.Present(p) || !kit.Present(p.Get("measure")) {
		return
	}
	p.Call("measure", name, map[string]any{"start": start, "end": end})
}
