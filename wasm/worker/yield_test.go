package worker

import (
	"math/rand/v2"
	"slices"
	"testing"

	"latentlab/core/analysis"
	"latentlab/core/spec"
	"latentlab/wasm/protocol"
)

// pausingVAE is a worker with a small MNIST VAE in slot "v" whose requests
// pause at every yield (period 0); *pauses counts the pauses.
func pausingVAE(t *testing.T) (w *Worker, pauses *int) {
	w = New(Engine{}, mnistFetch(t))
	pauses = new(int)
	w.pause, w.yieldPeriod = func() { *pauses++ }, 0
	cfg := spec.Default(spec.VAE)
	cfg.Hidden, cfg.Latent = []int{16}, 2
	mustCall(t, w, protocol.Create, "v", &protocol.CreateBody{Model: cfg, Data: protocol.DataConfig{Source: "mnist"}}, nil, nil)
	return w, pauses
}

// randomRows returns n rows of dim values in [0, 1).
func randomRows(n, dim int) []float32 {
	rng := rand.New(rand.NewPCG(uint64(n), uint64(dim)))
	x := make([]float32, n*dim)
	for i := range x {
		x[i] = rng.Float32()
	}
	return x
}

// Every request that can run long yields to the event loop while it works
// (here at every chance: period 0), and a request handled block by block
// replies what the whole batch gives.
func TestLongRequestsYield(t *testing.T) {
	w, pauses := pausingVAE(t)
	const n = 3*blockRows + 8 // four blocks: three yields
	inputs, codes := randomRows(n, 784), randomRows(n, 2)
	all := protocol.EncodeBody{Inputs: true}
	for _, c := range []struct {
		typ  string
		body any
		f    []float32
		min  int
	}{
		{protocol.Train, &protocol.TrainBody{Steps: 3, EvalEvery: 1, EvalN: 30}, nil, 5}, // between steps, before each evaluation
		{protocol.Encode, &all, inputs, 3},
		{protocol.Reconstruct, &all, inputs, 3},
		{protocol.Decode, &protocol.DecodeBody{}, codes, 3},
		{protocol.Score, &protocol.ScoreBody{EncodeBody: all}, inputs, 6}, // reconstruct, then encode
		{protocol.Contraction, &protocol.ContractionBody{Sigmas: []float64{0.1, 0.2, 0.3}, Count: 10, Draws: 1}, nil, 2},
		{protocol.Classify, &protocol.ClassifyBody{Features: "pixels", Labelled: []int{10}, Unlabelled: 50}, nil, 1},
	} {
		*pauses = 0
		mustCall(t, w, c.typ, "v", c.body, c.f, nil)
		if *pauses < c.min {
			t.Errorf("%s paused %d times, want at least %d", c.typ, *pauses, c.min)
		}
	}
	net := w.slots["v"].net()
	wantMu, wantSigma, err := analysis.Encode(net, inputs)
	if err != nil {
		t.Fatal(err)
	}
	wantRec, _ := analysis.Reconstruct(net, inputs)
	wantDec := compiledDecode(net, codes)
	if got := mustCall(t, w, protocol.Encode, "v", &all, inputs, nil); !slices.Equal(got, append(wantMu, wantSigma...)) {
		t.Error("encode in blocks differs from encoding the batch")
	}
	if got := mustCall(t, w, protocol.Reconstruct, "v", &all, inputs, nil); !slices.Equal(got[n*784:], wantRec) {
		t.Error("reconstruct in blocks differs from reconstructing the batch")
	}
	if got := mustCall(t, w, protocol.Decode, "v", &protocol.DecodeBody{}, codes, nil); !slices.Equal(got, wantDec) {
		t.Error("decode in blocks differs from decoding the batch")
	}
}
