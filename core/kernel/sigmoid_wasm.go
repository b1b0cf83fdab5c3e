//go:build wasm

package kernel

import "math"

// sigmoidAllGo is SigmoidAll's scalar body. Under wasm expNonPos is written
// out in the loop (the same operations; it is over the inlining budget, and
// a call per element is costly there): 0.63× the time for 784 sigmoids
// under Node (12.0 → 7.5 µs, best of 300 alternated rounds). Natively the
// written-out loop was 4.3× slower with GOAMD64=v1 (1.0× with v3), so
// sigmoid_other.go keeps the call.
func sigmoidAllGo(v []float32) {
	for i, z := range v {
		t := math.Float32frombits(math.Float32bits(z) | 1<<31) // −|z|
		var e float32
		if t >= expMin {
			n := float32(math.RoundToEven(float64(float32(t * expLog2e))))
			r := (t - float32(n*expLn2Hi)) - float32(n*expLn2Lo)
			p := float32(expP0*r) + expP1
			p = float32(p*r) + expP2
			p = float32(p*r) + expP3
			p = float32(p*r) + expP4
			p = float32(p*r) + expP5
			e = (float32(p*float32(r*r)) + r + 1) * math.Float32frombits(uint32(int32(n)+127)<<23)
		}
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
