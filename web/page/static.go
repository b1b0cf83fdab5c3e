//go:build !wasm

package page

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"

	"latentlab/web/server"
	"latentlab/web/site"
)

// ExportStatic writes the whole site into out for a static host that serves
// it at the base path base ("" or "/" for a domain root, "/latent-lab/" for
// a sub-path): every page pre-rendered by the real server (catalog, about,
// each lesson, each lesson embed, each widget and quiz embed, 404.html),
// the loader, the offline worker, go-app's manifest and styles, and a copy
// of dist/web. A page is written as name.html, which static hosts serve at
// /name too; a lesson embed also as embed/slug/index.html, so /embed/slug/
// works on hosts that redirect a folder's name to the folder.
func ExportStatic(dist, out, base string) error {
	if _, ok := site.CleanBase(base); !ok {
		return fmt.Errorf("static export: %q is not a base path like /latent-lab/", base)
	}
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	s := NewSite(dist, Options{Base: base, Static: true})
	h := server.New(server.Config{Dir: dist, App: s, Known: Known, NotFoundPath: "/404"})
	if err := copyTree(filepath.Join(dist, "web"), filepath.Join(out, "web")); err != nil {
		return fmt.Errorf("static export: copy assets: %w", err)
	}
	for _, f := range []string{"/app.js", "/app-worker.js", "/manifest.webmanifest", "/app.css", "/wasm_exec.js"} {
		if err := exportURL(h, f, http.StatusOK, out, f); err != nil {
			return err
		}
	}
	pages := append(PagePaths(dist), "/404")
	for _, route := range pages {
		want := http.StatusOK
		if route == "/404" {
			want = http.StatusNotFound
		}
		if err := exportURL(h, route, want, out, pageFile(route)); err != nil {
			return err
		}
		if embedRoute.MatchString(route) && strings.Count(route, "/") == 2 {
			if err := exportURL(h, route, want, out, route+"/index.html"); err != nil {
				return err
			}
		}
	}
	fmt.Printf("static site: %d pages in %s, served at %s/\n", len(pages), out, site.Base())
	return nil
}

// exportURL writes what h answers for path into out/file; any other status
// than want is an error.
func exportURL(h http.Handler, path string, want int, out, file string) error {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	if rec.Code != want {
		return fmt.Errorf("static export: %s answered %d, want %d", path, rec.Code, want)
	}
	dst := filepath.Join(out, filepath.FromSlash(strings.TrimPrefix(file, "/")))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(dst, rec.Body.Bytes(), 0o644); err != nil {
		return fmt.Errorf("static export: %w", err)
	}
	return nil
}

func copyTree(src, dst string) error {
	return filepath.Walk(src, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if fi.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if strings.HasSuffix(p, ".test") {
			return nil
		}
		return copyFile(p, target)
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	fi, _ := in.Stat()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Chtimes(dst, fi.ModTime(), fi.ModTime())
}
