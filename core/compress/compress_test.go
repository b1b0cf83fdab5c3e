package compress

import (
	"bytes"
	"image/png"
	"math"
	"math/rand/v2"
	"testing"

	"latentlab/core/infer"
	"latentlab/core/model"
	"latentlab/core/spec"
)

// Every level decodes to a value that quantises back to the same level, the
// levels' values increase, and each holds 1/2^b of the prior's mass.
func TestQuantiserRoundTrip(t *testing.T) {
	for bits := 1; bits <= MaxBits; bits++ {
		q, err := NewQuantiser(bits)
		if err != nil {
			t.Fatal(err)
		}
		prev := float32(math.Inf(-1))
		step := max(1, q.Levels()/512) // every level up to 9 bits, a sample beyond
		for k := 0; k < q.Levels(); k += step {
			v := q.Value(k)
			if got := q.Level(v); got != k {
				t.Fatalf("%d bits: level %d decodes to %g, which quantises to %d", bits, k, v, got)
			}
			if !(v > prev) {
				t.Fatalf("%d bits: level %d value %g not above the previous %g", bits, k, v, prev)
			}
			prev = v
		}
	}
	q, _ := NewQuantiser(3)
	for k := 0; k < q.Levels(); k++ { // Φ(value) is the middle of the level's probability bin
		p := 0.5 * math.Erfc(-float64(q.Value(k))/math.Sqrt2)
		if want := (float64(k) + 0.5) / 8; math.Abs(p-want) > 1e-6 {
			t.Errorf("Φ(value of level %d) = %g, want %g", k, p, want)
		}
	}
}

// Quantising twice changes nothing; a finer quantiser is never further
// from z in probability; the extremes and NaN land on valid levels.
func TestQuantiserRound(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	z := make([]float32, 2000)
	for i := range z {
		z[i] = float32(r.NormFloat64() * 1.5)
	}
	z = append(z, float32(math.Inf(1)), float32(math.Inf(-1)), 40, -40, float32(math.NaN()))
	prevErr := math.Inf(1)
	for bits := 1; bits <= 10; bits++ {
		q, _ := NewQuantiser(bits)
		once := q.Round(nil, z)
		twice := q.Round(nil, once)
		for i := range once {
			if once[i] != twice[i] || math.IsNaN(float64(once[i])) || math.IsInf(float64(once[i]), 0) {
				t.Fatalf("%d bits: z %g → %g → %g", bits, z[i], once[i], twice[i])
			}
		}
		e := 0.0 // mean |Φ(z) − Φ(ẑ)| over the finite draws
		for i := 0; i < 2000; i++ {
			e += math.Abs(phi(z[i]) - phi(once[i]))
		}
		e /= 2000
		if bound := 0.5 / float64(q.Levels()); e > bound || e > prevErr {
			t.Errorf("%d bits: mean probability error %g (bound %g, %d bits %g)", bits, e, bound, bits-1, prevErr)
		}
		prevErr = e
	}
	for _, b := range []int{0, -1, MaxBits + 1} {
		if _, err := NewQuantiser(b); err == nil {
			t.Errorf("NewQuantiser(%d) accepted", b)
		}
	}
}

func phi(z float32) float64 { return 0.5 * math.Erfc(-float64(z)/math.Sqrt2) }

// The PNG is lossless for byte-valued pixels, and an empty image is much
// smaller than a noisy one.
func TestPNGSize(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	img := make([]float32, 28*28)
	for i := range img {
		img[i] = float32(r.IntN(256)) / 255
	}
	noisy, err := PNGSize(img, 28, 28)
	if err != nil {
		t.Fatal(err)
	}
	blank, _ := PNGSize(make([]float32, 784), 28, 28)
	if !(blank < 100 && noisy > 784) {
		t.Errorf("blank %d bytes, noise %d bytes", blank, noisy)
	}
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	g := gray(img, 28, 28)
	if err := enc.Encode(&b, g); err != nil || b.Len() != noisy {
		t.Fatalf("re-encoding: %d bytes, %v; PNGSize said %d", b.Len(), err, noisy)
	}
	back, err := png.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	for i := range img {
		if y, _, _, _ := back.At(i%28, i/28).RGBA(); math.Abs(float64(y>>8)/255-float64(img[i])) > 1e-6 {
			t.Fatalf("pixel %d: %g back as %d", i, img[i], y>>8)
		}
	}
	mean, err := MeanPNGSize(append(append([]float32(nil), img...), make([]float32, 784)...), 28, 28)
	if err != nil || mean != float64(noisy+blank)/2 {
		t.Errorf("mean of both: %g, %v", mean, err)
	}
	if _, err := PNGSize(img, 27, 28); err == nil {
		t.Error("a 784-pixel image accepted as 27×28")
	}
	if _, err := MeanPNGSize(img[:700], 28, 28); err == nil {
		t.Error("700 pixels accepted as whole 28×28 images")
	}
}

// bars are 8×8 images of one bright horizontal and one vertical bar at
// random rows and columns: two factors of variation.
func bars(n int, seed uint64) []float32 {
	r := rand.New(rand.NewPCG(seed, 7))
	x := make([]float32, n*64)
	for i := 0; i < n; i++ {
		row, col := r.IntN(8), r.IntN(8)
		for j := 0; j < 8; j++ {
			x[i*64+row*8+j], x[i*64+j*8+col] = 1, 1
		}
	}
	return x
}

func trainedVAE(t *testing.T, latent, steps int) *infer.Network {
	t.Helper()
	cfg := spec.Default(spec.VAE)
	cfg.Input, cfg.Hidden, cfg.Latent, cfg.Batch, cfg.LR, cfg.Seed = 64, []int{48}, latent, 50, 1e-2, 1
	tr, err := model.New(cfg, bars(1000, 1))
	if err != nil {
		t.Fatal(err)
	}
	for range steps {
		if _, err := tr.Step(); err != nil {
			t.Fatal(err)
		}
	}
	net := tr.Snapshot()
	return &net
}

// Rate–distortion is monotone on trained VAEs: more bits per dimension
// never decode worse (beyond a hair), 16 bits match the unquantised code,
// and a code with room for both factors beats one with room for one.
func TestRateDistortionMonotone(t *testing.T) {
	x := bars(300, 2)
	best := map[int]float64{}
	for _, latent := range []int{1, 2, 4} {
		c := Codec{Net: trainedVAE(t, latent, 800)}
		codes, err := c.Codes(x)
		if err != nil {
			t.Fatal(err)
		}
		exact := MSE(x, c.Decode(nil, codes, Quantiser{}))
		prev := math.Inf(1)
		for bits := 1; bits <= 8; bits++ {
			p, dec, err := c.Measure(x, bits)
			if err != nil || len(dec) != len(x) || p.Rate != latent*bits {
				t.Fatalf("latent %d, %d bits: %+v, %d values, %v", latent, bits, p, len(dec), err)
			}
			if p.MSE > prev*1.02 {
				t.Errorf("latent %d: %d bits decode worse (MSE %.4f) than %d bits (%.4f)", latent, bits, p.MSE, bits-1, prev)
			}
			prev = p.MSE
		}
		p16, _, _ := c.Measure(x, 16)
		if math.Abs(p16.MSE-exact) > 1e-3*exact+1e-6 {
			t.Errorf("latent %d: 16 bits MSE %g, unquantised %g", latent, p16.MSE, exact)
		}
		best[latent] = p16.MSE
		t.Logf("latent %d: MSE unquantised %.4f, 8 bits %.4f", latent, exact, prev)
	}
	if !(best[2] < 0.8*best[1] && best[4] < best[2]*1.05) {
		t.Errorf("MSE by latent size %v: want 2 well below 1, 4 no worse than 2", best)
	}
}

// A codec refuses what it cannot code.
func TestCodecRefuses(t *testing.T) {
	net := trainedVAE(t, 2, 0)
	c := Codec{Net: net}
	if _, err := c.Codes(make([]float32, 65)); err == nil {
		t.Error("65 pixels accepted as 8×8 images")
	}
	ae := *net
	ae.Kind = spec.AE
	if _, err := (&Codec{Net: &ae}).Codes(make([]float32, 64)); err == nil {
		t.Error("an AE accepted: it has no prior to quantise against")
	}
	if _, _, err := c.Measure(make([]float32, 64), 0); err == nil {
		t.Error("0 bits accepted")
	}
}
