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
