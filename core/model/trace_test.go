package model

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/diff/fd"

	"latentlab/core/nn"
)

// trained returns a trainer for cfg over n small MNIST-like rows after a
// few steps, so that the weights are not the initial ones.
func trained(t *testing.T, cfg Config, n, steps int) (*Trainer, []float32) {
	t.Helper()
	x := smallMNISTLike(rand.New(rand.NewPCG(11, 12)), n)
	tr, err := New(cfg, x)
	if err != nil {
		t.Fatal(err)
	}
	for range steps {
		if _, err := tr.Step(); err != nil {
			t.Fatal(err)
		}
	}
	return tr, x
}

func normals(rng *rand.Rand, n int) []float32 {
	e := make([]float32, n)
	for i := range e {
		e[i] = float32(nn.NormFloat64(rng))
	}
	return e
}

// batchRow is what the trainer's batch computation holds for one row after
// forward, terms and backward on a whole batch: its intermediates, and its
// gradients multiplied by the batch size (the batch loss is a mean).
type batchRow struct {
	hidden, encOut, code, out, dLatent, dEnc []float32
	recon                                    float64
}

func runBatch(t *testing.T, tr *Trainer, b Batch, r int) batchRow {
	t.Helper()
	xin, eps, rows, err := tr.load(b)
	if err != nil {
		t.Fatal(err)
	}
	tr.net.zeroGrad()
	out := tr.forward(xin, eps, rows)
	tr.terms(tr.xb, out, rows)
	tr.backward(rows)
	L, enc := tr.cfg.Latent, tr.net.enc
	row := func(s []float32, w int) []float32 { return clone32(s[r*w : (r+1)*w]) }
	scaled := func(s []float32, w int) []float32 {
		v := row(s, w)
		for i := range v {
			v[i] *= float32(rows)
		}
		return v
	}
	br := batchRow{
		encOut: row(enc[len(enc)-1].Output(), enc[len(enc)-1].Out),
		code:   row(tr.code, L),
		out:    row(out, tr.cfg.Input),
		recon:  float64(tr.perRow[r]),
	}
	if len(enc) > 1 {
		br.hidden = row(enc[0].Output(), enc[0].Out)
	}
	br.dLatent = scaled(tr.dLatent, L)
	if tr.cfg.Kind == "vae" {
		br.dEnc = scaled(tr.dEnc, 2*L)
	}
	return br
}

// close32 reports the worst difference between a and b relative to
// max(1, |b|), failing if it exceeds float32 precision (a few ulps of the
// sums involved).
func close32(t *testing.T, what string, a, b []float32, tol float64) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("%s: %d values, want %d", what, len(a), len(b))
	}
	worst, at := 0.0, 0
	for i := range a {
		d := math.Abs(float64(a[i]-b[i])) / math.Max(1, math.Abs(float64(b[i])))
		if d > worst {
			worst, at = d, i
		}
	}
	if worst > tol {
		t.Errorf("%s: value %d is %g in the trace, %g in the batch (relative %.2g > %.2g)", what, at, a[at], b[at], worst, tol)
	}
}

// TestTraceMatchesBatch: every intermediate and gradient of the trace of
// one example equals the trainer's batch computation restricted to that
// example, with the same weights and the same ε, to float32 precision.
func TestTraceMatchesBatch(t *testing.T) {
	for _, kind := range []string{"vae", "cae", "ae"} {
		t.Run(kind, func(t *testing.T) {
			cfg := smallConfig(kind)
			tr, x := trained(t, cfg, 40, 15)
			const rows, r = 8, 5
			d, L := cfg.Input, cfg.Latent
			b := Batch{X: x[:rows*d]}
			if kind == "vae" {
				b.Eps = normals(rand.New(rand.NewPCG(5, 5)), rows*L)
			}
			want := runBatch(t, tr, b, r)
			in := TraceInput{X: x[r*d : (r+1)*d]}
			if kind == "vae" {
				in.Eps = b.Eps[r*L : (r+1)*L]
			}
			got, err := tr.Trace(in)
			if err != nil {
				t.Fatal(err)
			}
			const tol = 2e-6
			if want.hidden != nil {
				close32(t, "hidden", got.Hidden[0], want.hidden, tol)
			}
			if kind == "vae" {
				close32(t, "μ", got.Mu, want.encOut[:L], tol)
				close32(t, "log σ²", got.LogVar, want.encOut[L:], tol)
				close32(t, "z", got.Z, want.code, tol)
				close32(t, "∂/∂μ", got.GradMu, want.dEnc[:L], 1e-5)
				close32(t, "∂/∂log σ²", got.GradLogVar, want.dEnc[L:], 1e-5)
			} else {
				close32(t, "code", got.Code, want.code, tol)
			}
			close32(t, "∂/∂z", got.GradZ, want.dLatent, 1e-5)
			close32(t, "x̂", got.Recon, sigmoids(want.out), tol)
			if math.Abs(got.ReconTerm-want.recon) > 1e-5*want.recon {
				t.Errorf("reconstruction term %g, batch row %g", got.ReconTerm, want.recon)
			}
		})
	}
}

func sigmoids(a []float32) []float32 {
	s := make([]float32, len(a))
	for i, v := range a {
		s[i] = float32(1 / (1 + math.Exp(-float64(v))))
	}
	return s
}

// TestTraceSums: the per-pixel terms sum to the reconstruction term, the
// per-dimension KLs to the KL, and the loss and −ELBO are their sums.
func TestTraceSums(t *testing.T) {
	cfg := smallConfig("vae")
	cfg.Beta = 0.5
	tr, x := trained(t, cfg, 30, 10)
	got, err := tr.Trace(TraceInput{X: x[:cfg.Input], Eps: normals(rand.New(rand.NewPCG(1, 2)), cfg.Latent)})
	if err != nil {
		t.Fatal(err)
	}
	var pix, kl float64
	for _, v := range got.ReconPixel {
		pix += v
	}
	for j, v := range got.KLPerDim {
		m, lv := float64(got.Mu[j]), float64(got.LogVar[j])
		if direct := 0.5 * (m*m + math.Exp(lv) - 1 - lv); math.Abs(v-direct) > 1e-6 {
			t.Errorf("KL_%d = %g, direct %g", j, v, direct)
		}
		kl += v
	}
	if math.Abs(pix-got.ReconTerm) > 1e-9*got.ReconTerm {
		t.Errorf("Σ per-pixel terms %g, reconstruction term %g", pix, got.ReconTerm)
	}
	if math.Abs(kl-got.KL) > 1e-9 || math.Abs(got.Loss-(got.ReconTerm+0.5*got.KL)) > 1e-9 ||
		math.Abs(got.NegELBO-(got.ReconTerm+got.KL)) > 1e-9 {
		t.Errorf("KL %g (Σ %g), loss %g, −ELBO %g, recon %g", got.KL, kl, got.Loss, got.NegELBO, got.ReconTerm)
	}
	for j := range got.Z {
		if z := got.Mu[j] + got.Sigma[j]*got.Eps[j]; z != got.Z[j] {
			t.Errorf("z_%d = %g, μ + σε = %g", j, got.Z[j], z)
		}
	}
}

// TestTraceGradientsFiniteDifference: the trace's ∂(−ELBO)/∂μ and
// ∂(−ELBO)/∂log σ² equal central differences of the traced −ELBO of that
// example as the encoder's output bias of μ_j (or log σ²_j) moves, which
// moves μ_j (log σ²_j) one for one.
func TestTraceGradientsFiniteDifference(t *testing.T) {
	cfg := tiny("vae")
	cfg.Kind = "vae"
	rng := rand.New(rand.NewPCG(8, 8))
	x := tinyData(rng, 4, cfg.Input)
	tr, err := New(cfg, x)
	if err != nil {
		t.Fatal(err)
	}
	in := TraceInput{X: x[:cfg.Input], Eps: normals(rng, cfg.Latent)}
	got, err := tr.Trace(in)
	if err != nil {
		t.Fatal(err)
	}
	bias := tr.net.enc[len(tr.net.enc)-1].B
	L := cfg.Latent
	for k := range 2 * L {
		base := bias[k]
		negELBO := func(v float64) float64 {
			bias[k] = base + float32(v)
			defer func() { bias[k] = base }()
			tv, err := tr.Trace(in)
			if err != nil {
				t.Fatal(err)
			}
			return tv.NegELBO
		}
		num := fd.Derivative(negELBO, 0, &fd.Settings{Formula: fd.Central, Step: 1e-2})
		ana := float64(got.GradMu[k%L])
		name := "μ"
		if k >= L {
			ana, name = float64(got.GradLogVar[k-L]), "log σ²"
		}
		if math.Abs(num-ana) > 2e-3*math.Max(1, math.Abs(num)) {
			t.Errorf("∂(−ELBO)/∂%s_%d: trace %g, finite difference %g", name, k%L, ana, num)
		}
	}
}

// TestTraceCAEJacobian: the penalty by the trainer's closed form equals
// the explicit sum of the traced Jacobian's squared entries, and that
// Jacobian equals the one core/infer computes from a snapshot.
func TestTraceCAEJacobian(t *testing.T) {
	for _, act := range []string{"sigmoid", "tanh", "relu"} {
		cfg := smallConfig("cae")
		cfg.CodeAct, cfg.Lambda = act, 0.3
		tr, x := trained(t, cfg, 30, 10)
		got, err := tr.Trace(TraceInput{X: x[2*cfg.Input : 3*cfg.Input]})
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got.Penalty-got.PenaltySum) > 1e-5*got.PenaltySum {
			t.Errorf("%s: ‖J‖²_F closed form %g, explicit sum %g", act, got.Penalty, got.PenaltySum)
		}
		if math.Abs(got.Loss-(got.ReconTerm+0.3*got.Penalty)) > 1e-9*got.Loss {
			t.Errorf("%s: loss %g ≠ recon %g + λ·%g", act, got.Loss, got.ReconTerm, got.Penalty)
		}
		snap := tr.Snapshot()
		want := snap.Jacobian(got.X)
		for i, v := range want {
			if math.Abs(v-got.Jacobian[i]) > 1e-5 {
				t.Fatalf("%s: J entry %d is %g, core/infer's %g", act, i, got.Jacobian[i], v)
			}
		}
	}
}

// TestTraceLeavesTrainerAlone: a trace changes neither the weights, nor the
// optimizer's state, nor the random stream: the next steps are bit-identical
// to a twin that never traced. The update it measures lowers the loss on
// the example.
func TestTraceLeavesTrainerAlone(t *testing.T) {
	cfg := smallConfig("vae")
	a, x := trained(t, cfg, 30, 5)
	b, _ := trained(t, cfg, 30, 5)
	got, err := a.Trace(TraceInput{X: x[:cfg.Input], Eps: make([]float32, cfg.Latent), LR: 1e-3})
	if err != nil {
		t.Fatal(err)
	}
	if !(got.LossAfter < got.Loss) || got.LR != 1e-3 {
		t.Errorf("loss before the step %g, after %g (step size %g)", got.Loss, got.LossAfter, got.LR)
	}
	for range 3 {
		ma, _ := a.Step()
		mb, _ := b.Step()
		if ma.Loss != mb.Loss || ma.GradNorm != mb.GradNorm {
			t.Fatalf("step %d after a trace: loss %v, ‖g‖ %v; without: %v, %v", ma.Step, ma.Loss, ma.GradNorm, mb.Loss, mb.GradNorm)
		}
	}
	if len(got.Layers) != 4 || got.Layers[0].Name != "enc0" || !(got.Layers[0].WNorm > 0) {
		t.Errorf("layer gradients %+v", got.Layers)
	}
}

// TestTraceRefusesBadInput: a wrong-sized example or ε, a non-finite
// value or step size is an error, not a panic.
func TestTraceRefusesBadInput(t *testing.T) {
	cfg := smallConfig("vae")
	tr, x := trained(t, cfg, 20, 1)
	eps := make([]float32, cfg.Latent)
	bad := []TraceInput{
		{X: x[:3], Eps: eps},
		{X: x[:cfg.Input]},
		{X: x[:cfg.Input], Eps: []float32{float32(math.NaN()), 0}},
		{X: x[:cfg.Input], Eps: eps, LR: -1},
	}
	for i, in := range bad {
		if _, err := tr.Trace(in); err == nil {
			t.Errorf("input %d: no error", i)
		}
	}
}
