package vae

import (
	"math"
	"math/rand/v2"
	"testing"

	"latentlab/core/infer"
)

// randDecoder returns a 2 → 16 ReLU → 9 sigmoid network with random weights.
func randDecoder(seed uint64) *infer.Network {
	r := rand.New(rand.NewPCG(seed, 1))
	dense := func(i, o int, a infer.Activation) infer.Dense {
		d := infer.Dense{In: i, Out: o, W: make([]float32, i*o), B: make([]float32, o), Act: a}
		for k := range d.W {
			d.W[k] = float32(r.NormFloat64())
		}
		for k := range d.B {
			d.B[k] = float32(r.NormFloat64())
		}
		return d
	}
	return &infer.Network{Kind: "vae", Latent: 2, Input: 9, OutputDist: "bernoulli",
		Decoder: infer.MLP{dense(2, 16, infer.ReLU), dense(16, 9, infer.Sigmoid)}}
}

// TestSharedCompiledDecoder checks that the widgets' decodes go through one
// compiled decoder per network (the same one for every widget, compiled
// once while the network is among the last four decoded), that they equal
// the network's own decode within float32 rounding (the compiled form sums
// in another order), and that a fifth network evicts the oldest.
func TestSharedCompiledDecoder(t *testing.T) {
	nets := make([]*infer.Network, 5)
	for i := range nets {
		nets[i] = randDecoder(uint64(i))
	}
	var d1, d2 decoder
	z := []float32{0.7, -1.3}
	for _, net := range nets[:4] {
		got := d1.decode(net, z)
		want := net.Decode(z)
		for i := range want {
			if math.Abs(float64(got[i]-want[i])) > 1e-6 {
				t.Fatalf("pixel %d: compiled %g, row products %g", i, got[i], want[i])
			}
		}
		c := compiledFor(net)
		if d2.decodeInto(net, nil, z); compiledFor(net) != c {
			t.Fatal("a second widget compiled the network again")
		}
		if all := decodeAll(net, [][]float32{z, z}); all[0][3] != got[3] || &all[0][0] == &all[1][0] {
			t.Fatal("decodeAll differs from decode or shares its images")
		}
	}
	first := compiledFor(nets[0])
	compiledFor(nets[4])
	if compiledFor(nets[0]) == first {
		t.Fatal("a fifth network did not evict the oldest compiled decoder")
	}
}
