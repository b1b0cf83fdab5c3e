//go:build !js && !wasip1

package infer

import (
	"os/exec"
	"strings"
	"testing"
)

// TestUIPackagesStayStdlibOnly: the UI binary imports infer, modelfile, formula,
// estimator, spec and linalg, so they may depend only on the standard library,
// on each other and on kernel (whose loops infer runs; kernel is stdlib only).
func TestUIPackagesStayStdlibOnly(t *testing.T) {
	pkgs := []string{"latentlab/core/infer", "latentlab/core/modelfile", "latentlab/core/formula", "latentlab/core/estimator",
		"latentlab/core/spec", "latentlab/core/linalg"}
	args := append([]string{"list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}"}, pkgs...)
	out, err := exec.Command("go", args...).CombinedOutput()
	if err != nil {
		t.Skipf("go list unavailable: %v\n%s", err, out)
	}
	allowed := map[string]bool{"latentlab/core/kernel": true}
	for _, p := range pkgs {
		allowed[p] = true
	}
	for _, dep := range strings.Fields(string(out)) {
		if !allowed[dep] {
			t.Errorf("UI-side core package depends on %s (only stdlib and %v allowed)", dep, pkgs)
		}
	}
}
