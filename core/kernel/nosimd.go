//go:build !goexperiment.simd || !(wasm || amd64)

package kernel

// This build has the scalar kernels only (built without GOEXPERIMENT=simd,
// or for an architecture without SIMD kernels here).
const useSIMD = false

// Build names the kernels in use: "scalar".
func Build() string { return "scalar" }

// The SIMD entry points are never called in this build (useSIMD is a
// constant false); they exist so that the dispatching code compiles.

func gemmSIMD(op gemmOp, m, n, k int, a, b, c []float32)                    { panic(noSIMD) }
func sparseRowSIMD(cols []int32, vals, b []float32, n int, c []float32) int { panic(noSIMD) }
func reluSIMD(v []float32) int                                              { panic(noSIMD) }
func maskReLUSIMD(g, y []float32) int                                       { panic(noSIMD) }
func mulSigmoidDerivSIMD(g, y []float32) int                                { panic(noSIMD) }
func mulTanhDerivSIMD(g, y []float32) int                                   { panic(noSIMD) }
func addRowsSIMD(dst, src []float32, rows int) int                          { panic(noSIMD) }
func addSquaredRowsSIMD(dst, src []float32, rows int) int                   { panic(noSIMD) }
func addScaledRowSIMD(d, w, g []float32) int                                { panic(noSIMD) }
func adamSIMD(w, g, m, v []float32, p AdamParams) int                       { panic(noSIMD) }
func matVecSIMD(y, w, x, b []float32) int                                   { panic(noSIMD) }
func sigmoidAllSIMD(v []float32) int                                        { panic(noSIMD) }
func allFiniteSIMD(v []float32) (int, bool)                                 { panic(noSIMD) }
func bceSIMD(grad, a, x []float32, g float32) (int, float64)                { panic(noSIMD) }

const noSIMD = "kernel: no SIMD kernels in this build"
