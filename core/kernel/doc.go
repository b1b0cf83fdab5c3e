// Package kernel holds the engine's hot loops: register-blocked float32 matrix
// products for dense layers, a sparse-input product for the first layer, and
// deterministic element-wise math.
//
// All matrices are dense, row-major float32 slices. The products accumulate:
//
//	GemmNN:   C += A·B     A m×k, B k×n, C m×n
//	GemmNT:   C += A·Bᵀ    A m×k, B n×k, C m×n
//	GemmTN:   C += Aᵀ·B    A k×m, B k×n, C m×n
//	SparseNN: C += S·B     S m×k in CSR form, B k×n, C m×n
//
// so a caller fuses a bias by filling C with it first.
//
// # Why float32, pure Go and no goroutines
//
// The trainer runs in a browser Web Worker (GOOS=js GOARCH=wasm). float32
// halves memory and bandwidth against float64, and the kernel experiment in
// ARCHITECTURE.md (register-blocked float32 micro-kernels: 150 ms → 32 ms for the six
// large products of one R1 step) showed it is where the speed is. Go's wasm
// backend has no SIMD and no threads that run in parallel, so gonum's Gemm
// (which starts goroutines) only adds overhead there. Pure Go without assembly
// also makes results bit-identical natively and under js/wasm: every C[i,j] is
// accumulated by a single float32 sum in increasing k order, with no fused
// multiply-add (GOAMD64=v1 and wasm both round every product), and the
// element-wise functions (Exp, Log, …) are computed here rather than by the
// math package, whose amd64 assembly may differ from its portable code in the
// last bit.
//
// Because the order of the sum never depends on the blocking, skipping exact
// zeros (SparseNN) gives the same bits as the dense product.
//
// # Measured
//
// CPU time per call on the shared 2-core development machine (noisy; median
// of runs, from go run ./core/cmd/benchcmp and the benchmarks here), the
// R1 decoder's products of 20 M multiply-adds each: about 8 ms natively and
// 14–15 ms under Node (≈ 1.4 and 2.5 GMAC/s; ratio 1.7–1.9). The sparse
// first-layer product on MNIST-like input does 19% of the dense work. A
// 4×4 register block spilled on amd64 (Go keeps X15 zero) and was 2× slower
// natively; unpacked and un-unrolled variants were 20–40% slower under wasm,
// where every loop back-edge costs a jump-table dispatch.
//
// Shape mistakes are programming errors and panic, as in gonum.
package kernel
