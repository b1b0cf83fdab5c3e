//go:build !(js && wasm)

package worker

// threadCPU is the CPU time BenchmarkPageVsBare reports: 0 natively.
func threadCPU() float64 { return 0 }
