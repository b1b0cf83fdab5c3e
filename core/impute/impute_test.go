package impute

import (
	"math/rand/v2"
	"testing"

	"latentlab/core/infer"
	"latentlab/core/model"
	"latentlab/core/spec"
)

// bars draws n 8×8 images, each with one horizontal and one vertical bar at
// random rows and columns: hiding half of an image leaves one bar's
// position visible and the other's partly, so a model of the data can fill
// in what the per-pixel mean cannot.
func bars(n int, seed uint64) []float32 {
	rng := rand.New(rand.NewPCG(seed, 5))
	x := make([]float32, n*64)
	for i := 0; i < n; i++ {
		row, col := rng.IntN(8), rng.IntN(8)
		for k := 0; k < 8; k++ {
			x[i*64+row*8+k] = 1
			x[i*64+k*8+col] = 1
		}
	}
	return x
}

// TestVAEBeatsMeanImputation trains a small VAE on the bars and fills in
// the hidden pixels of held-out images: with half of the pixels hidden at
// random, the VAE's iterated fill has a clearly lower error on the hidden
// pixels than mean imputation, and lower than its own first pass. (With a
// half of the image hidden, one bar may be wholly invisible; those errors
// are logged, not asserted.)
func TestVAEBeatsMeanImputation(t *testing.T) {
	train, test := bars(2000, 1), bars(100, 2)
	mean := Mean(train, 64)
	vae := trained(t, spec.VAE, train)
	for _, name := range Presets {
		var meanErr, vaeErr, firstErr float64
		for i := 0; i < 100; i++ {
			x := test[i*64 : (i+1)*64]
			m, err := Preset(name, 8, 8, uint64(i))
			if err != nil {
				t.Fatal(err)
			}
			start := MeanFill(x, m, mean)
			it, err := Iterate(&vae, x, m, start, 20)
			if err != nil {
				t.Fatal(err)
			}
			meanErr += HiddenError(x, start, m)
			firstErr += HiddenError(x, it[0], m)
			vaeErr += HiddenError(x, it[len(it)-1], m)
		}
		t.Logf("%s: hidden-pixel MSE — mean %.4f, one pass %.4f, 20 passes %.4f", name, meanErr/100, firstErr/100, vaeErr/100)
		if name == Random50 && !(vaeErr < 0.8*meanErr && vaeErr < firstErr) {
			t.Errorf("%s: the VAE's fill (MSE %.4f) is not clearly below mean imputation's (%.4f)", name, vaeErr/100, meanErr/100)
		}
	}
}

func trained(t *testing.T, kind string, x []float32) infer.Network {
	t.Helper()
	cfg := spec.Default(kind)
	cfg.Input, cfg.Hidden, cfg.Latent, cfg.Batch, cfg.LR, cfg.Seed = 64, []int{64}, 4, 50, 3e-3, 1
	tr, err := model.New(cfg, x)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 1000; i++ {
		if _, err := tr.Step(); err != nil {
			t.Fatal(err)
		}
	}
	return tr.Snapshot()
}

func TestPresetsAndErrors(t *testing.T) {
	l, _ := Preset(LeftHalf, 28, 28, 1)
	tp, _ := Preset(TopHalf, 28, 28, 1)
	r, _ := Preset(Random50, 28, 28, 1)
	if l.Hidden() != 392 || tp.Hidden() != 392 || l[0] || !l[27] || tp[27] || !tp[28*14] {
		t.Errorf("halves: left hides %d, top hides %d", l.Hidden(), tp.Hidden())
	}
	if h := r.Hidden(); h < 340 || h > 444 {
		t.Errorf("random mask hides %d of 784", h)
	}
	r2, _ := Preset(Random50, 28, 28, 1)
	for i := range r {
		if r[i] != r2[i] {
			t.Fatal("the random mask is not determined by its seed")
		}
	}
	if _, err := Preset("diagonal", 28, 28, 1); err == nil {
		t.Error("unknown preset accepted")
	}
	x, y := []float32{1, 0, 1, 0}, []float32{1, 1, 0.5, 0}
	if e := HiddenError(x, y, Mask{true, false, false, true}); e != (1+0.25)/2 {
		t.Errorf("hidden error %v", e)
	}
	if f := MeanFill(x, Mask{true, false, true, false}, []float32{9, 9, 9, 9}); f[0] != 1 || f[1] != 9 || f[3] != 9 {
		t.Errorf("mean fill %v", f)
	}
}
