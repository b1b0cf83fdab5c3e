package engine

import (
	"strings"

	"latentlab/wasm/protocol"
)

// Build is what the engine worker says of itself in its "ready" reply: the
// engine's version with the kernels it was compiled with, and its Go.
type Build struct {
	Engine string // e.g. "latentlab-engine/1 (core/model float32) wasm SIMD128 kernels"
	Go     string // runtime.Version() of the engine build
}

// SIMD reports whether the engine runs WebAssembly SIMD kernels (the
// engine.wasm build) rather than the scalar build for browsers without it.
func (b Build) SIMD() bool { return strings.Contains(b.Engine, "SIMD") }

// Kernels names the build in a student's words.
func (b Build) Kernels() string { return BuildName(b.SIMD()) }

// BuildName names the SIMD or the scalar build in a student's words.
func BuildName(simd bool) string {
	if simd {
		return "WebAssembly SIMD (engine.wasm)"
	}
	return "scalar, for browsers without WebAssembly SIMD (engine-scalar.wasm)"
}

// Describe asks the shared engine worker which build it runs, when a widget
// has started it (ok is false otherwise: a page without training widgets
// never starts the engine, and then SIMDSupported says which build this
// browser would load). done runs on the JS event loop: a go-app component
// dispatches from it.
func Describe(done func(Build, error)) (ok bool) {
	c := Shared()
	if c.Generation() == 0 || c.Crashed() != nil {
		return false
	}
	c.Describe(done)
	return true
}

// simdProbe is the module engine-worker.js validates to pick the SIMD build
// (one function returning i8x16.splat(0)); TestSIMDProbeMatchesTheWorker
// keeps the two copies equal.
var simdProbe = []byte{
	0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
	0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () → v128
	0x03, 0x02, 0x01, 0x00, // function section: one, type 0
	0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0xfd, 0x0f, 0x0b, // code
}

// Describe asks c's worker which build it runs.
func (c *Client) Describe(done func(Build, error)) {
	c.Do("", 0, protocol.Hello, &protocol.HelloBody{Client: "describe"}, nil, func(r protocol.Message, _ []float32) {
		var b protocol.ReadyBody
		err := r.Err()
		if err == nil {
			err = r.DecodeBody(&b)
		}
		done(Build{Engine: b.Engine, Go: b.GoVersion}, err)
	})
}
