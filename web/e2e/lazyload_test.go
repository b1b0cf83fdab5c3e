package e2e

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// backgroundRecorder records, from the first script of a page on, when
// the page's widgets have all started ("latentlab-awake") and when the
// page registers its offline worker; it also turns "Offline use" off, so
// that no background download of the offline set muddles what the page
// itself fetches.
const backgroundRecorder = `(() => {
  const r = (window.__ll = {});
  try { localStorage.setItem("latentlab-offline", "off"); } catch (e) {}
  addEventListener("latentlab-awake", () => { if (r.awake === undefined) r.awake = performance.now(); });
  const sw = navigator.serviceWorker;
  if (!sw) return;
  const register = sw.register.bind(sw);
  sw.register = (...args) => { if (r.register === undefined) r.register = performance.now(); return register(...args); };
})();`

// TestFirstVisitFetchesWhatTheReaderSees: on a first visit to the VAE
// lesson the offline worker registers only once the page's widgets have
// started, and the trainers' training digits are fetched only when the
// student trains: the explorer shows the pretrained model and the trainer
// is ready without them. Then the worker controls the page, Train fetches
// the digits once (sent slowly here: the status counts the bytes as they
// arrive) and the model trains.
func TestFirstVisitFetchesWhatTheReaderSees(t *testing.T) {
	counter := &countingHandler{h: slowFile{h: siteHandler(), path: "/web/data/mnist-train.bin"}}
	base, srv, err := ServeHandler(counter)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	p := isolatedTab(t, backgroundRecorder)
	p.Goto(base + "/lessons/vae")
	p.WaitJS(explorerShowing, 60*time.Second)
	scrollToWidget(p, "vae-trainer")
	waitWidgetText(p, "vae-trainer", trainerStatus, "ready", 60*time.Second)
	p.WaitJS(`window.__ll.register !== undefined && !!navigator.serviceWorker.controller`, 60*time.Second)
	awake, register := Eval[float64](p, `window.__ll.awake ?? -1`), Eval[float64](p, `window.__ll.register`)
	t.Logf("widgets started at %.0f ms, offline worker registered at %.0f ms", awake, register)
	if awake < 0 || register < awake {
		t.Errorf("the offline worker registered at %.0f ms, before the widgets started (%.0f ms)", register, awake)
	}
	if n := counter.requestsOf("/web/data/mnist-train.bin"); n != 0 {
		t.Errorf("the training digits were fetched %d times before the student trained", n)
	}
	clickInWidget(p, "vae-trainer", "Train")
	status := waitWidgetText(p, "vae-trainer", trainerStatus, "downloading the training digits…", 60*time.Second)
	t.Logf("while the digits arrive: %q", status)
	if !strings.Contains(status, " MB") {
		t.Errorf("the status counts no bytes: %q", status)
	}
	p.WaitJS(`(() => { const s = document.querySelector('[data-widget="vae-trainer"] `+trainerStatus+`'); const m = s && /step (\d+)/.exec(s.textContent); return !!m && +m[1] > 0; })()`, 60*time.Second)
	if n := counter.requestsOf("/web/data/mnist-train.bin"); n != 1 {
		t.Errorf("training fetched the training digits %d times, want once", n)
	}
	p.NoConsoleErrors()
}

// scrollToWidget scrolls the first widget of kind name into the middle of
// the window, as a student reading down to it: a widget that trains or
// encodes starts the engine once it comes near the viewport.
func scrollToWidget(p *Page, name string) {
	p.T.Helper()
	p.WaitJS(fmt.Sprintf(`(() => { const w = document.querySelector('[data-widget=%q]'); if (!w) return false;
		w.scrollIntoView({block: "center"}); return true; })()`, name), 30*time.Second)
}

// requestsOf counts the responses sent for path.
func (c *countingHandler) requestsOf(path string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, f := range c.log {
		if f.path == path {
			n++
		}
	}
	return n
}

// slowFile serves h, sending path at about 320 kB/s, so that a test sees
// its download in progress.
type slowFile struct {
	h    http.Handler
	path string
}

func (s slowFile) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == s.path {
		w = &slowWriter{w}
	}
	s.h.ServeHTTP(w, r)
}

type slowWriter struct{ http.ResponseWriter }

func (w *slowWriter) Write(b []byte) (int, error) {
	n := 0
	for len(b) > 0 {
		k := min(len(b), 32<<10)
		m, err := w.ResponseWriter.Write(b[:k])
		n += m
		if err != nil {
			return n, err
		}
		if f, ok := w.ResponseWriter.(http.Flusher); ok {
			f.Flush()
		}
		time.Sleep(100 * time.Millisecond) // the pace of a slow network, not a wait for a condition
		b = b[k:]
	}
	return n, nil
}

// TestExplorerShowsWithoutTheEngine: the latent explorer on the VAE
// lesson's first screen shows the pretrained model from its view file
// (decoder and held-out codes) before the page starts the engine or fetches
// the model file or the data, and decodes under the cursor even where the
// engine cannot load at all (both builds refused here); the widgets that
// encode, once scrolled to, then say so, with Retry.
func TestExplorerShowsWithoutTheEngine(t *testing.T) {
	base, f := serveFaulty(t, siteHandler())
	f.setFail("/web/engine.wasm", true)
	f.setFail("/web/engine-scalar.wasm", true)
	p := isolatedTab(t, backgroundRecorder, `(() => {
  const W = window.Worker;
  window.__workerAt = [];
  window.Worker = function (...a) { window.__workerAt.push(performance.now()); return new W(...a); };
  window.Worker.prototype = W.prototype;
})();`)
	p.Goto(base + "/lessons/vae")
	p.WaitJS(explorerShowing+` && performance.getEntriesByName("ll-explorer-view").length > 0`, 60*time.Second)
	shown := Eval[float64](p, `performance.getEntriesByName("ll-explorer-view")[0].startTime`)
	early := Eval[[]string](p, `performance.getEntriesByType("resource").filter((e) => e.startTime < `+
		`performance.getEntriesByName("ll-explorer-view")[0].startTime).map((e) => new URL(e.name).pathname)`)
	for _, u := range early {
		if strings.HasPrefix(u, "/web/data/") || strings.HasSuffix(u, ".llm") || strings.HasPrefix(u, "/web/engine") {
			t.Errorf("fetched %s before the explorer showed the view (%.0f ms)", u, shown)
		}
	}
	if at := Eval[[]float64](p, `window.__workerAt`); len(at) > 0 && at[0] < shown {
		t.Errorf("the engine started at %.0f ms, before the explorer showed the view (%.0f ms)", at[0], shown)
	}
	t.Logf("the explorer showed the view at %.0f ms; fetched before: %v", shown, early)
	// It decodes under the cursor, with no engine.
	hash := `(() => { const c = document.querySelector('[data-widget="latent-explorer"] canvas[aria-label="Decoded sample"]');
		const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data; let h = 0, ink = 0;
		for (let i = 0; i < d.length; i += 4) { h = (h * 31 + d[i]) | 0; ink += d[i]; } return ink > 0 ? String(h) : ""; })()`
	p.WaitJS(hash+` !== ""`, 30*time.Second)
	before := Eval[string](p, hash)
	Eval[bool](p, `(() => { document.querySelector('[data-widget="latent-explorer"] [aria-label="Latent space"]').focus(); return true; })()`)
	for range 6 {
		p.Do(chromedp.KeyEvent(kb.ArrowLeft))
	}
	p.WaitJS(hash+` !== `+strconv.Quote(before)+` && `+hash+` !== ""`, 30*time.Second)
	// Nothing wanted the engine yet: the page never tried it.
	if at := Eval[[]float64](p, `window.__workerAt`); len(at) > 0 {
		t.Errorf("the page at its top started the engine at %.0f ms", at[0])
	}
	// The full model needs the engine, which the widgets that encode start
	// when the student scrolls to them: the caption says what is missing,
	// with Retry.
	scrollToWidget(p, "posterior-view")
	caption := waitWidgetText(p, "latent-explorer", ".ll-caption", "cannot be encoded", 60*time.Second)
	if rawError(caption) || !strings.Contains(caption, "Retry") || !strings.Contains(caption, "Showing") {
		t.Errorf("the explorer's caption once the engine failed: %q", caption)
	}
}
