package worker

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"latentlab/core/analysis"
	"latentlab/core/infer"
	"latentlab/core/spec"
	"latentlab/wasm/protocol"
)

// compiledDecode decodes the latent rows of z one by one with net's decoder
// compiled afresh.
func compiledDecode(net *infer.Network, z []float32) []float32 {
	dec := infer.Compile(net.Decoder)
	var out []float32
	for r := 0; r < len(z)/net.Latent; r++ {
		out = append(out, dec.Forward(nil, z[r*net.Latent:(r+1)*net.Latent])...)
	}
	return out
}

// TestDecodeRequestsUseTheCompiledDecoder: decode, grid and sample replies
// are the compiled decoder's outputs (infer.Compile, the trainer's batched
// pass bit for bit) for their codes, within float32 rounding of the row
// products, and the decoder compiled for one weights version is not reused
// after a training step changes the weights.
func TestDecodeRequestsUseTheCompiledDecoder(t *testing.T) {
	w := New(Engine{}, nil)
	mustCall(t, w, protocol.Create, "s", &protocol.CreateBody{
		Model: spec.Config{Kind: spec.VAE, Hidden: []int{32}, Latent: 2, LR: 0.01, Batch: 50},
		Data:  protocol.DataConfig{Source: "toy", Name: "moons", N: 200, Test: 100, Noise: 0.05, Seed: 3},
	}, nil, nil)
	codes := randomRows(9, 2)
	for round := range 2 {
		mustCall(t, w, protocol.Train, "s", &protocol.TrainBody{Steps: 5}, nil, nil)
		net := w.slots["s"].net()
		got := mustCall(t, w, protocol.Decode, "s", &protocol.DecodeBody{}, codes, nil)
		if want := compiledDecode(net, codes); !slices.Equal(got, want) {
			t.Fatalf("round %d: decode %v, compiled decoder %v", round, got[:4], want[:4])
		}
		rows, _ := analysis.Decode(net, codes)
		for i := range rows {
			if d := math.Abs(float64(got[i] - rows[i])); d > 1e-5 {
				t.Fatalf("round %d: decode[%d] = %g, row products %g", round, i, got[i], rows[i])
			}
		}
		var grid protocol.GridReply
		f := mustCall(t, w, protocol.Grid, "s", &protocol.GridBody{DimY: 1, N: 4, Range: 2}, nil, &grid)
		g, err := analysis.GridCodes(net, analysis.GridSpec{N: 4, DimX: 0, DimY: 1, Lo: -2, Hi: 2})
		if err != nil {
			t.Fatal(err)
		}
		if want := compiledDecode(net, g.Z); !slices.Equal(f, want) {
			t.Fatalf("round %d: the grid is not the compiled decoder's outputs for its codes", round)
		}
		var imgs protocol.ImagesReply
		f = mustCall(t, w, protocol.Sample, "s", &protocol.SampleBody{N: 5, Seed: 2}, nil, &imgs)
		z, err := analysis.SampleCodes(net, 5, nil, nil, rand.New(rand.NewPCG(2, 0x5a4d)))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(f[5*net.Input:], z) || !slices.Equal(f[:5*net.Input], compiledDecode(net, z)) {
			t.Fatalf("round %d: the samples are not the compiled decoder's outputs for their codes", round)
		}
	}
}
