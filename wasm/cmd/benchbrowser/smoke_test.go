//go:build !js

package main

import (
	"testing"
	"time"
)

// TestWorkerInChromium builds engine.wasm and drives the real worker (shim,
// wasm_exec.js, engine.wasm) through the protocol in headless Chromium: hello,
// create, train, decode, snapshot, save, load, grid, a bad message, and a
// worker whose engine.wasm is missing (which must report the failure).
// Chromium missing is a failure naming the install command, not a skip.
func TestWorkerInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("builds engine.wasm and starts Chromium")
	}
	if err := run("", "/usr/bin/chromium", 0, 0, nil, false, true, 3*time.Minute); err != nil {
		t.Fatal(err)
	}
}
