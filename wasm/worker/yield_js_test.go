//go:build js && wasm

package worker

import (
	"syscall/js"
	"testing"

	"latentlab/wasm/protocol"
)

// In a JS host a long request lets the event loop run while it computes:
// a timer set before the request fires before the request returns, as the
// shim's answer to the page's watchdog ping does in the Web Worker.
func TestLongRequestLetsEventLoopRun(t *testing.T) {
	w, _ := pausingVAE(t)
	w.pause = sleepBriefly
	fired := false
	var cb js.Func
	cb = js.FuncOf(func(js.Value, []js.Value) any { fired = true; cb.Release(); return nil })
	js.Global().Call("setTimeout", cb, 0)
	mustCall(t, w, protocol.Score, "v", &protocol.ScoreBody{EncodeBody: protocol.EncodeBody{Inputs: true}}, randomRows(4*blockRows, 784), nil)
	if !fired {
		t.Error("the timer did not fire during a long request: the worker would not answer pings")
	}
}
