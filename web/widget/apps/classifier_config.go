package apps

import (
	"latentlab/core/spec"
	"latentlab/web/engine"
	"latentlab/web/params"
)

var (
	pClLatent = params.NewInt(params.Param{Name: "latent", Default: 64, Min: 2, Max: 64, Sets: "latent",
		Doc: "code size of the VAE (the served AE, DAE and CAE have 128)"})
	pClSteps = params.NewInt(params.Param{Name: "steps", Default: 1000, Min: 100, Max: 5000,
		Doc: "training steps of the VAE (batches of 100 of the 10,000 training digits; the served models had 1,000)"})
	pClDecay = params.NewFloat(params.Param{Name: "decay", Default: 0.01, Min: 0, Max: 1,
		Doc: "the classifier's L2 weight decay"})
	pClSeed = params.NewInt(params.Param{Name: "seed", Default: 1, Min: 0, Max: 999999,
		Doc: "random seed (the VAE's initial weights and minibatches, and which digits are labelled)"})
	// classifierParams is the code-classifier widget's parameter table.
	classifierParams = params.NewTable(pClLatent, pClSteps, pClDecay, pClSeed)
)

// Representations are what the classifier is fitted on, in the widget's
// order: the codes of the three served autoencoders and of the VAE trained
// in the page (μ), then the raw pixels.
var Representations = []string{"AE", "DAE", "CAE", "VAE μ", "pixels"}

// ServedEncoders are the pretrained models whose codes the widget uses, in
// Representations' order: the site's AE, DAE and CAE, all three R2's
// architecture (784 → 128 sigmoid → 784 sigmoid), seed and 10 passes over
// the training digits (1,000 steps of 100).
var ServedEncoders = []string{"ae-mnist", "dae-mnist", "cae-mnist"}

// LabelledSizes are the numbers of labelled training digits the classifier
// is fitted on (class-balanced: 1, 10 and 100 of each digit).
var LabelledSizes = []int{10, 100, 1000}

// ClassifierSteps is how many steps the VAE trains for with parameter
// values v.
func ClassifierSteps(v params.Values) int { return pClSteps.Get(v) }

// ClassifierVAE is the VAE the widget trains for parameter values v — the
// served models' shape, one encoder layer (784 → μ and log σ², linear) and
// one decoder layer (sigmoid), Adam 10⁻³, batches of 100 — and its data
// (the MNIST subset, all 2,000 held-out digits), which the served models
// are loaded with too.
func ClassifierVAE(v params.Values) (spec.Config, engine.Data) {
	c := spec.Default(spec.VAE)
	c.Hidden, c.Latent, c.Seed = []int{}, pClLatent.Get(v), uint64(pClSeed.Get(v))
	return c, engine.MNIST(0)
}

// ClassifierFits are the classify requests of parameter values v: the code
// of each autoencoder, and (last) the pixels.
func ClassifierFits(v params.Values) []engine.Classifier {
	var fs []engine.Classifier
	for i := range Representations {
		f := engine.Classifier{Features: "code", Labelled: LabelledSizes, Seed: uint64(pClSeed.Get(v)), Decay: pClDecay.Get(v)}
		if i == len(Representations)-1 {
			f.Features = "pixels"
		}
		fs = append(fs, f)
	}
	return fs
}
