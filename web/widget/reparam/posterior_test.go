package reparam

import (
	"encoding/binary"
	"math"
	"testing"

	"latentlab/core/infer"
)

func TestFirstOfDigit(t *testing.T) {
	b := make([]byte, 20+3+3*784)
	copy(b, "LLMN")
	binary.LittleEndian.PutUint32(b[4:], 1)
	binary.LittleEndian.PutUint32(b[8:], 3)
	binary.LittleEndian.PutUint32(b[12:], 28)
	binary.LittleEndian.PutUint32(b[16:], 28)
	b[20], b[21], b[22] = 7, 3, 3
	b[20+3+784+5] = 255 // image 1 (the first 3), pixel 5
	img, err := FirstOfDigit(b, 3)
	if err != nil || img[5] != 1 {
		t.Fatalf("img[5] = %v, err %v", img[5], err)
	}
	if _, err := FirstOfDigit(b, 9); err == nil {
		t.Fatal("found a digit 9 that is not there")
	}
	if _, err := FirstOfDigit(b[:100], 3); err == nil {
		t.Fatal("accepted a truncated file")
	}
}

func TestPosterior(t *testing.T) {
	// Encoder: 2 inputs → 4 outputs (μ₁, μ₂, log σ₁², log σ₂²), identity weights on μ.
	n := &infer.Network{Kind: "vae", Latent: 2, Input: 2,
		Encoder: infer.MLP{{In: 2, Out: 4, W: []float32{1, 0, 0, 1, 0, 0, 0, 0}, B: []float32{0, 0, 0, float32(math.Log(0.25))}}}}
	mu, s, err := Posterior(n, []float32{0.5, -1})
	if err != nil {
		t.Fatal(err)
	}
	if mu != [2]float64{0.5, -1} || s[0] != 1 || math.Abs(s[1]-0.5) > 1e-6 {
		t.Fatalf("μ %v σ %v", mu, s)
	}
}
