//go:build !js && !wasip1

package codegen_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestGonumFree: the code generator and the weight export are for the UI
// binary too, so they depend on the standard library and on gonum-free core
// packages only: spec for the Config and infer for the network (with the
// kernel loops it runs), never the training code (core/model, core/nn),
// which must stay out of app.wasm.
func TestGonumFree(t *testing.T) {
	pkgs := []string{"latentlab/core/codegen", "latentlab/core/torchio", "latentlab/core/safetensors"}
	args := append([]string{"list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}"}, pkgs...)
	out, err := exec.Command("go", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	allowed := map[string]bool{"latentlab/core/spec": true, "latentlab/core/infer": true,
		"latentlab/core/kernel": true} // infer's loops, stdlib only
	for _, p := range pkgs {
		allowed[p] = true
	}
	for _, dep := range strings.Fields(string(out)) {
		if !allowed[dep] {
			t.Errorf("%s depends on %s (allowed: the standard library and %v)", strings.Join(pkgs, ", "), dep, allowed)
		}
	}
	out, err = exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", "latentlab/core/safetensors").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	if got := strings.Fields(string(out)); len(got) != 1 {
		t.Errorf("core/safetensors must be stdlib-only, it depends on %v", got)
	}
}
