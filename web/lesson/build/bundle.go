package build

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"latentlab/web/lesson"
)

// Write stores the bundle in dir: index.json and one {slug}.json per lesson.
// Other .json files in dir (lessons that were renamed or removed) are
// deleted, so the folder always matches the lessons. Files whose content did
// not change are left alone (a dev server's caches stay warm).
func Write(dir string, r *Result) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write lesson bundle: %w", err)
	}
	keep := map[string]bool{lesson.IndexFile: true}
	if err := writeJSON(filepath.Join(dir, lesson.IndexFile), r.Index); err != nil {
		return err
	}
	for i := range r.Lessons {
		name := lesson.LessonFile(r.Lessons[i].Meta.Slug)
		keep[name] = true
		if err := writeJSON(filepath.Join(dir, name), &r.Lessons[i]); err != nil {
			return err
		}
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("write lesson bundle: %w", err)
	}
	for _, e := range ents {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".json") && !keep[e.Name()] {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
	return nil
}

func writeJSON(path string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", path, err)
	}
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, b) {
		return nil
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return os.Rename(tmp, path)
}

// CopyAssets copies KaTeX's stylesheet (katex.min.css) and its woff2 fonts
// into dst (served as /web/katex/), the only files the pages need: every
// browser that runs WebAssembly reads woff2.
func (k *KaTeX) CopyAssets(dst string) error {
	src := k.Assets()
	if err := os.MkdirAll(filepath.Join(dst, "fonts"), 0o755); err != nil {
		return err
	}
	if err := copyFile(filepath.Join(src, "katex.min.css"), filepath.Join(dst, "katex.min.css")); err != nil {
		return err
	}
	fonts, err := filepath.Glob(filepath.Join(src, "fonts", "*.woff2"))
	if err != nil || len(fonts) == 0 {
		return fmt.Errorf("copy KaTeX fonts: none found in %s", src)
	}
	for _, f := range fonts {
		if err := copyFile(f, filepath.Join(dst, "fonts", filepath.Base(f))); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("copy asset: %w", err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return fmt.Errorf("copy asset: %w", err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copy asset %s: %w", src, err)
	}
	return out.Close()
}
