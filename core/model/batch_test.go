package model

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestStepBatchIsStep: with the whole training set as one batch and no
// randomness in the objective (CAE), Step and StepBatch take the same step
// (up to the order of the rows in the sums).
func TestStepBatchIsStep(t *testing.T) {
	cfg := smallConfig("cae")
	cfg.Batch = 20
	x := smallMNISTLike(rand.New(rand.NewPCG(3, 3)), 20)
	a, _ := New(cfg, x)
	b, _ := New(cfg, x)
	ma, err := a.Step()
	if err != nil {
		t.Fatal(err)
	}
	mb, err := b.StepBatch(Batch{X: x})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(ma.Loss-mb.Loss) > 1e-9*ma.Loss || math.Abs(ma.GradNorm-mb.GradNorm) > 1e-5*ma.GradNorm || mb.Step != 1 {
		t.Errorf("Step: loss %g, ‖g‖ %g; StepBatch: loss %g, ‖g‖ %g, step %d", ma.Loss, ma.GradNorm, mb.Loss, mb.GradNorm, mb.Step)
	}
	wa, wb := a.Snapshot().Encoder[0].W, b.Snapshot().Encoder[0].W
	for i := range wa {
		if math.Abs(float64(wa[i]-wb[i])) > 1e-6 {
			t.Fatalf("weight %d after the step: %g vs %g", i, wa[i], wb[i])
		}
	}
}

// TestEvaluateBatchUsesItsEps: a VAE evaluated with ε = 0 reconstructs from
// z = μ, which the snapshot computes independently; the step measured by
// StepBatch is the evaluation before it, and it lowers the loss on that
// batch.
func TestEvaluateBatchUsesItsEps(t *testing.T) {
	cfg := smallConfig("vae")
	rng := rand.New(rand.NewPCG(4, 4))
	x := smallMNISTLike(rng, 30)
	tr, _ := New(cfg, x)
	for range 20 {
		tr.Step()
	}
	rows := 5
	b := Batch{X: x[:rows*cfg.Input], Eps: make([]float32, rows*cfg.Latent)}
	m, err := tr.EvaluateBatch(b)
	if err != nil {
		t.Fatal(err)
	}
	net := tr.Snapshot()
	var want float64
	for r := range rows {
		xr := b.X[r*cfg.Input : (r+1)*cfg.Input]
		enc := net.Encoder.Forward(nil, xr)
		p := net.Decoder.Forward(nil, enc[:cfg.Latent]) // z = μ
		for i, v := range xr {
			want -= float64(v)*math.Log(float64(p[i])) + float64(1-v)*math.Log(1-float64(p[i]))
		}
	}
	want /= float64(rows)
	if math.Abs(m.Recon-want) > 1e-4*want {
		t.Errorf("reconstruction with ε = 0: %g, decoding μ gives %g", m.Recon, want)
	}
	for i := range b.Eps {
		b.Eps[i] = float32(rng.NormFloat64())
	}
	before, _ := tr.EvaluateBatch(b)
	step, err := tr.StepBatch(b)
	if err != nil {
		t.Fatal(err)
	}
	after, _ := tr.EvaluateBatch(b)
	if step.Loss != before.Loss || !(after.Loss < before.Loss) {
		t.Errorf("loss %g before, %g measured by the step, %g after", before.Loss, step.Loss, after.Loss)
	}
}

func TestBatchRefused(t *testing.T) {
	cfg := smallConfig("vae")
	x := smallMNISTLike(rand.New(rand.NewPCG(5, 5)), 10)
	tr, _ := New(cfg, x)
	nan := append([]float32(nil), x[:64]...)
	nan[3] = float32(math.NaN())
	eps := make([]float32, 2)
	cases := map[string]struct {
		b    Batch
		want string
	}{
		"empty":       {Batch{}, "not a positive multiple"},
		"ragged":      {Batch{X: x[:70], Eps: eps}, "not a positive multiple"},
		"eps":         {Batch{X: x[:128], Eps: eps}, "want 2 rows × 2 latent"},
		"input":       {Batch{X: x[:64], Input: x[:10], Eps: eps}, "batch input has 10 values"},
		"nan":         {Batch{X: nan, Eps: eps}, "row 0, feature 3 is NaN"},
		"nan epsilon": {Batch{X: x[:64], Eps: []float32{0, float32(math.Inf(1))}}, "batch ε"},
	}
	for name, c := range cases {
		if _, err := tr.StepBatch(c.b); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: StepBatch error %v, want %q", name, err, c.want)
		}
		if _, err := tr.EvaluateBatch(c.b); err == nil {
			t.Errorf("%s: EvaluateBatch accepted it", name)
		}
	}
	if tr.Steps() != 0 {
		t.Errorf("refused batches took %d steps", tr.Steps())
	}
}
