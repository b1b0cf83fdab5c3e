//go:build !js

package protocol

import (
	"os/exec"
	"strings"
	"testing"
)

// The protocol and the UI client are linked into the UI binary (app.wasm):
// they must stay free of gonum and of the training engine, and the protocol
// must not import syscall/js (under js the standard library itself does, so
// that is checked on the package's own imports).
func TestLayering(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	for _, c := range []struct {
		pkg    string
		goos   string
		banned []string
	}{
		{"latentlab/wasm/protocol", "js", []string{"gonum.org/", "latentlab/core/model", "latentlab/core/nn", "latentlab/core/data"}},
		{"latentlab/web/engine", "js", []string{"gonum.org/", "latentlab/core/model", "latentlab/core/nn", "latentlab/wasm/worker"}},
		{"latentlab/web/engine", "linux", []string{"gonum.org/", "latentlab/core/model"}},
	} {
		cmd := exec.Command("go", "list", "-deps", c.pkg)
		cmd.Env = append(cmd.Environ(), "GOOS="+c.goos, "GOARCH=wasm")
		if c.goos == "linux" {
			cmd.Env = append(cmd.Environ(), "GOARCH=amd64")
		}
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list %s: %v", c.pkg, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, b := range c.banned {
				if strings.HasPrefix(dep, b) {
					t.Errorf("%s (GOOS=%s) depends on %s", c.pkg, c.goos, dep)
				}
			}
		}
	}
	out, err := exec.Command("go", "list", "-f", "{{join .Imports \" \"}}", "latentlab/wasm/protocol").Output()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "syscall/js") {
		t.Errorf("wasm/protocol imports syscall/js: %s", out)
	}
}
