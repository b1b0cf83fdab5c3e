package torchio_test

import (
	"fmt"

	"latentlab/core/model"
	"latentlab/core/torchio"
)

// Export a trained model as safetensors plus its config, and import it
// back into a trainer that continues from the same weights.
func Example() {
	cfg := model.Default("cae")
	cfg.Input, cfg.Latent, cfg.Batch = 16, 4, 8
	x := make([]float32, 8*cfg.Input)
	for i := range x {
		x[i] = float32(i%7) / 7
	}
	tr, _ := model.New(cfg, x)
	tr.Step()
	weights, sidecar, err := torchio.Export(cfg, tr.Snapshot(), tr.Steps())
	if err != nil {
		panic(err)
	}
	m, err := torchio.Import(weights, sidecar)
	if err != nil {
		panic(err)
	}
	again, _ := model.FromNetwork(m.Config, m.Net, x)
	a, _ := tr.Evaluate(x)
	b, _ := again.Evaluate(x)
	fmt.Println(m.Config.Kind, m.Step, a.Loss == b.Loss)
	// Output: cae 1 true
}
