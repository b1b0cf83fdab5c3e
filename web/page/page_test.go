package page

import (
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"latentlab/web/lesson"
)

func TestKnown(t *testing.T) {
	for path, want := range map[string]bool{
		"/": true, "/about": true, "/lessons/vae": true, "/lessons/reparameterization": true,
		"/embed/vae": true, "/embed/vae/explorer": true, "/embed/cae/by-hand_2": true,
		"/lessons/": false, "/lessons/a/b": false, "/nope": false, "/embed/": false,
		"/lessons/<script>": false, "/embed/vae/x/y": false, "/favicon.ico": false,
	} {
		if got := Known(path); got != want {
			t.Errorf("Known(%q) = %v, want %v", path, got, want)
		}
	}
}

// fakeDist writes a minimal built site.
func fakeDist(t *testing.T) string {
	dir := t.TempDir()
	files := map[string]string{
		"web/app.wasm":                            "\x00asm",
		"web/app.wasm.br":                         "x",
		"web/engine.wasm":                         "\x00asm",
		"web/engine.wasm.gz":                      "x",
		"web/engine-scalar.wasm":                  "\x00asm",
		"web/style.css":                           "body{}",
		"web/katex/katex.min.css":                 ".katex{}",
		"web/katex/fonts/KaTeX_Main.woff2":        "w2",
		"web/katex/fonts/KaTeX_Main.ttf":          "ttf",
		"web/screenshot.png":                      "png",
		"web/lessons/index.json":                  `{"lessons":[{"title":"VAE","slug":"vae","order":1},{"title":"Bad","slug":"../x","order":2}]}`,
		"web/lessons/vae.json":                    `{"meta":{"title":"VAE","slug":"vae"},"blocks":[{"kind":"widget","widget":"latent-explorer","id":"explorer"},{"kind":"html","html":"<p>x</p>"}]}`,
		"web/data/mnist-train.bin":                "data",
		"web/models/vae-mnist-2d.llm":             "model",
		"web/engine-worker.js":                    "//",
		"web/wasm_exec.js":                        "// go",
		"web/embed-child.js":                      "//",
		"web/lessons/" + lesson.IndexFile + ".gz": "x",
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestHandlerPrecachesTheSite(t *testing.T) {
	dist := fakeDist(t)
	h := Handler(dist)
	got := strings.Join(h.CacheableResources, " ")
	for _, want := range []string{"/web/engine.wasm", "/web/engine-worker.js", "/web/lessons/index.json",
		"/web/lessons/vae.json", "/web/katex/katex.min.css", "/web/style.css", "/lessons/vae", "/about"} {
		if !strings.Contains(" "+got+" ", " "+want+" ") {
			t.Errorf("precache list lacks %s: %s", want, got)
		}
	}
	// Data, models, fonts and the scalar engine are cached when used, not at the first visit.
	for _, bad := range []string{".br", ".gz", ".ttf", ".woff2", "screenshot", "../x", "/web/app.wasm ", "/web/data/", "/web/models/",
		"/web/engine-scalar.wasm"} {
		if strings.Contains(got+" ", bad) {
			t.Errorf("precache list has %q: %s", bad, got)
		}
	}
	if h.Icon.Default == "" || strings.Contains(h.Icon.Default+h.Icon.SVG, "http") {
		t.Errorf("icon must be local: %+v", h.Icon)
	}
	if h2 := Handler(dist); h2.Version != h.Version {
		t.Errorf("version not stable: %s vs %s", h.Version, h2.Version)
	}
	os.WriteFile(filepath.Join(dist, "web", "lessons", "vae.json"), []byte(`{}`), 0o644)
	if h3 := Handler(dist); h3.Version == h.Version {
		t.Error("version did not change when a lesson changed")
	}
}

func TestPagePathsListEveryEmbed(t *testing.T) {
	got := strings.Join(PagePaths(fakeDist(t)), " ")
	for _, want := range []string{"/", "/about", "/lessons/vae", "/embed/vae", "/embed/vae/explorer"} {
		if !strings.Contains(" "+got+" ", " "+want+" ") {
			t.Errorf("PagePaths lacks %s: %s", want, got)
		}
	}
}

func TestServiceWorkerFallsBackOffline(t *testing.T) {
	h := Handler(fakeDist(t))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/app-worker.js", nil))
	b, _ := io.ReadAll(rec.Body)
	js := string(b)
	for _, want := range []string{`req.mode === "navigate"`, `ignoreSearch: true`, `"/web/lessons/vae.json"`, `cache.put(req, res.clone())`} {
		if !strings.Contains(js, want) {
			t.Errorf("app-worker.js lacks %s", want)
		}
	}
}

func TestPagesPrerender(t *testing.T) {
	h := Handler(fakeDist(t))
	for _, path := range []string{"/", "/about", "/lessons/vae", "/embed/vae/explorer", "/404"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		body := rec.Body.String()
		if rec.Code != 200 || !strings.Contains(body, "/web/style.css") {
			t.Errorf("%s: status %d", path, rec.Code)
		}
		if strings.Contains(body, "raw.githubusercontent.com") {
			t.Errorf("%s references an external host", path)
		}
	}
}
