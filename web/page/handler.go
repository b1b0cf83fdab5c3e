//go:build !wasm

package page

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/lesson"
	"latentlab/web/server"
	"latentlab/web/site"
)

// Options say where and how a Site is served.
type Options struct {
	// Base is the base path the site is served under ("" or "/" for a
	// domain root, "/latent-lab/" for a sub-path); see package site.
	Base string
	// Static is set for the static export: pages are files, so the offline
	// worker names them by their file (lessons/vae.html), which every static
	// host serves, rather than by their route (lessons/vae).
	Static bool
	// Dev is the authoring preview (make preview): the offline worker asks
	// the network first for every file and page and uses its cache only
	// offline, so a reload always shows the lessons just rebuilt.
	Dev bool
}

// Site serves Latent Lab's pages for a built dist folder: each page rendered
// whole by go-app on the server (see serverrender.go), with its own title and
// description, an accessible loader, go-app's manifest and styles, and
// Latent Lab's own loader script (app.js) and offline worker
// (app-worker.js). The static files under /web/ are served by web/server.
//
// A process serves one site: NewSite sets the base path and the bundle the
// pages are rendered from for the whole process.
type Site struct {
	dist, base string
	static     bool
	goapp      *app.Handler
	files      *fileSet
	loaderJS   []byte
	workerJS   []byte
	slugs      map[string]bool // lessons, each with the ids of its widgets and quizzes
	blockIDs   map[string]bool // "slug/id"
	pages      pageCache
}

// Handler returns the Site for dist served at a domain root.
func Handler(dist string) *Site { return NewSite(dist, Options{}) }

// NewSite returns the Site for dist (see Options). An invalid base path is
// treated as the root.
func NewSite(dist string, o Options) *Site {
	Routes()
	if !site.SetBase(o.Base) {
		site.SetBase("")
	}
	useBundleDir(filepath.Join(dist, "web", "lessons"))
	s := &Site{dist: dist, base: site.Base(), static: o.Static, slugs: map[string]bool{}, blockIDs: map[string]bool{}}
	for _, slug := range Slugs(dist) {
		s.slugs[slug] = true
	}
	for _, p := range PagePaths(dist) {
		if m := embedRoute.FindStringSubmatch(p); m != nil && m[2] != "" {
			s.blockIDs[m[1]+"/"+m[2]] = true
		}
	}
	s.goapp = s.newGoApp()
	s.files = listFiles(filepath.Join(dist, "web"), s.pagesForWorker(), s.base, o.Static)
	s.files.networkFirst = o.Dev
	s.goapp.Version = s.files.version
	for p, b := range s.rootFiles() {
		s.files.addRoot(site.Path(p), b)
	}
	setOfflineSizes(s.files.offlineTransfer, s.files.offlineRaw)
	s.loaderJS = loaderScript(s)
	s.files.addRoot(site.Path("/app.js"), s.loaderJS)
	s.workerJS = workerScript(s.files)
	return s
}

// useBundleDir points the server's lesson reader at dir and forgets the
// index read before (a Site rebuilt by Live reads the new bundle).
func useBundleDir(dir string) {
	bundleDir.Lock()
	first := bundleDir.dir == ""
	bundleDir.dir = dir
	bundleDir.Unlock()
	if first {
		readBundleFile = func(name string) ([]byte, error) {
			bundleDir.Lock()
			d := bundleDir.dir
			bundleDir.Unlock()
			return os.ReadFile(filepath.Join(d, filepath.Base(name)))
		}
	}
	forgetIndex()
}

var bundleDir struct {
	sync.Mutex
	dir string
}

// Shell lists the addresses the offline worker keeps when it installs:
// what every page needs to start (the loader, app.wasm, styles, icons, the
// home page).
func (s *Site) Shell() []string { return append([]string(nil), s.files.shell...) }

// OfflineSet lists the addresses it keeps for offline use after the first
// visit (every page, lesson, engine, model and data file), unless the reader
// turned that off.
func (s *Site) OfflineSet() []string { return append([]string(nil), s.files.offline...) }

// Version is a hash of everything the site serves: it changes exactly when
// a file or a page changes, and the offline worker updates then.
func (s *Site) Version() string { return s.files.version }

// newGoApp configures go-app's handler: page head, styles, icons, the
// resources' base path.
func (s *Site) newGoApp() *app.Handler {
	web := filepath.Join(s.dist, "web")
	styles := []string{}
	if exists(filepath.Join(web, "katex", "katex.min.css")) {
		styles = append(styles, "/web/katex/katex.min.css")
	}
	styles = append(styles, "/web/style.css")
	var scripts []string
	if exists(filepath.Join(web, "storage-guard.js")) {
		// Blocking, so it runs before app.wasm: go-app reads localStorage at
		// start-up, which throws where the browser refuses storage.
		scripts = append(scripts, "/web/storage-guard.js")
	}
	if exists(filepath.Join(web, "boot.js")) {
		// Applies the remembered theme before the first paint (no defer);
		// in an export on a host without extensionless addresses, moves
		// from the 404 page to the page's .html file.
		scripts = append(scripts, "/web/boot.js")
	}
	if exists(filepath.Join(web, "embed-child.js")) {
		// Reports the page height to a parent window when framed (embeds).
		scripts = append(scripts, "/web/embed-child.js defer")
	}
	return &app.Handler{
		Name:        "Latent Lab",
		ShortName:   "Latent Lab",
		Title:       "Latent Lab",
		Description: defaultDescription,
		Author:      "Latent Lab contributors",
		Keywords:    []string{"autoencoder", "VAE", "contractive autoencoder", "machine learning", "interactive"},
		Lang:        "en",
		Icon: app.Icon{
			Default:    "/web/icon-192.png",
			Large:      "/web/icon-512.png",
			SVG:        "/web/icon.svg",
			AppleTouch: "/web/icon-192.png",
		},
		BackgroundColor: "#fbfaf7",
		ThemeColor:      "#0b5e8c",
		Image:           "/web/icon-512.png",
		RawHeaders: []string{
			// go-app's own viewport tag forbids zooming; readers must be able
			// to zoom (WCAG 1.4.4): finishPage removes it, this one stays.
			`<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">`,
			// Without JavaScript nothing will load: no loader, no promise
			// that a figure starts, no Embed buttons.
			`<noscript><style>#app-wasm-loader,.ll-js-only,.embed-slot{display:none}</style></noscript>`,
		},
		Styles:    styles,
		Scripts:   scripts,
		Resources: resources{base: s.base},
	}
}

// resources tells go-app that its package files live at the site's base
// and the static files under base/web/ (web/server serves /web/ from dist).
type resources struct{ base string }

func (r resources) Package() string { return r.base }
func (r resources) Static() string  { return r.base }
func (r resources) AppWASM() string { return r.base + "/web/app.wasm" }

func exists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

// ServeHTTP serves pages, app.js and app-worker.js, and go-app's manifest
// and styles. Request paths are routes (without the base path).
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch p {
	case "/app.js":
		serveBytes(w, r, "text/javascript; charset=utf-8", s.loaderJS)
		return
	case "/app-worker.js":
		serveBytes(w, r, "text/javascript; charset=utf-8", s.workerJS)
		return
	case "/404":
		s.servePage(w, r, http.StatusNotFound)
		return
	}
	if !Known(p) {
		s.goapp.ServeHTTP(w, r)
		return
	}
	if c := canonical(p); c != p {
		// One address per page: /index.html, /lessons/vae.html and
		// /lessons/vae/ move to / and /lessons/vae.
		u := *r.URL
		u.Path, u.RawPath = site.Path(c), ""
		http.Redirect(w, r, u.String(), http.StatusMovedPermanently)
		return
	}
	if !s.exists(p) {
		r2 := r.Clone(r.Context())
		r2.URL.Path, r2.URL.RawPath = "/404", ""
		s.servePage(w, r2, http.StatusNotFound)
		return
	}
	s.servePage(w, r, http.StatusOK)
}

// exists reports whether a canonical page route names something the bundle
// has: a lesson, and for a single embed one of its widgets or quizzes.
func (s *Site) exists(p string) bool {
	if m := embedRoute.FindStringSubmatch(p); m != nil && m[2] != "" {
		return s.blockIDs[m[1]+"/"+m[2]]
	}
	slug := routeSlug(p)
	return slug == "" || s.slugs[slug]
}

// routeSlug returns the lesson slug a lesson or embed route names, or "".
func routeSlug(p string) string {
	if m := lessonRoute.FindStringSubmatch(p); m != nil {
		return m[1]
	}
	if m := embedRoute.FindStringSubmatch(p); m != nil {
		return m[1]
	}
	return ""
}

// servePage sends the page of r.URL.Path, rendered by go-app and finished
// (see finishPage) once per address, with the given status, compressed as
// the request allows.
func (s *Site) servePage(w http.ResponseWriter, r *http.Request, status int) {
	key := r.URL.Path + "?" + r.URL.RawQuery
	p := s.pages.get(key)
	if p == nil {
		rec := httptest.NewRecorder()
		r2 := httptest.NewRequest(http.MethodGet, r.URL.String(), nil)
		r2.Host = r.Host
		s.goapp.ServeHTTP(rec, r2)
		if rec.Code != http.StatusOK {
			http.Error(w, "page rendering failed", http.StatusInternalServerError)
			return
		}
		p = &renderedPage{status: status, raw: finishPage(rec.Body.Bytes(), r.URL, s.static)}
		s.pages.put(key, p)
	}
	writePage(w, r, p, server.Negotiate(r), `W/"`+s.files.version+`"`)
}

// serveBytes answers with a generated script, revalidated on each use.
func serveBytes(w http.ResponseWriter, r *http.Request, ctype string, b []byte) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("ETag", `"`+rev(b)+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b))
}

// Slugs lists the lesson slugs of the bundle in dist (empty when absent).
func Slugs(dist string) []string {
	b, err := os.ReadFile(filepath.Join(dist, "web", "lessons", lesson.IndexFile))
	if err != nil {
		return nil
	}
	var idx lesson.Index
	if json.Unmarshal(b, &idx) != nil {
		return nil
	}
	var out []string
	for _, m := range idx.Lessons {
		if lessonRoute.MatchString("/lessons/" + m.Slug) {
			out = append(out, m.Slug)
		}
	}
	return out
}

// PagePaths lists every page route: catalog, about, each lesson, its embed,
// and the single embed of each widget and quiz (the static export writes
// each of them; the offline worker keeps each of them).
func PagePaths(dist string) []string {
	out := []string{"/", "/about"}
	for _, slug := range Slugs(dist) {
		out = append(out, "/lessons/"+slug, "/embed/"+slug)
		b, err := os.ReadFile(filepath.Join(dist, "web", "lessons", lesson.LessonFile(slug)))
		if err != nil {
			continue
		}
		var l lesson.Lesson
		if json.Unmarshal(b, &l) != nil {
			continue
		}
		for _, blk := range l.Blocks {
			if blk.ID == "" || blk.Kind == lesson.KindHTML {
				continue
			}
			if p := "/embed/" + slug + "/" + blk.ID; embedRoute.MatchString(p) {
				out = append(out, p)
			}
		}
	}
	return out
}

// pageFile is the file the static export writes a page route to, as a path
// under the site ("/" → "/index.html", "/lessons/vae" → "/lessons/vae.html").
func pageFile(route string) string {
	if route == "/" {
		return "/index.html"
	}
	return route + ".html"
}

// pagesForWorker maps each page's address under the base to the address it
// is fetched and kept under by the offline worker: the route itself from
// the server, the .html file from a static host ("/" stays "/": every host
// serves a folder's index.html).
func (s *Site) pagesForWorker() map[string]string {
	out := map[string]string{}
	for _, route := range append(PagePaths(s.dist), "/404") {
		addr := site.Path(route)
		file := addr
		if s.static && route != "/" {
			file = site.Path(pageFile(route))
		}
		out[addr] = file
	}
	return out
}

// rootFiles are go-app's files and the loader, served at the site's root.
func (s *Site) rootFiles() map[string][]byte {
	out := map[string][]byte{}
	for _, p := range []string{"/manifest.webmanifest", "/app.css"} {
		rec := httptest.NewRecorder()
		s.goapp.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
		out[p] = rec.Body.Bytes()
	}
	if b, err := os.ReadFile(filepath.Join(s.dist, "web", "wasm_exec.js")); err == nil {
		out["/wasm_exec.js"] = b
	}
	return out
}

// pageTitle returns the text of a page's <title> without the site's name.
func pageTitle(html []byte) string {
	i := bytes.Index(html, []byte("<title>"))
	j := bytes.Index(html, []byte("</title>"))
	if i < 0 || j < i {
		return ""
	}
	t := string(html[i+len("<title>") : j])
	t = strings.TrimSuffix(t, " — Latent Lab")
	return strings.TrimPrefix(t, "Latent Lab — ")
}
