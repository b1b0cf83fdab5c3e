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
func (b Build) Kernels() string {
	if b.SIMD() {
		return "WebAssembly SIMD (engine.wasm)"
	}
	return "scalar, for browsers without WebAssembly SIMD (engine-scalar.wasm)"
}

// Describe asks the shared engine worker which build it runs (starting the
// worker if no widget has yet). done runs on the JS event loop: a go-app
// component dispatches from it.
func Describe(done func(Build, error)) { Shared().Describe(done) }

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
