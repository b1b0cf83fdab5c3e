package e2e

import (
	"net/http"
	"strings"
	"testing"
	"time"
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
