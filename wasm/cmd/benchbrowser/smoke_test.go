//go:build !js

package main

import (
	"testing"
	"time"
)

// TestWorkersInChromium builds both engines (engine.wasm with SIMD,
// engine-scalar.wasm without) and drives each real worker (shim,
// wasm_exec.js, engine) through the protocol in headless Chromium: hello (the
// ready reply names the build's kernels), create, train (the same losses as
// native code, bit for bit), decode, snapshot, save, load, grid, a bad
// message, and a worker whose engine is missing (which must report the
// failure); then web/engine's client against the real worker. Chromium
// missing is a failure naming the install command, not a skip.
func TestWorkersInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("builds both engines and starts Chromium")
	}
	o := options{chromium: "/usr/bin/chromium", smokeOnly: true, timeout: 4 * time.Minute}
	if err := run(o); err != nil {
		t.Fatal(err)
	}
}
