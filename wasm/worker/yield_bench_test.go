package worker

import (
	"testing"

	"latentlab/core/spec"
	"latentlab/wasm/protocol"
)

// BenchmarkLongRequests times each request that computes over many points
// on the biggest input the lessons allow: the trainer's widest VAE
// (784–512–16, batch 512) on an MNIST-sized subset (10,000 training and
// 2,000 held-out digits). Those that take more than a fraction of the
// page's 8 s watchdog (natively, let alone in a loaded browser) yield
// (yield.go). Run with -bench LongRequests -benchtime 1x.
func BenchmarkLongRequests(b *testing.B) {
	w := New(Engine{}, syntheticFetch(b, 10000, 2000))
	cfg := spec.Default(spec.VAE)
	cfg.Hidden, cfg.Latent, cfg.Batch = []int{512}, 16, 512
	mustCall(b, w, protocol.Create, "v", &protocol.CreateBody{Model: cfg, Data: protocol.DataConfig{Source: "mnist"}}, nil, nil)
	heldOut := protocol.EncodeBody{Split: "test", Count: 2000}
	for _, r := range []struct {
		name, typ string
		body      any
		f         []float32
	}{
		{"train-5-steps-eval-2000", protocol.Train, &protocol.TrainBody{Steps: 5, EvalEnd: true, EvalN: 2000}, nil},
		{"encode-2000", protocol.Encode, &heldOut, nil},
		{"reconstruct-2000", protocol.Reconstruct, &heldOut, nil},
		{"score-2000-corrupted", protocol.Score, &protocol.ScoreBody{EncodeBody: heldOut, Top: maxTop, Corrupt: "noise"}, nil},
		{"decode-20000", protocol.Decode, &protocol.DecodeBody{}, randomRows(maxPoints, 16)},
		{"grid-40", protocol.Grid, &protocol.GridBody{N: maxGridN}, nil},
		{"sample-1024", protocol.Sample, &protocol.SampleBody{N: maxSamples}, nil},
		{"contraction-2000x2-2σ", protocol.Contraction, &protocol.ContractionBody{Count: 2000, Draws: 2, Sigmas: []float64{0.1, 0.3}}, nil},
		{"classify-pixels-1000", protocol.Classify, &protocol.ClassifyBody{Features: "pixels", Labelled: []int{10, 100, 1000}, Decay: 0.01}, nil},
		{"jacobian", protocol.Jacobian, &protocol.JacobianBody{}, nil},
		{"save", protocol.Save, struct{}{}, nil},
	} {
		b.Run(r.name, func(b *testing.B) {
			for b.Loop() {
				mustCall(b, w, r.typ, "v", r.body, r.f, nil)
			}
		})
	}
}
