package codegen_test

import (
	"fmt"
	"strings"

	"latentlab/core/codegen"
	"latentlab/core/model"
)

// The PyTorch code of the VAE lesson's model; its loss lines carry the
// lesson's formulas.
func ExamplePyTorch() {
	code, err := codegen.PyTorch(model.Default("vae"))
	if err != nil {
		panic(err)
	}
	for _, line := range strings.Split(code, "\n") {
		if strings.Contains(line, "kl = ") || strings.Contains(line, "KL_j =") || strings.Contains(line, "z = mu") {
			fmt.Println(strings.TrimSpace(line))
		}
	}
	// Output:
	// z = mu + sigma * eps  # z = μ + σ ⊙ ε, the reparameterization trick
	// # KL(q(z|x) ‖ p(z)) = Σ_j KL_j,  KL_j = ½(μ_j² + σ_j² − log σ_j² − 1)
	// kl = 0.5 * (mu.pow(2) + logvar.exp() - logvar - 1).sum(dim=1)
}

// The generated module's layers, whose state_dict names the exported
// weights use.
func ExampleNewModule() {
	m, _ := codegen.NewModule(model.Default("vae"))
	for _, l := range m.Layers() {
		fmt.Printf("%s [%d %d]\n", l.WeightName(), l.Out, l.In)
	}
	// Output:
	// enc1.weight [256 784]
	// mu.weight [2 256]
	// logvar.weight [2 256]
	// dec1.weight [256 2]
	// out.weight [784 256]
}
