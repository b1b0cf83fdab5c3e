//go:build !wasm

package page

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/lesson"
)

// Handler returns the go-app handler for a built dist folder: page shell,
// styles, local icons, and the list of files the service worker precaches
// so that the site works offline after a first visit.
func Handler(dist string) *app.Handler {
	Routes()
	web := filepath.Join(dist, "web")
	files := cacheableFiles(web)
	styles := []string{}
	if exists(filepath.Join(web, "katex", "katex.min.css")) {
		styles = append(styles, "/web/katex/katex.min.css")
	}
	styles = append(styles, "/web/style.css")
	var scripts []string
	if exists(filepath.Join(web, "embed-child.js")) {
		// Reports the page height to a parent window when framed (embeds).
		scripts = append(scripts, "/web/embed-child.js defer")
	}
	cacheable := append([]string{}, files...)
	cacheable = append(cacheable, pagePaths(dist, false)...)
	return &app.Handler{
		Name:        "Latent Lab",
		ShortName:   "Latent Lab",
		Title:       "Latent Lab",
		Description: "Interactive lessons on autoencoders — contractive, variational, the reparameterization trick — that train in your browser.",
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
		LoadingLabel:    "Loading Latent Lab… {progress}%",
		// The server sends the decoded size here (the body may be brotli).
		WasmContentLengthHeader: "X-Uncompressed-Content-Length",
		Image:                   "/web/icon-512.png",
		// go-app's own viewport tag forbids zooming; readers must be able to
		// zoom (WCAG 1.4.4), and the last viewport tag wins.
		RawHeaders:            []string{`<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">`},
		Styles:                styles,
		Scripts:               scripts,
		CacheableResources:    cacheable,
		Version:               version(web, files),
		ServiceWorkerTemplate: serviceWorkerJS,
		Resources:             resources{},
	}
}

// resources tells go-app that its package files live at the site root and
// the static files under /web/ (the server serves /web/ itself, from dist).
type resources struct{}

func (resources) Package() string { return "" }
func (resources) Static() string  { return "" }
func (resources) AppWASM() string { return "/web/app.wasm" }

func exists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

// cacheableFiles lists the /web/ URLs the service worker precaches at the
// first visit: what every page needs to start (the engine, scripts, styles,
// the lesson bundle, icons). Data sets, models and fonts are cached as pages
// use them (see serviceWorkerJS), which keeps the first visit small.
func cacheableFiles(web string) []string {
	var out []string
	filepath.WalkDir(web, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(web, p)
		rel = filepath.ToSlash(rel)
		switch ext := filepath.Ext(rel); {
		case ext == ".br" || ext == ".gz" || ext == ".map":
			return nil
		case rel == "app.wasm":
			return nil
		case rel == "engine-scalar.wasm": // for browsers without wasm SIMD: cached when used
			return nil
		case strings.HasPrefix(rel, "katex/") && rel != "katex/katex.min.css":
			return nil
		case strings.HasPrefix(rel, "data/") || strings.HasPrefix(rel, "models/"):
			return nil
		case strings.HasPrefix(rel, "embed-example"):
			return nil
		case strings.HasPrefix(rel, "bench") || strings.HasSuffix(rel, ".test") || strings.HasPrefix(rel, "screenshot"):
			return nil
		}
		out = append(out, "/web/"+rel)
		return nil
	})
	sort.Strings(out)
	return out
}

// version hashes the built files so that the service worker updates exactly
// when something changed (go-app's default is a new version per start).
func version(web string, files []string) string {
	h := sha256.New()
	for _, f := range append([]string{"/web/app.wasm"}, files...) {
		fd, err := os.Open(filepath.Join(web, strings.TrimPrefix(f, "/web/")))
		if err != nil {
			continue
		}
		io.WriteString(h, f)
		io.Copy(h, fd)
		fd.Close()
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
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

// pagePaths lists the page routes of the site: catalog, about, every lesson
// and its embed; with widgets, also every single-widget embed.
func pagePaths(dist string, widgets bool) []string {
	out := []string{"/", "/about"}
	for _, slug := range Slugs(dist) {
		out = append(out, "/lessons/"+slug, "/embed/"+slug)
		if !widgets {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dist, "web", "lessons", lesson.LessonFile(slug)))
		if err != nil {
			continue
		}
		var l lesson.Lesson
		if json.Unmarshal(b, &l) != nil {
			continue
		}
		for _, blk := range l.Blocks {
			if blk.Kind == lesson.KindWidget && embedRoute.MatchString("/embed/"+slug+"/"+blk.ID) {
				out = append(out, "/embed/"+slug+"/"+blk.ID)
			}
		}
	}
	return out
}

// PagePaths lists every page route, single-widget embeds included (the static
// export pre-renders each of them).
func PagePaths(dist string) []string { return pagePaths(dist, true) }
