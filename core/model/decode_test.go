package model

import (
	"math"
	"math/rand/v2"
	"testing"

	"latentlab/core/infer"
	"latentlab/core/spec"
)

// TestCompiledDecodeIsTheBatchedPass checks that one latent point decoded
// by infer.Compile of a snapshot (the D1 workload's decode: sums of the
// weight rows of the non-zero inputs) gives the same numbers as the
// trainer's own batched forward pass on the batch's codes, bit for bit:
// both add the bias and then the products of the inputs in increasing
// order, and skipping an exact zero does not change a sum. The row products
// of Network.DecodeInto (eight interleaved partial sums) agree within
// float32 rounding. R1's architecture (784 → 256 ReLU → 2, decoder 2 → 256
// ReLU → 784) after a few steps, on MNIST-like rows.
func TestCompiledDecodeIsTheBatchedPass(t *testing.T) {
	cfg, err := spec.Preset("r1")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Batch = 16
	x, _ := mnistOrSynthetic(t, 64)
	tr, err := New(cfg, x)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := tr.Step(); err != nil {
			t.Fatal(err)
		}
	}
	rows := 16
	logits := tr.forward(x[:rows*784], normals(rand.New(rand.NewPCG(5, 6)), rows*cfg.Latent), rows)
	codes := append([]float32(nil), tr.code...)

	net := tr.Snapshot()
	dec := net.Decoder.Clone()
	dec[len(dec)-1].Act = infer.Identity // the batched pass stops at the logits
	c := infer.Compile(dec)
	var ws infer.Workspace
	got, rowPath := make([]float32, 784), make([]float32, 784)
	for r := range rows {
		z := codes[r*cfg.Latent : (r+1)*cfg.Latent]
		c.Forward(got, z)
		ws.Forward(dec, rowPath, z)
		want := logits[r*784 : (r+1)*784]
		for i, v := range want {
			if got[i] != v {
				t.Fatalf("row %d pixel %d: compiled decode %g, batched pass %g", r, i, got[i], v)
			}
			if d := math.Abs(float64(rowPath[i] - v)); d > 1e-5*(1+math.Abs(float64(v))) {
				t.Fatalf("row %d pixel %d: row products %g, batched pass %g", r, i, rowPath[i], v)
			}
		}
	}
	if codes[0] == 0 && codes[1] == 0 {
		t.Fatal("degenerate codes")
	}
}
