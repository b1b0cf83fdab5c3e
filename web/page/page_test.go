//go:build !wasm

package page

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"latentlab/web/lesson"
	"latentlab/web/server"
	"latentlab/web/site"
)

func TestKnownAndCanonical(t *testing.T) {
	for path, want := range map[string]bool{
		"/": true, "/about": true, "/lessons/vae": true, "/lessons/reparameterization": true,
		"/embed/vae": true, "/embed/vae/explorer": true, "/embed/cae/by-hand_2": true,
		"/index.html": true, "/about.html": true, "/lessons/vae.html": true, "/lessons/vae/": true,
		"/embed/vae/index.html": true, "/embed/vae/explorer.html": true,
		"/lessons/": false, "/lessons/a/b": false, "/nope": false, "/embed/": false,
		"/lessons/<script>": false, "/embed/vae/x/y": false, "/favicon.ico": false, "/lessons//vae": false,
		"/404": false, "/web/app.wasm": false,
	} {
		if got := Known(path); got != want {
			t.Errorf("Known(%q) = %v, want %v", path, got, want)
		}
	}
	for in, want := range map[string]string{
		"/": "/", "/index.html": "/", "/about.html": "/about", "/lessons/vae/": "/lessons/vae",
		"/lessons/vae.html": "/lessons/vae", "/embed/vae/index.html": "/embed/vae", "/embed/vae/": "/embed/vae",
	} {
		if got := canonical(in); got != want {
			t.Errorf("canonical(%q) = %q, want %q", in, got, want)
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
		"web/boot.js":                             "//",
		"web/katex/katex.min.css":                 ".katex{}",
		"web/katex/fonts/KaTeX_Main.woff2":        "w2",
		"web/katex/fonts/KaTeX_Main.ttf":          "ttf",
		"web/screenshot.png":                      "png",
		"web/lessons/index.json":                  `{"lessons":[{"title":"VAE","slug":"vae","order":1,"summary":"Sum < mary"},{"title":"Bad","slug":"../x","order":2}]}`,
		"web/lessons/vae.json":                    `{"meta":{"title":"VAE","slug":"vae","summary":"Sum < mary"},"blocks":[{"kind":"widget","widget":"latent-explorer","id":"explorer"},{"kind":"html","html":"<p>Prose with <a href=\"/about\">a link</a>.</p>"},{"kind":"quiz","id":"check","quiz":{"id":"check","questions":[{"id":"q1","type":"single","prompt":"Which term?","choices":["KL","BCE"],"answer":0}]}}]}`,
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

// newSite is NewSite that restores the process-wide base path afterwards.
func newSite(t *testing.T, dist string, o Options) *Site {
	t.Cleanup(func() { site.SetBase("") })
	return NewSite(dist, o)
}

// workerLists reads the lists the offline worker was built with.
func workerLists(t *testing.T, s *Site) (shell, offline []string, aliases map[string]string, revs map[string]string) {
	t.Helper()
	js := string(s.workerJS)
	read := func(name string, v any) {
		m := regexp.MustCompile(`(?m)^const ` + name + ` = (.*);$`).FindStringSubmatch(js)
		if m == nil {
			t.Fatalf("app-worker.js has no %s", name)
		}
		if err := json.Unmarshal([]byte(m[1]), v); err != nil {
			t.Fatalf("app-worker.js %s: %v", name, err)
		}
	}
	read("shell", &shell)
	read("offlineSet", &offline)
	read("aliases", &aliases)
	read("revs", &revs)
	return
}

func TestWorkerKeepsTheSite(t *testing.T) {
	dist := fakeDist(t)
	s := newSite(t, dist, Options{})
	shell, offline, _, revs := workerLists(t, s)
	has := func(list []string, want string) bool {
		for _, x := range list {
			if x == want {
				return true
			}
		}
		return false
	}
	for _, want := range []string{"/", "/app.js", "/wasm_exec.js", "/manifest.webmanifest", "/web/app.wasm", "/web/style.css",
		"/web/katex/katex.min.css", "/web/boot.js", "/web/lessons/index.json", "/web/lessons/vae.json",
		"/lessons/vae", "/embed/vae", "/embed/vae/explorer", "/embed/vae/check", "/about", "/404"} {
		if !has(shell, want) {
			t.Errorf("the shell lacks %s: %v", want, shell)
		}
	}
	for _, want := range []string{"/web/engine.wasm", "/web/engine-worker.js", "/web/wasm_exec.js",
		"/web/data/mnist-train.bin", "/web/models/vae-mnist-2d.llm", "/web/katex/fonts/KaTeX_Main.woff2"} {
		if !has(offline, want) {
			t.Errorf("the offline set lacks %s: %v", want, offline)
		}
	}
	if offline[0] != "/web/engine-worker.js" && offline[0] != "/web/engine.wasm" || offline[len(offline)-1] != "/web/katex/fonts/KaTeX_Main.woff2" {
		t.Errorf("the offline set is not in order of need: %v", offline)
	}
	// The scalar engine (browsers without wasm SIMD) is kept when a page
	// fetches it, not in advance.
	if has(shell, "/web/engine-scalar.wasm") || has(offline, "/web/engine-scalar.wasm") || revs["/web/engine-scalar.wasm"] == "" {
		t.Errorf("the scalar engine must be known (revision %q) but kept only when used: shell %v, offline %v",
			revs["/web/engine-scalar.wasm"], shell, offline)
	}
	for _, u := range append(shell, offline...) {
		if revs[u] == "" {
			t.Errorf("%s has no revision", u)
		}
		for _, bad := range []string{".br", ".gz", ".ttf", "screenshot", "../x", "embed-example"} {
			if strings.Contains(u, bad) {
				t.Errorf("the worker lists %s", u)
			}
		}
	}
	v := s.Version()
	if s2 := newSite(t, dist, Options{}); s2.Version() != v {
		t.Errorf("version not stable: %s vs %s", v, s2.Version())
	}
	os.WriteFile(filepath.Join(dist, "web", "lessons", "vae.json"), []byte(`{"meta":{"slug":"vae"}}`), 0o644)
	if s3 := newSite(t, dist, Options{}); s3.Version() == v {
		t.Error("version did not change when a lesson changed")
	}
}

func get(t *testing.T, h http.Handler, path string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	return rec
}

func serverFor(s *Site, dist string) http.Handler {
	return server.New(server.Config{Dir: dist, App: s, Known: Known, NotFoundPath: "/404"})
}

func TestLessonRenderedOnTheServer(t *testing.T) {
	dist := fakeDist(t)
	h := serverFor(newSite(t, dist, Options{}), dist)
	rec := get(t, h, "/lessons/vae")
	body := rec.Body.String()
	if rec.Code != 200 {
		t.Fatalf("/lessons/vae: status %d", rec.Code)
	}
	for _, want := range []string{
		"<title>VAE — Latent Lab</title>", `content="Sum < mary"`, // title and description
		`<p>Prose with <a href="/about">a link</a>.</p>`, `data-ssr-block="1"`, // the prose, marked for adoption
		`class="widget-placeholder"`, `data-widget="latent-explorer"`, // the widget's sized placeholder
		"Which term?", `<legend>`, // the quiz's questions
		`id="` + ssrStateID + `"`,
		`role="status"`, `Loading the interactive parts of “VAE”`, `<progress`, // the loader
		`KaTeX_Main-Regular.woff2`, // math fonts asked for early
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/lessons/vae lacks %s", want)
		}
	}
	if regexp.MustCompile(`\saria-[a-z]+[\s>]`).MatchString(body) {
		t.Error("an aria attribute without a value (go-app writes true as a bare attribute)")
	}
	if !strings.Contains(body, `aria-hidden="true"`) {
		t.Error(`no aria-hidden="true" (the theme toggle's icon has one)`)
	}
	if strings.Contains(body, "goapp-spin") || strings.Contains(body, "raw.githubusercontent.com") {
		t.Error("/lessons/vae still has go-app's loader or an external reference")
	}
	// The state the browser takes has the blocks but not the prose again.
	m := regexp.MustCompile(`id="` + ssrStateID + `"[^>]*>([^<]*)<`).FindStringSubmatch(body)
	if m == nil || strings.Contains(m[1], "Prose with") || !strings.Contains(m[1], "latent-explorer") {
		t.Errorf("server state: %v", m)
	}
}

func TestStatusesAndAddresses(t *testing.T) {
	dist := fakeDist(t)
	h := serverFor(newSite(t, dist, Options{}), dist)
	for path, want := range map[string]int{
		"/": 200, "/about": 200, "/embed/vae": 200, "/embed/vae/explorer": 200, "/embed/vae/check": 200,
		"/lessons/nope": 404, "/embed/nope": 404, "/embed/nope/x": 404, "/embed/vae/nope": 404, "/no/such/page": 404, "/404": 404,
		"/index.html": 301, "/lessons/vae.html": 301, "/lessons/vae/": 301, "/about.html": 301,
	} {
		rec := get(t, h, path)
		if rec.Code != want {
			t.Errorf("GET %s: status %d, want %d", path, rec.Code, want)
		}
		if want == 404 && !strings.Contains(rec.Body.String(), "not in the latent space") {
			t.Errorf("GET %s: the 404 is not the not-found page", path)
		}
	}
	if loc := get(t, h, "/lessons/vae.html?theme=dark").Header().Get("Location"); loc != "/lessons/vae?theme=dark" {
		t.Errorf("redirect to %q", loc)
	}
	for path, title := range map[string]string{"/": "Latent Lab — interactive lessons on autoencoders", "/about": "About — Latent Lab",
		"/embed/vae/explorer": "VAE — Latent Lab", "/nope": "Page not found — Latent Lab"} {
		if body := get(t, h, path).Body.String(); !strings.Contains(body, "<title>"+title+"</title>") {
			t.Errorf("%s: title is not %q", path, title)
		}
	}
	if body := get(t, h, "/embed/vae?theme=dark").Body.String(); !strings.Contains(body, `<html data-theme="dark"`) {
		t.Error("an embed's forced theme is not on <html>")
	}
}

func TestPagesCompressed(t *testing.T) {
	dist := fakeDist(t)
	h := serverFor(newSite(t, dist, Options{}), dist)
	req := httptest.NewRequest("GET", "/lessons/vae", nil)
	req.Header.Set("Accept-Encoding", "gzip, br")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Header().Get("Content-Encoding") != "br" || !strings.Contains(rec.Header().Get("Vary"), "Accept-Encoding") {
		t.Errorf("page coding %q, Vary %q", rec.Header().Get("Content-Encoding"), rec.Header().Get("Vary"))
	}
	req.Header.Set("If-None-Match", rec.Header().Get("ETag"))
	rec2 := httptest.NewRecorder()
	h.ServeHTTP(rec2, req)
	if rec2.Code != http.StatusNotModified {
		t.Errorf("revalidation: %d", rec2.Code)
	}
}

func TestBasePath(t *testing.T) {
	dist := fakeDist(t)
	s := newSite(t, dist, Options{Base: "/latent-lab/", Static: true})
	h := serverFor(s, dist)
	body := get(t, h, "/lessons/vae").Body.String()
	for _, want := range []string{`href="/latent-lab/about"`, `href="/latent-lab/web/style.css"`, `src="/latent-lab/app.js"`,
		`href="/latent-lab/"`, `<a href="/latent-lab/about">a link</a>`, `<meta charset="UTF-8">` + "\n" + `<meta name="latentlab-export"`} {
		if !strings.Contains(body, want) {
			t.Errorf("under /latent-lab/ the page lacks %s", want)
		}
	}
	if strings.Contains(body, "og:url") {
		t.Error("an exported page names the address it was rendered at")
	}
	js := get(t, h, "/app.js").Body.String()
	for _, want := range []string{`"GOAPP_ROOT_PREFIX":"/latent-lab"`, `"/latent-lab/web/app.wasm"`, `"/latent-lab/app-worker.js"`} {
		if !strings.Contains(js, want) {
			t.Errorf("app.js lacks %s", want)
		}
	}
	shell, offline, aliases, _ := workerLists(t, s)
	if aliases["/latent-lab/lessons/vae"] != "/latent-lab/lessons/vae.html" {
		t.Errorf("aliases: %v", aliases)
	}
	for _, u := range append(shell, offline...) {
		if !strings.HasPrefix(u, "/latent-lab/") {
			t.Errorf("the worker names %s outside the base", u)
		}
	}
}

// TestStaticExportNamesOnlyItsFiles: every file the offline worker of an
// export names is a file of that export.
func TestStaticExportNamesOnlyItsFiles(t *testing.T) {
	dist := fakeDist(t)
	out := filepath.Join(t.TempDir(), "static")
	t.Cleanup(func() { site.SetBase("") })
	if err := ExportStatic(dist, out, "/latent-lab/"); err != nil {
		t.Fatal(err)
	}
	js, err := os.ReadFile(filepath.Join(out, "app-worker.js"))
	if err != nil {
		t.Fatal(err)
	}
	s := &Site{workerJS: js}
	shell, offline, _, _ := workerLists(t, s)
	for _, u := range append(shell, offline...) {
		rel := strings.TrimPrefix(u, "/latent-lab/")
		if rel == "" {
			rel = "index.html"
		}
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(rel))); err != nil {
			t.Errorf("the worker names %s, which the export lacks", u)
		}
	}
	for _, f := range []string{"index.html", "about.html", "404.html", "lessons/vae.html", "embed/vae.html", "embed/vae/index.html",
		"embed/vae/explorer.html", "embed/vae/check.html", "app.js", "app-worker.js", "wasm_exec.js", "manifest.webmanifest"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("the export lacks %s", f)
		}
	}
	if err := ExportStatic(dist, out, "https://x/"); err == nil {
		t.Error("a base that is not a path was accepted")
	}
}
