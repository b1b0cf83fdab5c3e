//go:build !js

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"

	"latentlab/core/kernel"
	"latentlab/wasm/worker"
)

// nativeResult is what a -native-child process prints.
type nativeResult struct {
	MedianMs float64 `json:"median_ms"`
	Kernels  string  `json:"kernels"` // kernel.Build() of the child
}

// nativeChild runs one reference workload natively and prints its median
// ms per step as JSON (the parent's -native-child mode).
func nativeChild(workload string, steps, warmup int) error {
	r, err := worker.RunBench(worker.Engine{}, workload, steps, warmup, worker.SyntheticMNIST(1000, 1))
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(nativeResult{MedianMs: r.MedianMs, Kernels: kernel.Build()})
}

// runNative measures a workload natively in a child process of this binary:
// with its own kernels (SIMD when built with GOEXPERIMENT=simd on an AVX2
// processor, as make bench-browser does), or with simd false, the scalar
// ones (GODEBUG=cpu.avx2=off turns the SIMD kernels off).
func runNative(workload string, steps, warmup int, simd bool) (nativeResult, error) {
	self, err := os.Executable()
	if err != nil {
		return nativeResult{}, err
	}
	cmd := exec.Command(self, "-native-child", workload, "-steps", fmt.Sprint(steps), "-warmup", fmt.Sprint(warmup))
	cmd.Env = os.Environ()
	if !simd {
		cmd.Env = append(cmd.Env, "GODEBUG=cpu.avx2=off")
	}
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nativeResult{}, fmt.Errorf("native %s: %w", workload, err)
	}
	var r nativeResult
	if err := json.Unmarshal(out, &r); err != nil {
		return nativeResult{}, fmt.Errorf("native %s: %w: %s", workload, err, out)
	}
	return r, nil
}

// syntheticRows are the MNIST-like rows every system trains on (RunBench's
// "synthetic" data; TF.js gets the same floats).
func syntheticRows() []float32 { return worker.SyntheticMNIST(1000, 1).X }
