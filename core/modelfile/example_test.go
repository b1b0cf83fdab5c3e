package modelfile_test

import (
	"bytes"
	"fmt"

	"latentlab/core/infer"
	"latentlab/core/modelfile"
)

func Example() {
	net := infer.Network{
		Kind: "ae", Input: 2, Latent: 1, OutputDist: "gaussian",
		Encoder: infer.MLP{{In: 2, Out: 1, W: []float32{1, -1}, B: []float32{0}, Act: infer.Tanh}},
		Decoder: infer.MLP{{In: 1, Out: 2, W: []float32{0.5, -0.5}, B: []float32{0, 0}}},
	}
	var buf bytes.Buffer
	err := modelfile.Save(&buf, &modelfile.File{Net: net, Step: 10, Meta: map[string]string{"name": "tiny"}})
	if err != nil {
		panic(err)
	}
	f, err := modelfile.Load(&buf)
	if err != nil {
		panic(err)
	}
	fmt.Println(f.Version, f.Meta["name"], f.Step, f.Net.Decode([]float32{2}))
	// Output: 1 tiny 10 [1 -1]
}
