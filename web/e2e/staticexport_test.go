package e2e

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"latentlab/web/lesson"
	webpage "latentlab/web/page"
)

// exportTo runs the built server binary's static export (as `make static
// BASE=…` does) into a temporary folder. It runs in its own process: an
// export sets the base path of the process that renders it.
func exportTo(t *testing.T, base string) string {
	t.Helper()
	bin := filepath.Join(Root(), ".cache", "bin", "latentlab")
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("%s is missing: build the site first with `make build`", bin)
	}
	out := filepath.Join(t.TempDir(), "static")
	cmd := exec.Command(bin, "-dist", Dist(), "-static", out, "-base", base)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("static export: %v\n%s", err, b)
	}
	return out
}

// fileOnlyHost serves a folder under a path prefix like the simplest static
// hosts (python -m http.server, a bare bucket): a file by its exact name, a
// folder's index.html, else 404.html with status 404 — no mapping of
// /lessons/vae to lessons/vae.html. Other paths are 404s too.
func fileOnlyHost(dir, prefix string) http.Handler {
	notFound := func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		b, _ := os.ReadFile(filepath.Join(dir, "404.html"))
		w.Write(b)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, prefix+"/") {
			notFound(w)
			return
		}
		rel := strings.TrimPrefix(r.URL.Path, prefix)
		p := filepath.Join(dir, filepath.FromSlash(filepath.Clean("/"+rel)))
		fi, err := os.Stat(p)
		switch {
		case err == nil && fi.IsDir() && strings.HasSuffix(rel, "/"):
			p = filepath.Join(p, "index.html")
		case err == nil && fi.IsDir():
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		case err != nil:
			notFound(w)
			return
		}
		if _, err := os.Stat(p); err != nil {
			notFound(w)
			return
		}
		if strings.HasSuffix(p, ".wasm") {
			w.Header().Set("Content-Type", "application/wasm")
		}
		http.ServeFile(w, r, p)
	})
}

// TestStaticExportUnderASubPath exports the site for /latent-lab/ and serves
// it from the simplest kind of static host under that path. The catalog
// loads and links to the lessons; the offline worker registers and keeps the
// whole site, which then reloads offline, and a lesson never opened before
// opens and trains offline; every lesson, widget and quiz embed loads, by
// its file name and by its address.
func TestStaticExportUnderASubPath(t *testing.T) {
	idx, ls := bundle(t)
	out := exportTo(t, "/latent-lab/")
	base, f := serveFaulty(t, fileOnlyHost(out, "/latent-lab"))
	root := base + "/latent-lab"

	p := isolatedTab(t)
	p.Goto(root + "/")
	first := idx.Lessons[0]
	p.WaitBodyText(first.Title)
	// Navigation in the app: a link of the catalog to the first lesson.
	Eval[bool](p, `(document.querySelector('a[href="/latent-lab/lessons/`+first.Slug+`"]').click(), true)`)
	p.WaitJS(`document.querySelector("h1") && document.querySelector("h1").textContent === `+jsString(first.Title), 30*time.Second)
	if loc := p.Location(); loc != root+"/lessons/"+first.Slug {
		t.Errorf("after the link: %s", loc)
	}
	// The offline worker keeps the site once the app is idle.
	p.WaitJS(`(() => { const o = window.latentlabOffline; return !!navigator.serviceWorker.controller && !!o && o.state.total > 0 && o.state.done === o.state.total && !o.state.busy; })()`, 180*time.Second)

	// The network goes away: a lesson never opened loads and trains.
	never := ""
	for _, m := range idx.Lessons[1:] {
		for _, b := range ls[m.Slug].Blocks {
			if b.Kind == lesson.KindWidget && b.Widget == "vae-trainer" {
				never = m.Slug
			}
		}
	}
	if never == "" {
		t.Fatal("no lesson after the first has a vae-trainer to train offline")
	}
	f.setDown(true)
	p.Goto(root + "/lessons/" + never)
	p.WaitJS(`document.querySelector("h1") && document.querySelector("h1").textContent === `+jsString(ls[never].Meta.Title), 30*time.Second)
	trainCheck(t, p)
	p.Goto(root + "/")
	p.WaitBodyText(first.Title)
	viewportShot(p, "static-subpath-offline-catalog")
	f.setDown(false)

	// Every page, by its file and (for one lesson) by its address.
	for _, route := range webpage.PagePaths(Dist()) {
		file := route + ".html"
		if route == "/" {
			file = "/"
		}
		status, body := fetchPage(t, root+file)
		if status != 200 || !strings.Contains(body, "<title>") {
			t.Errorf("%s: status %d", root+file, status)
		}
		if !strings.HasPrefix(route, "/embed/") {
			continue
		}
		p.navigate(root + file)
		p.WaitReady()
		p.WaitJS(`!document.querySelector(".widget-placeholder, .quiz-preview")`, 30*time.Second)
		if p.Exists(".error-box") {
			t.Errorf("%s shows an error: %s", file, p.Text(".error-box"))
		}
	}
	// A lesson's address on a host that only serves files: its 404 page
	// moves to the lesson's file.
	q := isolatedTab(t)
	q.Goto(root + "/lessons/" + never)
	q.WaitJS(`document.querySelector("h1") && document.querySelector("h1").textContent === `+jsString(ls[never].Meta.Title), 30*time.Second)
	if loc := q.Location(); loc != root+"/lessons/"+never+".html" {
		t.Errorf("the address %s/lessons/%s ended at %s", root, never, loc)
	}
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
