//go:build goexperiment.simd && amd64

package kernel

import "simd/archsimd"

// useSIMD reports whether the processor runs the SIMD kernels, which use
// AVX encodings and AVX2 broadcasts of 128-bit vectors.
var useSIMD = archsimd.X86.AVX2()

// Build names the kernels in use: "amd64 SIMD (AVX2, 128-bit)", or
// "scalar" on a processor without AVX2.
func Build() string {
	if useSIMD {
		return "amd64 SIMD (AVX2, 128-bit)"
	}
	return "scalar"
}

// clearUpper clears the upper halves of the vector registers (VZEROUPPER).
// The SIMD bodies call it on entry and, when long, every few hundred
// elements. Go's runtime, in a GOEXPERIMENT=simd build on an AVX2 or
// AVX-512 processor, restores the full YMM or ZMM registers after an
// asynchronous preemption (the signal sysmon sends a goroutine that has run
// 10 ms without yielding), which leaves their upper halves dirty; the
// compiler spills 128-bit vectors with legacy-SSE MOVUPS and Go's scalar
// float code is SSE too, and on processors that switch state between
// legacy SSE and AVX with dirty upper halves every switch costs tens of
// cycles. With no VZEROUPPER anywhere on the training path the state stayed
// dirty to the end of the run: the 4×8 micro-kernel, whose loop mixes the
// two, ran 100–150× slower (issue 17: R3, whose steps outlast 10 ms, at
// 3,029 ms per step natively; BenchmarkGemmDirtyUpper reproduces it).
func clearUpper() { archsimd.ClearAVXUpperBits() }
