// Package enginetest gives tests a web/engine Client backed by the real
// engine worker running in-process (wasm/worker with core's engine), so a
// widget's or the toolkit's training logic can be tested natively without a
// browser. Replies arrive synchronously, inside the call that sent the
// request. Only tests import it: it links the training engine.
package enginetest

import (
	"latentlab/wasm/worker"
	"latentlab/web/engine"
)

// NewClient returns a client whose requests the real engine answers
// in-process. Toy datasets work; MNIST needs the built data files, which
// this client cannot fetch.
func NewClient() *engine.Client {
	return engine.NewLocal(worker.New(worker.Engine{}, nil).Handle)
}
