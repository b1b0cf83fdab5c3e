package vae

import (
	"latentlab/wasm/protocol"
	"latentlab/web/engine"
)

// call sends one request to the shared engine worker. cb runs on the JS event
// loop (wrap component state changes in ctx.Dispatch).
func call(m protocol.Message, f []float32, cb func(protocol.Message, []float32)) {
	engine.Shared().Call(m, f, cb)
}

// newRun starts a new model life in slot: replies of older runs are dropped.
func newRun(slot string) uint64 {
	r := engine.NewRun()
	engine.Shared().Drop(slot, r)
	return r
}

// recoverEngine restarts a crashed worker (every model in it is lost).
func recoverEngine() {
	if engine.Shared().Crashed() != nil {
		engine.Shared().Reset()
	}
}
