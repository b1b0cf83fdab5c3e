package model_test

import (
	"fmt"
	"log"

	"latentlab/core/spec"

	"latentlab/core/data"
	"latentlab/core/model"
)

// The caller owns the loop: one Step per mini-batch, drawing or changing
// the learning rate between steps.
func ExampleTrainer() {
	set, err := data.Toy("circle", 500, 0.05, 1)
	if err != nil {
		log.Fatal(err)
	}
	cfg := spec.Default("vae")
	cfg.Input, cfg.Hidden, cfg.Latent = 2, []int{16}, 1
	cfg.Output, cfg.Batch, cfg.LR = "gaussian", 50, 1e-2
	tr, err := model.New(cfg, set.X)
	if err != nil {
		log.Fatal(err)
	}
	first, _ := tr.Step()
	var last model.Metrics
	for i := 0; i < 300; i++ {
		if last, err = tr.Step(); err != nil {
			log.Fatal(err) // e.g. divergence: lower the rate with tr.SetLR and go on
		}
	}
	fmt.Println("steps:", last.Step, "epoch:", last.Epoch)
	fmt.Println("loss fell:", last.Loss < first.Loss)
	net := tr.Snapshot() // a deep copy for decoding elsewhere
	fmt.Println("decoded:", len(net.Decode([]float32{0})), "values")
	// Output:
	// steps: 301 epoch: 31
	// loss fell: true
	// decoded: 2 values
}
