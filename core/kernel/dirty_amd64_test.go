//go:build goexperiment.simd && amd64

package kernel

import (
	"simd/archsimd"
	"testing"
)

var dirtySink [8]float32

// dirtyUpper writes a 256-bit register and returns without VZEROUPPER,
// leaving the upper halves of the vector registers dirty as the runtime
// does when it restores the full YMM or ZMM registers after an
// asynchronous preemption (simd_amd64.go).
//
//go:noinline
func dirtyUpper() {
	v := archsimd.BroadcastFloat32x8(1)
	v.Add(v).Store(dirtySink[:])
}

// BenchmarkDirtyUpper times the SIMD bodies whose loops mix AVX with the
// compiler's legacy-SSE spills or scalar code, entered with the upper
// halves clean and dirty. Before clearUpper the dirty R1 products took
// 350–384 ms against 2.4–58 ms (one run, load ~5); the two columns should
// now match within noise.
func BenchmarkDirtyUpper(b *testing.B) {
	if !useSIMD {
		b.Skip("no AVX2: the scalar kernels run")
	}
	type body struct {
		name string
		run  func()
	}
	var bodies []body
	for _, g := range gemmBenches {
		a, bb, c := make([]float32, g.m*g.k), make([]float32, g.k*g.n), make([]float32, g.m*g.n)
		bodies = append(bodies, body{"Gemm" + g.name, func() { gemm(g.op, g.m, g.n, g.k, a, bb, c) }})
	}
	logits, x, grad := make([]float32, 100*784), make([]float32, 100*784), make([]float32, 100*784)
	for i := range logits {
		logits[i] = float32(i%17)/4 - 2
		x[i] = float32(i % 2)
	}
	bodies = append(bodies,
		body{"BernoulliNLL", func() { BernoulliNLL(grad, logits, x, 0.01) }},
		body{"SigmoidAll", func() { copy(grad, logits); SigmoidAll(grad) }})
	w, y, bias, in := make([]float32, 784*256), make([]float32, 784), make([]float32, 784), make([]float32, 256)
	bodies = append(bodies, body{"MatVec", func() { MatVec(y, w, in, bias) }})
	for _, bd := range bodies {
		b.Run(bd.name+"/clean", func(b *testing.B) {
			for range b.N {
				archsimd.ClearAVXUpperBits()
				bd.run()
			}
		})
		b.Run(bd.name+"/dirty", func(b *testing.B) {
			for range b.N {
				dirtyUpper()
				bd.run()
			}
		})
	}
}
