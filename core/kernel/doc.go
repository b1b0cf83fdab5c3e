// Package kernel holds the engine's hot loops: register-blocked float32 matrix
// products for dense layers, a sparse-input product for the first layer, the
// element-wise loops of a training step (activations, bias gradients, Adam,
// the Bernoulli loss), each with a scalar and a SIMD body, and deterministic
// element-wise math.
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
// # Two builds, one result
//
// Built with GOEXPERIMENT=simd for GOARCH=wasm (WebAssembly SIMD128) or
// amd64 (AVX2 processors), the products, the sparse product, the
// element-wise loops of vector.go and BernoulliNLL run SIMD bodies written
// with simd/archsimd's 4-lane float32 vectors (gemm_simd.go, sparse_simd.go,
// vector_simd.go, bce_simd.go). Otherwise, and on a processor without AVX2,
// the scalar bodies run; they are also the SIMD bodies' test oracle. Build
// reports which.
//
// Both compute every element with the same float32 operations in the same
// order: the SIMD products vectorise across columns of C, so each C[i,j] is
// still one float32 sum in increasing k; multiplies and adds are rounded
// separately (no fused multiply-add: GOAMD64=v1, wasm, and archsimd's
// explicit Mul and Add); the square root and division are IEEE's, correctly
// rounded. So the scalar and SIMD builds, natively and under js/wasm, give
// the same bits, and one golden trace (core/model/testdata/losses.golden)
// pins all four. The element-wise functions (Exp, Log, …) are computed here
// rather than by the math package, whose amd64 assembly may differ from its
// portable code in the last bit.
//
// The trainer runs in a browser Web Worker (GOOS=js GOARCH=wasm). float32
// halves memory and bandwidth against float64, and the kernel experiment in
// ARCHITECTURE.md (register-blocked float32 micro-kernels: 150 ms → 32 ms
// for the six large products of one R1 step) showed it is where the speed
// is. Go's wasm has no threads that run in parallel, so gonum's Gemm (which
// starts goroutines) only adds overhead there. Because the order of a sum never depends on the
// blocking, skipping exact zeros (SparseNN) gives the same bits as the
// dense product.
//
// # Measured
//
// On the shared 2-core development machine (noisy: best of many rounds,
// figures as ratios within one run). Scalar kernel: the R1 decoder's
// products of 20 M multiply-adds, about 8 ms natively and 14–15 ms under
// Node (≈ 2.5 and 1.4 GMAC/s). SIMD kernel (make bench, kernel benchmarks):
// 3.0–3.1 ms for each of the three under Node (6.5 GMAC/s, 2.5–6× the
// scalar kernel in the same run) and 2.1–3.4 ms natively with AVX2
// (6–10 GMAC/s). Under wasm the products are bound by the micro-kernel's
// instructions, not by memory: loop orders, a depth-blocked variant and
// 3×8, 4×4, 2×8, 5×4, 6×4 blocks with one to four steps per iteration were
// no faster. Go's scheduler computes a block's products before its last
// adds, so larger register blocks spill, and a loop back-edge costs about a
// dozen vector operations under wasm, so short SIMD loops gain from longer
// bodies (MatVec: 241 → 63 µs going from 8 to 32 inputs per iteration).
// The sparse first-layer product on MNIST-like input does 19% of the dense
// work; the sparse SIMD kernel runs at about half the dense one's rate per
// multiply-add under wasm, so skipping zeros pays below ~35% density there
// (below ~60% natively).
//
// Shape mistakes are programming errors and panic, as in gonum.
package kernel
