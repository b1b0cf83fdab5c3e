//go:build !wasm

package page

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// ExportStatic writes the whole site into out: one pre-rendered HTML file per
// page route (catalog, about, each lesson, each lesson and widget embed, 404),
// go-app's files, and a copy of dist/web. Any static file host can serve it.
func ExportStatic(dist, out string) error {
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	pages := append(PagePaths(dist), "/404")
	if err := app.GenerateStaticWebsite(out, Handler(dist), pages...); err != nil {
		return fmt.Errorf("static export: %w", err)
	}
	if err := copyTree(filepath.Join(dist, "web"), filepath.Join(out, "web")); err != nil {
		return fmt.Errorf("static export: copy assets: %w", err)
	}
	// The Go toolchain's wasm_exec.js (matching app.wasm), not go-app's copy.
	if err := copyFile(filepath.Join(dist, "web", "wasm_exec.js"), filepath.Join(out, "wasm_exec.js")); err != nil {
		return fmt.Errorf("static export: %w", err)
	}
	fmt.Printf("static site: %d pages in %s\n", len(pages), out)
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
