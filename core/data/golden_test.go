package data

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math"
	"testing"
)

// toyGolden pins every toy set's exact bits, so the same test passing natively
// and under GOOS=js GOARCH=wasm shows the engine sees identical data on both.
var toyGolden = map[string]string{
	"circle":    "c92cdff39414a5fc",
	"spiral":    "30db84794b9c34be",
	"moons":     "63a9d7a4cd62abd3",
	"blobs":     "36e5403eabfdab6b",
	"swissroll": "bb5c3d719641e4d4",
}

func toyHash(s *Set) string {
	h := fnv.New64a()
	var b [4]byte
	for _, v := range s.X {
		binary.LittleEndian.PutUint32(b[:], math.Float32bits(v))
		h.Write(b[:])
	}
	for _, l := range s.Labels {
		h.Write([]byte{byte(l)})
	}
	return fmt.Sprintf("%016x", h.Sum64())
}

func TestToyGoldenBits(t *testing.T) {
	for _, name := range ToyNames {
		s, err := Toy(name, 1000, 0.1, 2026)
		if err != nil {
			t.Fatal(err)
		}
		got := toyHash(s)
		want, ok := toyGolden[name]
		if !ok {
			t.Errorf("%s: no golden hash; add %q: %q", name, name, got)
			continue
		}
		if got != want {
			t.Errorf("%s: hash %s, want %s (toy data changed or differs on this platform)", name, got, want)
		}
	}
}
