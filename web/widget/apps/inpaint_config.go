package apps

import (
	"fmt"

	"latentlab/core/impute"
	"latentlab/core/infer"
	"latentlab/core/spec"
	"latentlab/web/engine"
	"latentlab/web/params"
)

var (
	pMask = params.NewChoice(params.Param{Name: "mask", Default: impute.LeftHalf,
		Choices: []string{impute.LeftHalf, impute.TopHalf, impute.Random50, "drawn"},
		Doc:     "which pixels are hidden: the left half, the top half, half of them at random, or the ones you draw"})
	pDigit = params.NewInt(params.Param{Name: "digit", Default: 0, Min: 0, Max: InpaintDigits - 1,
		Doc: "which held-out digit to fill in"})
	pIters = params.NewInt(params.Param{Name: "iterations", Default: 20, Min: 1, Max: 100,
		Doc: "encode → decode passes of the VAE"})
	pInLatent = params.NewInt(params.Param{Name: "latent", Default: 8, Min: 2, Max: 32, Sets: "latent", Doc: "latent dimensions of both models"})
	pInSeed   = params.NewInt(params.Param{Name: "seed", Default: 1, Min: 0, Max: 999999,
		Doc: "random seed (initial weights, minibatches and the random mask)"})
	// inpaintParams is the inpainting widget's parameter table.
	inpaintParams = params.NewTable(pMask, pDigit, pIters, pInLatent, pInSeed)
)

// InpaintDigits is how many held-out digits the inpainting widget offers.
const InpaintDigits = 100

// MeanDigits is how many training digits the per-pixel mean of mean
// imputation is taken over.
const MeanDigits = 1000

// Iterations is the number of VAE passes of parameter values v.
func Iterations(v params.Values) int { return pIters.Get(v) }

// InpaintConfigs are the two models the inpainting widget trains side by
// side for parameter values v — a VAE and a plain AE of the same size — and
// their data (the MNIST subset; InpaintDigits held-out digits).
func InpaintConfigs(v params.Values) ([]spec.Config, engine.Data) {
	var cs []spec.Config
	for _, kind := range []string{spec.VAE, spec.AE} {
		c := spec.Default(kind)
		c.Latent, c.Seed = pInLatent.Get(v), uint64(pInSeed.Get(v))
		cs = append(cs, c)
	}
	return cs, engine.MNIST(InpaintDigits)
}

// InpaintMask is the preset mask of parameter values v for held-out digit
// digit (the random mask is drawn from the seed and the digit); ok is
// false for a drawn mask.
func InpaintMask(v params.Values, digit int) (m impute.Mask, ok bool) {
	name := pMask.Get(v)
	if name == "drawn" {
		return nil, false
	}
	m, err := impute.Preset(name, 28, 28, uint64(pInSeed.Get(v))*1000+uint64(digit))
	if err != nil {
		panic(err) // the choices are the presets
	}
	return m, true
}

// Fill is one inpainting: the mean fill, the AE's one-shot fill, the VAE's
// iterates, and their errors on the hidden pixels.
type Fill struct {
	Mean, AE []float32
	VAE      [][]float32
	// Errors: mean squared error on the hidden pixels.
	MeanErr, AEErr float64
	VAEErr         []float64 // after each pass
}

// Inpaint fills in the hidden pixels of x (mask m) with the per-pixel
// training mean, the AE (one pass from the mean fill) and the VAE (iters
// passes from the mean fill), as the inpainting widget does.
func Inpaint(vae, ae *infer.Network, x []float32, m impute.Mask, mean []float32, iters int) (Fill, error) {
	start := impute.MeanFill(x, m, mean)
	f := Fill{Mean: start, MeanErr: impute.HiddenError(x, start, m)}
	a, err := impute.Iterate(ae, x, m, start, 1)
	if err != nil {
		return f, fmt.Errorf("AE fill: %w", err)
	}
	f.AE, f.AEErr = a[0], impute.HiddenError(x, a[0], m)
	if f.VAE, err = impute.Iterate(vae, x, m, start, iters); err != nil {
		return f, fmt.Errorf("VAE fill: %w", err)
	}
	for _, it := range f.VAE {
		f.VAEErr = append(f.VAEErr, impute.HiddenError(x, it, m))
	}
	return f, nil
}
