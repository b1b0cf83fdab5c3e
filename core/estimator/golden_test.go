package estimator

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math"
	"testing"
)

// TestGoldenBits pins the exact estimates for a seed, so the same test passing
// natively and under GOOS=js GOARCH=wasm shows the widget and the tests agree.
func TestGoldenBits(t *testing.T) {
	h := fnv.New64a()
	var b [8]byte
	for _, name := range Names {
		o, _ := Lookup(name)
		for _, kind := range []Kind{Score, Pathwise} {
			r := Repeat(kind, o, 0.4, 0.9, 7, 100, 5)
			for i := range r.Mu.Samples {
				binary.LittleEndian.PutUint64(b[:], math.Float64bits(r.Mu.Samples[i]))
				h.Write(b[:])
				binary.LittleEndian.PutUint64(b[:], math.Float64bits(r.Sigma.Samples[i]))
				h.Write(b[:])
			}
		}
	}
	if got, want := fmt.Sprintf("%016x", h.Sum64()), "94ae9e738169005f"; got != want {
		t.Errorf("estimates hash %s, want %s", got, want)
	}
}
