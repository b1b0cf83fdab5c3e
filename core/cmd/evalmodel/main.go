// Command evalmodel measures saved VAE model files on the MNIST subset:
// held-out −ELBO (nats per image), an IWAE bound on log p(x), and how
// recognisable the reconstructions are (see core/modeleval).
//
//	go run ./core/cmd/evalmodel dist/web/models/vae-mnist-2d.llm
//	go run ./core/cmd/evalmodel -iwae 100 -digits 2000 my-model.llm
package main

import (
	"flag"
	"fmt"
	"os"

	"latentlab/core/modeleval"
)

func main() {
	dir := flag.String("data", "dist/web/data", "folder with mnist-train.bin and mnist-test.bin (make data)")
	iwae := flag.Int("iwae", 0, "importance samples for the log p(x) bound (0: skip)")
	digits := flag.Int("digits", 500, "held-out digits whose reconstructions are classified")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: evalmodel [-data DIR] [-iwae K] [-digits N] MODEL.llm ...")
		os.Exit(2)
	}
	d, err := modeleval.LoadData(*dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "evalmodel:", err)
		os.Exit(1)
	}
	failed := false
	for _, path := range flag.Args() {
		b, err := os.ReadFile(path)
		if err == nil {
			var r modeleval.Report
			if r, err = modeleval.Measure(b, d, *iwae, *digits); err == nil {
				fmt.Printf("%s: %s\n", path, r)
				continue
			}
		}
		fmt.Fprintf(os.Stderr, "evalmodel: %s: %v\n", path, err)
		failed = true
	}
	if failed {
		os.Exit(1)
	}
}
