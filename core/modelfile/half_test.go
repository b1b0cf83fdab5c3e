package modelfile

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"
)

func TestHalfExhaustiveRoundTrip(t *testing.T) {
	for h := 0; h < 1<<16; h++ {
		if h&0x7c00 == 0x7c00 { // Inf/NaN are never written
			continue
		}
		v := f16ToF32(uint16(h))
		back, ok := f32ToF16(v)
		if !ok || back != uint16(h) {
			t.Fatalf("half %#04x → %g → %#04x (ok %v)", h, v, back, ok)
		}
	}
}

func TestHalfRoundsToNearest(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for n := 0; n < 200000; n++ {
		v := float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(12)-8)))
		h, ok := f32ToF16(v)
		if !ok {
			if math.Abs(float64(v)) < 65504 {
				t.Fatalf("%g refused", v)
			}
			continue
		}
		got := float64(f16ToF32(h))
		for _, nb := range []uint16{h - 1, h + 1} {
			if nb&0x7c00 == 0x7c00 || (nb^h)&0x8000 != 0 {
				continue
			}
			if d := math.Abs(float64(f16ToF32(nb)) - float64(v)); d < math.Abs(got-float64(v)) {
				t.Fatalf("%g rounded to %g, but %g is nearer", v, got, f16ToF32(nb))
			}
		}
	}
	if _, ok := f32ToF16(70000); ok {
		t.Error("70000 accepted as float16")
	}
	if _, ok := f32ToF16(65519); !ok {
		t.Error("65519 (rounds to 65504) refused")
	}
}

func TestF16File(t *testing.T) {
	f := sample(rand.New(rand.NewPCG(6, 6)))
	f.Precision = "f16"
	b, err := Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	f32, _ := Marshal(sample(rand.New(rand.NewPCG(6, 6))))
	if len(b) >= len(f32)*3/4 {
		t.Errorf("f16 file %d bytes, f32 %d", len(b), len(f32))
	}
	g, err := Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if g.Precision != "f16" {
		t.Errorf("precision %q", g.Precision)
	}
	for li, d := range f.Net.Decoder {
		for i, w := range d.W {
			got := g.Net.Decoder[li].W[i]
			if math.Abs(float64(got-w)) > math.Abs(float64(w))/1024+1e-7 {
				t.Fatalf("weight %g stored as %g", w, got)
			}
		}
	}
	b2, err := Marshal(g)
	if err != nil || !bytes.Equal(b, b2) {
		t.Errorf("f16 re-save not identical: %v", err)
	}
	f.Net.Encoder[0].W[0] = 1e6
	if _, err := Marshal(f); err == nil {
		t.Error("weight beyond float16 range saved as f16")
	}
	f.Precision = "f8"
	if _, err := Marshal(f); err == nil {
		t.Error("unknown precision accepted")
	}
}
