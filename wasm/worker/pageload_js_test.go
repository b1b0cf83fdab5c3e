//go:build js && wasm

package worker

import "syscall/js"

// threadCPU returns the host process's CPU time in ms (Node: process.cpuUsage).
func threadCPU() float64 {
	u := js.Global().Get("process").Call("cpuUsage")
	return (u.Get("user").Float() + u.Get("system").Float()) / 1000
}
