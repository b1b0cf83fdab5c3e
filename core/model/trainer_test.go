package model

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"latentlab/core/spec"

	"latentlab/core/infer"
)

var update = flag.Bool("update", false, "rewrite testdata golden files")

func TestValidate(t *testing.T) {
	for _, kind := range []string{"ae", "dae", "cae", "vae"} {
		if err := spec.Default(kind).Validate(); err != nil {
			t.Errorf("spec.Default(%q): %v", kind, err)
		}
	}
	for _, p := range []string{"r1", "r2", "r3"} {
		c, err := spec.Preset(p)
		if err != nil || c.Validate() != nil {
			t.Errorf("spec.Preset(%q): %v", p, err)
		}
	}
	bad := []struct {
		edit func(*Config)
		want string
	}{
		{func(c *Config) { c.Kind = "gan" }, `kind "gan"`},
		{func(c *Config) { c.Latent = 65 }, "latent dimension 65"},
		{func(c *Config) { c.Latent = 0 }, "latent dimension 0"},
		{func(c *Config) { c.HiddenAct = "swish" }, "hidden activation"},
		{func(c *Config) { c.CodeAct = "sigmoid" }, "use identity"},
		{func(c *Config) { c.Output = "poisson" }, "output distribution"},
		{func(c *Config) { c.Beta = -1 }, "beta = -1"},
		{func(c *Config) { c.LR = 0 }, "learning rate 0"},
		{func(c *Config) { c.LR = math.NaN() }, "learning rate NaN"},
		{func(c *Config) { c.MaskProb = 1 }, "mask_prob"},
		{func(c *Config) { c.SaltProb = 1 }, "salt_prob"},
		{func(c *Config) { c.SaltProb = -0.1 }, "salt_prob"},
		{func(c *Config) { c.Batch = 0 }, "batch size 0"},
		{func(c *Config) { c.Optimizer = "rmsprop" }, "optimizer"},
		{func(c *Config) { c.Hidden = []int{0} }, "width 0"},
		{func(c *Config) { c.Kind, c.CodeAct = "cae", "sigmoid" }, "one-layer encoder"},
		{func(c *Config) { c.Hidden = []int{4096, 4096, 4096} }, "weights: at most"},
	}
	for _, b := range bad {
		c := spec.Default("vae")
		b.edit(&c)
		err := c.Validate()
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("want error containing %q, got %v", b.want, err)
		}
		if _, err := New(c, make([]float32, 784)); err == nil {
			t.Errorf("New accepted invalid config (%s)", b.want)
		}
	}
	if _, err := New(spec.Default("vae"), make([]float32, 100)); err == nil {
		t.Error("New accepted a training set of the wrong width")
	}
	nan := make([]float32, 784*2)
	nan[784+5] = float32(math.NaN())
	if _, err := New(spec.Default("vae"), nan); err == nil || !strings.Contains(err.Error(), "row 1, feature 5") {
		t.Errorf("New accepted a NaN input: %v", err)
	}
}

// smallMNISTLike returns n sparse 8×8 "images" with values in [0,1].
func smallMNISTLike(rng *rand.Rand, n int) []float32 {
	x := make([]float32, n*64)
	for i := range x {
		if rng.Float64() < 0.25 {
			x[i] = float32(rng.Float64())
		}
	}
	return x
}

func smallConfig(kind string) Config {
	c := spec.Default(kind)
	c.Input, c.Hidden, c.Batch, c.LR = 64, []int{16}, 10, 3e-3
	if kind == "cae" {
		c.Hidden, c.Latent = nil, 8
	}
	if kind != "vae" && kind != "cae" {
		c.Latent = 4
	}
	return c
}

// lossTrace trains every kind for a few steps and returns one line per
// step with the bits of the loss and of the first weight.
func lossTrace(t *testing.T) []string {
	var lines []string
	for _, kind := range []string{"ae", "dae", "cae", "vae"} {
		c := smallConfig(kind)
		c.Seed = 42
		if kind == "dae" {
			c.MaskProb = 0.2
		}
		tr, err := New(c, smallMNISTLike(rand.New(rand.NewPCG(1, 2)), 35))
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 12; i++ {
			m, err := tr.Step()
			if err != nil {
				t.Fatal(err)
			}
			lines = append(lines, fmt.Sprintf("%s %d %016x %08x", kind, m.Step,
				math.Float64bits(m.Loss), math.Float32bits(tr.net.enc[0].W[3])))
		}
	}
	return lines
}

// TestDeterministicLosses compares the first losses of every model kind
// with a golden file written natively (go test -run Deterministic -update).
// make test runs it natively and under GOOS=js GOARCH=wasm with the scalar
// kernels and with the SIMD ones (GOEXPERIMENT=simd: the two engine
// builds), so passing it proves that training is bit-identical across the
// platforms and the builds (core/kernel explains why they agree; natively
// with GOEXPERIMENT=simd, on AVX2, it passes too).
func TestDeterministicLosses(t *testing.T) {
	got := lossTrace(t)
	again := lossTrace(t)
	if strings.Join(got, "\n") != strings.Join(again, "\n") {
		t.Fatal("two runs with the same seed differ")
	}
	path := filepath.Join("testdata", "losses.golden")
	if *update {
		if err := os.WriteFile(path, []byte(strings.Join(got, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (generate it natively with -update)", err)
	}
	defer f.Close()
	var want []string
	for s := bufio.NewScanner(f); s.Scan(); {
		want = append(want, s.Text())
	}
	if len(want) != len(got) {
		t.Fatalf("golden has %d lines, run has %d", len(want), len(got))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("step line %d: got %q, golden %q", i, got[i], want[i])
		}
	}
}

func TestDivergenceIsReportedAndRecovered(t *testing.T) {
	c := smallConfig("ae")
	c.Optimizer, c.LR, c.Output = "sgd", 10, "gaussian"
	x := smallMNISTLike(rand.New(rand.NewPCG(3, 3)), 40)
	for i := range x {
		x[i] *= 100
	}
	tr, err := New(c, x)
	if err != nil {
		t.Fatal(err)
	}
	var stepErr error
	for i := 0; i < 50 && stepErr == nil; i++ {
		_, stepErr = tr.Step()
	}
	if !errors.Is(stepErr, ErrDiverged) || !strings.Contains(stepErr.Error(), "lower the learning rate") {
		t.Fatalf("want a divergence error with advice, got %v", stepErr)
	}
	if name, ok := tr.weightsFinite(); !ok {
		t.Fatalf("weights of %s left non-finite", name)
	}
	before := tr.Steps()
	if err := tr.SetLR(1e-6); err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Step(); err != nil {
		t.Fatalf("after lowering the learning rate: %v", err)
	}
	if tr.Steps() != before+1 {
		t.Fatal("step count did not advance")
	}
}

func TestNoPanicReachesCaller(t *testing.T) {
	tr, err := New(smallConfig("vae"), smallMNISTLike(rand.New(rand.NewPCG(4, 4)), 20))
	if err != nil {
		t.Fatal(err)
	}
	tr.net.enc[0].W = tr.net.enc[0].W[:3] // corrupt internal state
	if _, err := tr.Step(); err == nil || !strings.Contains(err.Error(), "internal error") {
		t.Fatalf("want an internal error, got %v", err)
	}
	if _, err := tr.Evaluate(make([]float32, 5)); err == nil {
		t.Fatal("Evaluate accepted a bad set")
	}
	if err := tr.SetLR(-1); err == nil {
		t.Fatal("SetLR(-1) accepted")
	}
	if err := tr.SetBeta(math.Inf(1)); err == nil {
		t.Fatal("SetBeta(+Inf) accepted")
	}
	if err := tr.SetNoise(0.1, 1); err == nil {
		t.Fatal("SetNoise with p = 1 accepted")
	}
	if err := tr.SetNoise(0.2, 0.3); err != nil || tr.Config().NoiseStd != 0.2 {
		t.Fatalf("SetNoise: %v", err)
	}
	if c := tr.Config(); tr.NumParams() != c.NumParams() {
		t.Fatalf("NumParams %d, config says %d", tr.NumParams(), c.NumParams())
	}
}

func TestSnapshotAndFromNetwork(t *testing.T) {
	for _, kind := range []string{"ae", "cae", "vae"} {
		c := smallConfig(kind)
		x := smallMNISTLike(rand.New(rand.NewPCG(5, 5)), 30)
		tr, err := New(c, x)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 5; i++ {
			if _, err := tr.Step(); err != nil {
				t.Fatal(err)
			}
		}
		net := tr.Snapshot()
		if err := net.Check(); err != nil {
			t.Fatalf("%s: snapshot invalid: %v", kind, err)
		}
		// The snapshot decodes like the trainer: compare on one code.
		z := make([]float32, c.Latent)
		for i := range z {
			z[i] = 0.3 * float32(i+1)
		}
		got := net.Decode(z)
		out := tr.net.dec[0].Forward(z, 1)
		for _, l := range tr.net.dec[1:] {
			out = l.Forward(out, 1)
		}
		for i := range got {
			want := 1 / (1 + math.Exp(-float64(out[i])))
			if math.Abs(float64(got[i])-want) > 1e-5 {
				t.Fatalf("%s: decode[%d] = %g, trainer %g", kind, i, got[i], want)
			}
		}
		// Mutating the snapshot does not touch the trainer.
		w0 := net.Decoder[0].W[0]
		net.Decoder[0].W[0] += 1
		if tr.Snapshot().Decoder[0].W[0] == net.Decoder[0].W[0] {
			t.Fatalf("%s: snapshot is not a deep copy", kind)
		}
		net.Decoder[0].W[0] = w0
		var reused infer.Network
		tr.SnapshotInto(&reused)
		w := &reused.Encoder[0].W[0]
		tr.SnapshotInto(&reused)
		if w != &reused.Encoder[0].W[0] || !reflect.DeepEqual(reused, net) {
			t.Fatalf("%s: SnapshotInto did not reuse its buffers or differs from Snapshot", kind)
		}
		tr2, err := FromNetwork(c, net, x)
		if err != nil {
			t.Fatal(err)
		}
		m1, _ := tr.Evaluate(x)
		m2, _ := tr2.Evaluate(x)
		if m1.Loss != m2.Loss {
			t.Fatalf("%s: loaded model evaluates to %+v, original %+v", kind, m2, m1)
		}
		c2 := c
		c2.Latent++
		if _, err := FromNetwork(c2, net, x); err == nil {
			t.Fatalf("%s: FromNetwork accepted a mismatched architecture", kind)
		}
	}
}

func TestEvaluateAndLogLikelihood(t *testing.T) {
	c := smallConfig("vae")
	x := smallMNISTLike(rand.New(rand.NewPCG(6, 6)), 50)
	tr, err := New(c, x)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 30; i++ {
		if _, err := tr.Step(); err != nil {
			t.Fatal(err)
		}
	}
	m1, err := tr.Evaluate(x)
	if err != nil {
		t.Fatal(err)
	}
	m2, _ := tr.Evaluate(x)
	if m1.Loss != m2.Loss || len(m1.KLPerDim) != c.Latent {
		t.Fatalf("evaluate not repeatable: %g vs %g", m1.Loss, m2.Loss)
	}
	var s float64
	for _, v := range m1.KLPerDim {
		s += v
	}
	if math.Abs(s-m1.KL) > 1e-9 || math.Abs(m1.ELBO+m1.Recon+m1.KL) > 1e-9 {
		t.Fatalf("inconsistent metrics %+v", m1)
	}
	ll1, err := tr.LogLikelihood(x, 1)
	if err != nil {
		t.Fatal(err)
	}
	ll50, err := tr.LogLikelihood(x, 50)
	if err != nil {
		t.Fatal(err)
	}
	// k = 1 estimates the ELBO; more samples tighten the bound.
	if math.Abs(ll1-m1.ELBO) > 0.05*math.Abs(m1.ELBO) || ll50 < ll1 {
		t.Fatalf("IWAE: k=1 %g (ELBO %g), k=50 %g", ll1, m1.ELBO, ll50)
	}
	if _, err := New(smallConfig("ae"), x); err != nil {
		t.Fatal(err)
	}
}

// TestStepAllocations checks that a warmed-up step allocates only the
// per-dimension KL slice it returns.
func TestStepAllocations(t *testing.T) {
	c := smallConfig("vae")
	tr, err := New(c, smallMNISTLike(rand.New(rand.NewPCG(8, 8)), 40))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 10; i++ {
		if _, err := tr.Step(); err != nil {
			t.Fatal(err)
		}
	}
	if a := testing.AllocsPerRun(20, func() { tr.Step() }); a > 1 {
		t.Fatalf("%g allocations per step, want ≤ 1 (Metrics.KLPerDim)", a)
	}
}

// A tied model's decoder is always its encoder's transpose, its shared
// weights are counted once, and training keeps them tied.
func TestTiedWeights(t *testing.T) {
	c := spec.Default(spec.CAE)
	c.Input, c.Latent, c.Output, c.Tied, c.Batch = 2, 16, "gaussian", true, 32
	rng := rand.New(rand.NewPCG(3, 3))
	x := make([]float32, 2*100)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	tr, err := New(c, x)
	if err != nil {
		t.Fatal(err)
	}
	if tr.NumParams() != c.NumParams() || c.NumParams() != 16*2+16+2 {
		t.Errorf("tied 2→16→2 has %d parameters (config says %d), want %d", tr.NumParams(), c.NumParams(), 16*2+16+2)
	}
	for range 20 {
		if _, err := tr.Step(); err != nil {
			t.Fatal(err)
		}
	}
	net := tr.Snapshot()
	e, d := net.Encoder[0], net.Decoder[0] // infer layout: W is Out×In
	for j := 0; j < e.Out; j++ {
		for i := 0; i < e.In; i++ {
			if e.W[j*e.In+i] != d.W[i*d.In+j] {
				t.Fatalf("after training W_dec[%d][%d] = %v, W_enc[%d][%d] = %v", i, j, d.W[i*d.In+j], j, i, e.W[j*e.In+i])
			}
		}
	}
	if got := tr.Config().Hidden; got == nil || len(got) != 0 {
		t.Errorf("Config().Hidden = %#v, want the empty (not nil: WithDefaults would choose) list it was built with", got)
	}
	c.Hidden = []int{4}
	if c.Validate() == nil {
		t.Error("tied weights with a hidden layer accepted")
	}
}

// CenterOutput: the untrained model reconstructs the origin as the origin.
func TestCenterOutput(t *testing.T) {
	c := spec.Default(spec.CAE)
	c.Input, c.Latent, c.Output, c.Tied, c.CenterOutput = 2, 16, "gaussian", true, true
	tr, err := New(c, []float32{1, 0, 0, 1, -1, 0})
	if err != nil {
		t.Fatal(err)
	}
	net := tr.Snapshot()
	if r := net.Reconstruct([]float32{0, 0}); math.Abs(float64(r[0])) > 1e-6 || math.Abs(float64(r[1])) > 1e-6 {
		t.Errorf("r(0) = %v, want 0", r)
	}
	c.CenterOutput = false
	tr, _ = New(c, []float32{1, 0, 0, 1, -1, 0})
	if net := tr.Snapshot(); net.Reconstruct([]float32{0, 0})[0] == 0 {
		t.Error("without CenterOutput r(0) is 0 too: the test shows nothing")
	}
}

// OutputVar scales the Gaussian reconstruction term: σ² = ½ gives the plain
// squared error, twice the unit-variance ½‖x − x̂‖², and the ELBO's
// constant follows σ².
func TestOutputVariance(t *testing.T) {
	x := []float32{0.5, -1, 2, 0.25, 1, 1, -0.5, 0}
	metrics := func(kind string, v float64) Metrics {
		c := spec.Default(kind)
		c.Input, c.Hidden, c.Latent, c.Output, c.OutputVar, c.Batch = 2, []int{}, 1, "gaussian", v, 4
		if kind == spec.VAE {
			c.Hidden = []int{3}
		}
		tr, err := New(c, x)
		if err != nil {
			t.Fatal(err)
		}
		m, err := tr.Evaluate(x)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	unit, half := metrics(spec.AE, 0), metrics(spec.AE, 0.5)
	if math.Abs(half.Recon-2*unit.Recon) > 1e-9*unit.Recon {
		t.Errorf("σ² = ½: recon %g, want twice %g", half.Recon, unit.Recon)
	}
	vu, vh := metrics(spec.VAE, 1), metrics(spec.VAE, 0.5)
	// ELBO = −(recon + KL) − ½·D·log(2πσ²): with σ² = ½ the constant is ½·2·log 2 larger.
	if got, want := vh.ELBO-(-(vh.Recon + vh.KL)), vu.ELBO-(-(vu.Recon + vu.KL))+math.Log(2); math.Abs(got-want) > 1e-9 {
		t.Errorf("ELBO constant %g, want %g", got, want)
	}
}

// TestCopyWeights: a raw copy of the weights, turned into a network later,
// is the snapshot of when it was copied (bit for bit), whatever training
// happened since; copying again reuses the buffers; WeightsFinite sees a NaN.
func TestCopyWeights(t *testing.T) {
	for _, kind := range []string{"ae", "cae", "vae"} {
		c := smallConfig(kind)
		x := smallMNISTLike(rand.New(rand.NewPCG(6, 6)), 30)
		tr, err := New(c, x)
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			if _, err := tr.Step(); err != nil {
				t.Fatal(err)
			}
		}
		var w Weights
		tr.CopyWeights(&w)
		want := tr.Snapshot()
		first := &w.w[0][0]
		for range 3 {
			if _, err := tr.Step(); err != nil {
				t.Fatal(err)
			}
		}
		if got := tr.NetworkOf(&w); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: NetworkOf differs from the snapshot taken with the copy", kind)
		}
		tr.CopyWeights(&w)
		if &w.w[0][0] != first || !reflect.DeepEqual(tr.NetworkOf(&w), tr.Snapshot()) {
			t.Fatalf("%s: a second copy did not reuse its buffers or differs from Snapshot", kind)
		}
		if !tr.WeightsFinite() {
			t.Fatalf("%s: finite weights reported not finite", kind)
		}
		tr.net.dec[len(tr.net.dec)-1].B[0] = float32(math.NaN())
		if tr.WeightsFinite() {
			t.Fatalf("%s: a NaN bias went unseen", kind)
		}
	}
}
