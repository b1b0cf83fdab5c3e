//go:build goexperiment.simd && wasm

package kernel

// useSIMD: every engine that runs a SIMD build has WebAssembly SIMD128 (the
// page loads this build only after validating a SIMD module).
const useSIMD = true

// Build names the kernels in use: "wasm SIMD128".
func Build() string { return "wasm SIMD128" }

// clearUpper does nothing under wasm: the engine (V8) picks the encodings,
// and WebAssembly has no partial vector-register state (simd_amd64.go).
func clearUpper() {}
