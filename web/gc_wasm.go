//go:build wasm

package main

import "runtime/debug"

// gcPercent is the page's GOGC. Its Go heap is small (2–4 MB live while a
// widget trains, measured in the anomaly detector), so at the default 100
// the runtime's minimum heap goal of 4 MB starts a collection every few
// seconds of training, and each is one main-thread task of 60–100 ms on a
// loaded machine (the roots of a 14 MB binary, sweeping, finalizers): a
// dropped frame or more, every few seconds. At 400 the minimum goal is 16
// MB: a collection every half minute or so of training, for at most about
// 12 MB more memory.
const gcPercent = 400

func init() { debug.SetGCPercent(gcPercent) }
