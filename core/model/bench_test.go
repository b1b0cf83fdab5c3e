package model

import (
	"testing"

	"latentlab/core/spec"

	"latentlab/core/infer"
)

// The reference workloads of ARCHITECTURE.md: float32, Adam lr 1e-3,
// Glorot-uniform, MNIST pixels in [0,1] (real MNIST from the GoMNIST module
// when the module cache has it, else synthetic sparse images; the benchmark
// logs which). Each op is one training step; ms/step is reported.
func benchPreset(b *testing.B, name string) {
	c, err := spec.Preset(name)
	if err != nil {
		b.Fatal(err)
	}
	x, real := mnistOrSynthetic(b, 2000)
	if !real {
		b.Log("GoMNIST not found: using synthetic sparse images")
	}
	tr, err := New(c, x)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 3; i++ { // warm up buffers
		if _, err := tr.Step(); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := tr.Step(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/step")
}

// BenchmarkR1 is the VAE-2D: 784 → 256 ReLU → (μ[2], log σ²[2]) → 256 ReLU
// → 784 sigmoid, Bernoulli + KL, batch 100.
func BenchmarkR1(b *testing.B) { benchPreset(b, "r1") }

// BenchmarkR2 is the CAE: 784 → 128 sigmoid → 784 sigmoid, BCE + λ‖J‖²_F
// with λ = 0.1, batch 100.
func BenchmarkR2(b *testing.B) { benchPreset(b, "r2") }

// BenchmarkR3 is the wide VAE-16: 784 → 512 ReLU → (μ[16], log σ²[16]) →
// 512 ReLU → 784 sigmoid, batch 128.
func BenchmarkR3(b *testing.B) { benchPreset(b, "r3") }

// BenchmarkD1 decodes one latent point with the R1 decoder prepared for
// decoding (infer.Compile of a snapshot: each layer a sum of the weight rows
// of its non-zero inputs, so the hidden ReLU units that are zero cost
// nothing), what the engine's D1 workload times.
func BenchmarkD1(b *testing.B) {
	net := benchDecoder(b)
	dec := infer.Compile(net.Decoder)
	dst := make([]float32, 784)
	z := []float32{0.5, -1}
	dec.Forward(dst, z)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		z[0] = float32(i%100) / 50
		dec.Forward(dst, z)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1e6/float64(b.N), "ms/op")
}

// BenchmarkD1r is BenchmarkD1 through the snapshot's row products
// (Network.DecodeInto with a warmed Workspace: one dot product of all 256
// hidden units per pixel); the page's VAE widgets decode in D1's column
// form, with the scalar kernels.
func BenchmarkD1r(b *testing.B) {
	net := benchDecoder(b)
	var ws infer.Workspace
	dst := make([]float32, 784)
	z := []float32{0.5, -1}
	net.DecodeInto(&ws, dst, z)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		z[0] = float32(i%100) / 50
		net.DecodeInto(&ws, dst, z)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1e6/float64(b.N), "ms/op")
}

// benchDecoder returns a snapshot of a freshly initialised R1 model.
func benchDecoder(b *testing.B) infer.Network {
	c, _ := spec.Preset("r1")
	x, _ := mnistOrSynthetic(b, 200)
	tr, err := New(c, x)
	if err != nil {
		b.Fatal(err)
	}
	return tr.Snapshot()
}
