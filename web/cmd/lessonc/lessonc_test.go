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
