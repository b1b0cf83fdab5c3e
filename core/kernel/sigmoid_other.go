//go:build !wasm

package kernel

import "math"

// sigmoidAllGo is SigmoidAll's scalar body (sigmoid_wasm.go has the same
// operations with expNonPos written out in the loop).
func sigmoidAllGo(v []float32) {
	for i, z := range v {
		e := expNonPos(math.Float32frombits(math.Float32bits(z) | 1<<31))
		num := e
		if z > 0 {
			num = 1
		}
		s := num / (1 + e)
		if z != z {
			s = z
		}
		v[i] = s
	}
}
