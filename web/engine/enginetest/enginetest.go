// Package enginetest gives tests a web/engine Client backed by the real
// engine worker running in-process (wasm/worker with core's engine), so a
// widget's or the toolkit's training logic can be tested natively without a
// browser. Replies arrive synchronously, inside the call that sent the
// request. Only tests import it: it links the training engine.
package enginetest

import (
	"latentlab/wasm/protocol"
	"latentlab/wasm/worker"
	"latentlab/web/engine"
)

// NewClient returns a client whose requests the real engine answers
// in-process. Toy datasets work; MNIST needs the built data files, which
// this client cannot fetch.
func NewClient() *engine.Client {
	return engine.NewLocal(worker.New(worker.Engine{}, nil).Handle)
}

// NewStoppable is NewClient with a switch: while stopped(true) holds, every
// request is answered the way engine-worker.js reports a crash (an error
// without a sequence number), so the client sees its worker stop; a Reset
// or the next Create or Load after stopped(false) gets a working engine.
func NewStoppable() (c *engine.Client, stopped func(bool)) {
	w := worker.New(worker.Engine{}, nil)
	down := false
	c = engine.NewLocal(func(m protocol.Message, f []float32) (protocol.Message, []float32) {
		if down {
			return protocol.Message{Type: protocol.ErrorType, Error: "the worker is gone"}, nil
		}
		return w.Handle(m, f)
	})
	return c, func(b bool) { down = b }
}
