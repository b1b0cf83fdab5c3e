package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"latentlab/web/lesson/build"
)

// TestLessonsLintClean compiles the real lessons/ folder with every
// registered widget and the real KaTeX: the same check as `lessonc -lint
// lessons`, run by `go test ./web/...` in make test.
func TestLessonsLintClean(t *testing.T) {
	k, err := build.FindKaTeX()
	if err != nil {
		t.Fatalf("%v\n(from the repository root run `npm ci --prefix web`)", err)
	}
	dir := filepath.Join("..", "..", "..", "lessons")
	r, err := build.Compile(dir, k)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range r.Problems {
		t.Errorf("%s", strings.TrimPrefix(p.String(), "../../../"))
	}
	found := false
	for _, m := range r.Index.Lessons {
		found = found || m.Slug == "dae"
	}
	if !found {
		t.Error("lesson dae missing from the index")
	}
	if err := build.Write(t.TempDir(), r); err != nil {
		t.Fatal(err)
	}
}

// TestWidgetsMarkdown checks the generated reference lists every widget.
func TestWidgetsMarkdown(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "ref")
	if err != nil {
		t.Fatal(err)
	}
	build.WidgetsMarkdown(f)
	f.Close()
	b, _ := os.ReadFile(f.Name())
	for _, w := range []string{"sensitivity-meter", "mnist-features"} {
		if !strings.Contains(string(b), "`"+w+"`") {
			t.Errorf("widget %s missing from -widgets-md output", w)
		}
	}
}

// TestLintOutput checks the CLI contract: one "FILE:LINE: message" line per
// problem and exit status 1.
func TestLintOutput(t *testing.T) {
	k, err := build.FindKaTeX()
	if err != nil {
		t.Fatalf("%v\n(from the repository root run `npm ci --prefix web`)", err)
	}
	dir := t.TempDir()
	bad := "---\ntitle: Bad\nslug: bad\norder: 1\nsummary: s\nobjectives: [x]\nminutes: 1\n---\n\n```widget no-such-widget\nid: w\n```\n"
	if err := os.WriteFile(filepath.Join(dir, "bad.md"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if code := runLint(dir, k, &out); code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	want := filepath.Join(dir, "bad.md") + ":10: unknown widget \"no-such-widget\""
	if !strings.HasPrefix(out.String(), want) || strings.Count(out.String(), "\n") != 1 {
		t.Errorf("output %q, want one line starting %q", out.String(), want)
	}
	if code := runLint(filepath.Join("..", "..", "..", "lessons"), k, &out); code != 0 {
		t.Errorf("lessons/ does not lint clean")
	}
}
