package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// goList returns the dependencies of pkgs (as `go list -deps`) for a target.
func goList(t *testing.T, goos, goarch string, pkgs ...string) []string {
	return goListFormat(t, goos, goarch, "{{.ImportPath}}", pkgs...)
}

// goListFormat is `go list -deps -f format pkgs`, one line per package.
func goListFormat(t *testing.T, goos, goarch, format string, pkgs ...string) []string {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list", "-deps", "-f", format}, pkgs...)...)
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps %s (%s/%s): %v\n%s", strings.Join(pkgs, " "), goos, goarch, err, out)
	}
	return strings.Split(strings.TrimSpace(string(out)), "\n")
}

// TestLayering enforces the layers of ARCHITECTURE.md: core/ knows nothing of the
// browser or the UI; the UI binary (app.wasm) carries no gonum and only the
// small, gonum-free core packages.
func TestLayering(t *testing.T) {
	if _, err := os.Stat(filepath.Join("..", "go.mod")); err != nil {
		t.Skip("not run from the repository")
	}
	// Under js/wasm the standard library itself uses syscall/js, so check
	// what each non-standard package imports directly.
	for _, target := range [][2]string{{"linux", "amd64"}, {"js", "wasm"}} {
		for _, line := range goListFormat(t, target[0], target[1], `{{.ImportPath}} {{.Standard}} {{join .Imports " "}}`, "./core/...") {
			f := strings.Fields(line)
			if len(f) < 2 || f[1] == "true" {
				continue
			}
			for _, dep := range f[2:] {
				if dep == "syscall/js" || strings.HasPrefix(dep, "github.com/maxence-charriere/go-app") ||
					strings.HasPrefix(dep, "latentlab/web") || strings.HasPrefix(dep, "latentlab/wasm") {
					t.Errorf("core/ (%s/%s): %s imports %s", target[0], target[1], f[0], dep)
				}
			}
		}
		for _, dep := range goList(t, target[0], target[1], "./core/...") {
			if strings.HasPrefix(dep, "github.com/maxence-charriere/go-app") {
				t.Errorf("core/ (%s/%s) depends on %s", target[0], target[1], dep)
			}
		}
	}
	allowedCore := map[string]bool{
		"latentlab/core/infer": true, "latentlab/core/modelfile": true, "latentlab/core/viewfile": true, "latentlab/core/owndata/ownzip": true,
		"latentlab/core/formula": true, "latentlab/core/estimator": true, "latentlab/core/spec": true, "latentlab/core/codegen": true,
		"latentlab/core/linalg": true, "latentlab/core/anomaly": true, "latentlab/core/impute": true,
		"latentlab/core/owndata": true, "latentlab/core/compress": true,
		"latentlab/core/kernel": true, // infer's loops (stdlib only)
	}
	for _, dep := range goList(t, "js", "wasm", "./web") {
		switch {
		case strings.HasPrefix(dep, "gonum.org/"):
			t.Errorf("the UI binary (web, js/wasm) depends on %s", dep)
		case strings.HasPrefix(dep, "latentlab/core/") && !allowedCore[dep]:
			t.Errorf("the UI binary depends on %s; it may use only %v", dep, keys(allowedCore))
		case strings.HasPrefix(dep, "github.com/yuin/goldmark") || strings.HasPrefix(dep, "go.yaml.in/") || strings.HasPrefix(dep, "github.com/chromedp"):
			t.Errorf("the UI binary depends on build-time package %s", dep)
		}
	}
}

// TestWidgetsUseTheEngineClient: widgets talk to the engine through
// web/engine's typed Model handle, never by building protocol messages, so
// no widget package (nor its tests) imports wasm/.
func TestWidgetsUseTheEngineClient(t *testing.T) {
	if _, err := os.Stat(filepath.Join("..", "go.mod")); err != nil {
		t.Skip("not run from the repository")
	}
	lines := goListFormat(t, "js", "wasm", `{{.ImportPath}} {{join .Imports " "}} {{join .TestImports " "}}`, "./web/widget/...")
	if len(lines) < 5 {
		t.Fatalf("go list found only %d widget packages", len(lines))
	}
	for _, line := range lines {
		f := strings.Fields(line)
		if len(f) == 0 || !strings.HasPrefix(f[0], "latentlab/web/widget") {
			continue
		}
		for _, dep := range f[1:] {
			if strings.HasPrefix(dep, "latentlab/wasm/") {
				t.Errorf("%s imports %s: use web/engine's Model instead", f[0], dep)
			}
		}
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
