package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// appsSteadyJS holds once the applications lesson's widgets show their
// first results: the detector's scores, inpainting's fills and the
// compression table (the classifier and the own-data blocks wait for the
// student).
const appsSteadyJS = `(() => { const t = (css) => { const e = document.querySelector(css); return e ? e.textContent : ""; };
	return /AUC/.test(t('[data-widget="anomaly-detector"] [id$="-readout"]')) &&
		/hidden pixels/.test(t('[data-widget="inpainting"] [id$="-errors"]')) &&
		/^Step [0-9]+/.test(t('[data-widget="compression"] table caption')); })()`

// TestApplicationsPlaceholders: each widget of the applications lesson —
// the own-data blocks with their data panel — is about as tall as the
// placeholder the server rendered for it, at 1280 and 400 px, once it shows
// its first results, so the page does not jump when the widgets start.
func TestApplicationsPlaceholders(t *testing.T) {
	for _, width := range []int64{1280, 400} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			p := isolatedTab(t, attachProbe, offlineOff) // the offline set is not what this measures
			p.Do(chromedp.EmulateViewport(width, 900))
			p.Goto(BaseURL(t) + "/lessons/applications")
			p.WaitJS(`!document.querySelector(".widget-placeholder, .quiz-preview")`, 90*time.Second)
			p.WaitJS(appsSteadyJS, 240*time.Second)
			p.WaitFrames(4)
			ssr := Eval[[]float64](p, `window.__ssrHeights`)
			live := Eval[[]float64](p, `[...document.querySelectorAll(".widget-frame")].map((f) => f.getBoundingClientRect().height)`)
			ids := Eval[[]string](p, `[...document.querySelectorAll(".widget-frame")].map((f) => f.id)`)
			if len(ssr) != len(live) || len(live) < 6 {
				t.Fatalf("%d widget placeholders, %d widgets", len(ssr), len(live))
			}
			for i := range live {
				t.Logf("%s at %d px: placeholder %.0f px, widget %.0f px", ids[i], width, ssr[i], live[i])
				if d := live[i] - ssr[i]; d > max(48, 0.08*live[i]) || -d > max(48, 0.08*live[i]) {
					t.Errorf("%s at %d px: placeholder %.0f px tall, widget %.0f px (set its height in static/style.css)", ids[i], width, ssr[i], live[i])
				}
			}
			p.NoConsoleErrors()
		})
	}
}
