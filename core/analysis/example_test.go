package analysis_test

import (
	"fmt"
	"log"

	"latentlab/core/analysis"
	"latentlab/core/infer"
)

// A latent grid at Gaussian quantiles: each of the N columns carries 1/N of
// the prior's mass along its axis.
func ExampleLatentGrid() {
	// A 2-D linear "decoder" that copies the code: enough to show the lattice.
	net := infer.Network{Kind: "ae", Input: 2, Latent: 2, OutputDist: "gaussian",
		Encoder: infer.MLP{{In: 2, Out: 2, W: []float32{1, 0, 0, 1}, B: []float32{0, 0}}},
		Decoder: infer.MLP{{In: 2, Out: 2, W: []float32{1, 0, 0, 1}, B: []float32{0, 0}}},
	}
	g, err := analysis.LatentGrid(&net, analysis.GridSpec{N: 3, DimX: 0, DimY: 1, Quantile: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("axis %.3f\n", g.Axis)
	fmt.Printf("top-left decodes to %.3f\n", g.Out[:2])
	// Output:
	// axis [-0.967 0.000 0.967]
	// top-left decodes to [-0.967 0.967]
}
