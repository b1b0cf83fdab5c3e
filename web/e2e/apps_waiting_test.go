package e2e_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"latentlab/web/e2e"
)

// scoreHolder holds back every "score" request the page sends its engine
// worker while window.__holdScores is true (window.__releaseScores() sends
// them), so that a test sees the detector between "ready" and its first
// scores however fast the worker is.
const scoreHolder = `(() => {
  const post = Worker.prototype.postMessage;
  window.__holdScores = true;
  window.__heldScores = [];
  Worker.prototype.postMessage = function (m, ...rest) {
    let type = "";
    try { type = JSON.parse(m && m.json).type; } catch (e) {}
    if (window.__holdScores && type === "score") { window.__heldScores.push([this, m, rest]); return; }
    return post.call(this, m, ...rest);
  };
  window.__releaseScores = () => {
    window.__holdScores = false;
    const held = window.__heldScores.splice(0);
    held.forEach(([w, m, rest]) => post.call(w, m, ...rest));
    return held.length;
  };
})();`

// TestAnomalyDetectorWaiting: until its first scores arrive the detector's
// two figures are labelled, empty axes (the ROC with its chance diagonal)
// with a note, not blank space, at 1280 and 400 px; once the scores come
// they are drawn over.
func TestAnomalyDetectorWaiting(t *testing.T) {
	p := e2e.NewTab(t)
	atDocumentStart(p, scoreHolder)
	p.Goto("/embed/applications/detector")
	const w = `[data-widget="anomaly-detector"]`
	status := w + ` [role="status"][aria-label="Training status"]`
	hist, roc := w+` canvas[aria-label="Threshold on the score histograms"]`, w+` canvas[aria-label="ROC curve of the detector"]`
	readout := w + ` [id$="-readout"]`
	p.WaitJS(fmt.Sprintf(`(() => { const s = document.querySelector(%q); return !!s && /ready/.test(s.textContent); })()`, status), 90*time.Second)
	p.WaitJS(`window.__heldScores.length > 0`, 30*time.Second)
	for _, width := range []int64{1280, 400} {
		p.Do(chromedp.EmulateViewport(width, 900))
		// A resize redraws the figures in a later animation frame: wait for ink.
		for _, c := range []string{hist, roc} {
			p.WaitJS(fmt.Sprintf(`%s >= 300`, inkPixelsJS(c)), 30*time.Second)
		}
		if r := p.Text(readout); r != "The scores appear when the model is ready." {
			t.Errorf("at %d px, with the scores held back, the read-out says %q", width, r)
		}
		t.Logf("%d px, waiting: histogram %d, ROC %d drawn pixels", width, inkPixels(p, hist), inkPixels(p, roc))
		shootWidget(t, p, widgetFrame(p, "anomaly-detector"), fmt.Sprintf("apps-detector-waiting-%d", width))
	}
	before := p.CanvasHash(roc)
	if n := e2e.Eval[int](p, `window.__releaseScores()`); n == 0 {
		t.Fatal("no score request was held")
	}
	p.WaitJS(fmt.Sprintf(`/AUC [0-9.]+/.test(document.querySelector(%q).textContent)`, readout), 60*time.Second)
	p.WaitCanvasChange(roc, before, 10*time.Second)
	p.NoConsoleErrors()
}
