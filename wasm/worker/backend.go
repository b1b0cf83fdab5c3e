package worker

import (
	"latentlab/core/infer"
	"latentlab/core/spec"
	"latentlab/wasm/protocol"
)

// Dataset is a set of points held by the worker: N rows of Dim float32 values
// (pixels in [0,1] for MNIST) with optional integer labels.
type Dataset struct {
	X      []float32 // N×Dim, row-major
	N, Dim int
	Labels []int // len N, or nil
	Width  int   // image width (28 for MNIST), 0 for points
	Height int
}

// Row returns point i.
func (d *Dataset) Row(i int) []float32 { return d.X[i*d.Dim : (i+1)*d.Dim : (i+1)*d.Dim] }

// Trainer is what the worker needs from the engine's step-wise trainer. The
// worker owns the loop: it calls Step as often as a "train" request asks.
type Trainer interface {
	// Step takes one optimiser step on a minibatch of the training set and
	// returns its metrics (Step = steps taken so far). When the step
	// diverges it returns an error saying why; the worker then restores the
	// last finite weights unless the trainer already kept them.
	Step() (protocol.StepMetrics, error)
	// Eval computes held-out metrics on the n rows of x (no weight change).
	Eval(x []float32, n int) (protocol.EvalMetrics, error)
	// Set changes hyperparameters between steps and returns those in force.
	Set(protocol.SetBody) (protocol.SetReply, error)
	// Network returns a deep copy of the current weights for inference.
	Network() infer.Network
	// Restore replaces the weights by net (same architecture) and sets the
	// step count; optimiser state may be reset.
	Restore(net infer.Network, step int) error
	// Params returns the number of trainable parameters.
	Params() int
	// Steps returns the number of steps taken.
	Steps() int
}

// Backend builds trainers and datasets: the engine (core/model, core/data) in
// engine.wasm, a fake in tests.
type Backend interface {
	// NewTrainer builds a fresh model for cfg that trains on train. cfg is
	// complete (spec.Config.WithDefaults) and valid.
	NewTrainer(cfg spec.Config, train *Dataset) (Trainer, error)
	// FromNetwork builds a trainer whose weights start as net (a loaded model
	// file). train may be nil: the trainer can then only be inspected.
	FromNetwork(net infer.Network, cfg spec.Config, step int, train *Dataset) (Trainer, error)
	// Toy generates a toy set (names: circle, spiral, moons, blobs, swissroll).
	Toy(name string, n int, noise float64, seed uint64) (*Dataset, error)
	// DecodeMNIST parses the MNIST subset file format (core/data).
	DecodeMNIST(b []byte) (*Dataset, error)
	// SaveModel and LoadModel convert to and from the .llm format
	// (core/modelfile). LoadModel's cfg is nil when the file carries no
	// configuration the backend understands.
	SaveModel(net infer.Network, cfg protocol.CreateBody, step int, meta map[string]string) ([]byte, error)
	LoadModel(b []byte) (net infer.Network, cfg *protocol.CreateBody, step int, err error)
	// Version names the engine build.
	Version() string
	// Float names the arithmetic ("float32" or "float64").
	Float() string
}
