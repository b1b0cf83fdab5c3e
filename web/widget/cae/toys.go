package cae

import (
	"math"

	"latentlab/core/spec"
	"latentlab/web/engine"
	"latentlab/web/widget/own"
)

// The toy autoencoders of the contraction lab and the sensitivity meter, in
// one place: the lessons' claims about them are checked against these
// settings (toys_test.go), so retune here. Both widgets train in the engine
// worker like every other model; only their pictures are drawn on the page.
//
// A toy model is a tied 2 → H sigmoid → 2 linear autoencoder, h = σ(Wx + b),
// r = Wᵀh + c, trained with Adam on ‖r(x) − x‖² (+ λ‖J_f(x)‖²_F for the
// CAE; a DAE reconstructs x from x + N(0, σ²I)), its output bias started so
// that r(0) = 0 (the data lie around the origin).
const (
	toyBatch  = 32   // examples per step
	toyTrainN = 300  // training points
	toyHeldN  = 150  // held-out points (the meter measures on them)
	toyNoise  = 0.05 // the meter's data noise (the lab's is a parameter)

	// defaultLambda is the contraction weight the lab starts with: on the
	// noisy circle with 16 tied sigmoid units it visibly pulls the
	// reconstruction field onto the manifold while the data are still
	// reconstructed well.
	defaultLambda = 0.3

	labStepsPerFrame   = 10 // about 600 steps/s at 60 frames/s: fast, still watchable
	meterStepsPerFrame = 20

	meterDraws    = 2 // noise draws per held-out point and σ
	labRatioSigma = 0.1
)

// SigmaGrid is the noise levels σ the meter measures at: 13 log-spaced
// values from 0.03 to 3. (Below about 0.1 the toy maps are nearly linear at
// the scale of the noise and every curve is flat; the curves part only when
// σ reaches the size of the data, about 1.)
var SigmaGrid = func() []float64 {
	var g []float64
	for k := 0; k <= 12; k++ {
		g = append(g, 0.03*math.Pow(100, float64(k)/12))
	}
	return g
}()

// datasets are the toy manifolds the widgets offer (core/data's 2-D sets).
var datasets = []string{"circle", "spiral", "moons"}

var datasetLabel = map[string]string{"circle": "circle", "spiral": "spiral", "moons": "two moons", own.Choice: own.Label}

// labDatasets are the contraction lab's: the toy manifolds and the
// student's own data (web/widget/own).
var labDatasets = []string{"circle", "spiral", "moons", own.Choice}

// ToyConfig is a toy model's configuration: kind spec.CAE (with λ = 0 for
// the plain AE, whose penalty is then only measured) or spec.DAE, H hidden
// units, learning rate lr and seed.
func ToyConfig(kind string, hidden int, lr float64, seed uint64) spec.Config {
	c := spec.Default(kind)
	c.Input, c.Hidden, c.Latent = 2, []int{}, hidden
	c.CodeAct, c.Output, c.OutputVar = "sigmoid", "gaussian", 0.5 // σ² = ½: the loss is ‖r(x) − x‖²
	c.Tied, c.CenterOutput = true, true
	c.Lambda, c.NoiseStd = 0, 0
	c.LR, c.Batch, c.Seed = lr, toyBatch, seed
	return c
}

// toyData is the toy set name with toyTrainN training and toyHeldN held-out
// points (another seed) of Gaussian noise noise. For own.Choice it is the
// own data source without its points, which the widget adds (own.Data).
func toyData(name string, noise float64, seed uint64) engine.Data {
	if name == own.Choice {
		return engine.Data{Source: own.Choice}
	}
	return engine.Toy(name, toyTrainN, toyHeldN, noise, seed)
}
