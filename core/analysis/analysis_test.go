package analysis

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"

	"latentlab/core/data"
	"latentlab/core/infer"
	"latentlab/core/model"
	"latentlab/core/spec"
)

// trained returns the snapshot of a small model of the given kind trained
// for a few steps on sparse 6×6 images.
func trained(t *testing.T, kind string) (infer.Network, []float32) {
	t.Helper()
	c := spec.Default(kind)
	c.Input, c.Batch = 36, 8
	switch kind {
	case "cae":
		c.Latent = 5
	case "vae":
		c.Hidden, c.HiddenAct, c.Latent = []int{7, 6}, "tanh", 2
	default:
		c.Hidden, c.Latent = []int{7}, 3
	}
	rng := rand.New(rand.NewPCG(1, 1))
	x := make([]float32, 40*36)
	for i := range x {
		if rng.Float64() < 0.4 {
			x[i] = float32(rng.Float64())
		}
	}
	tr, err := model.New(c, x)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		if _, err := tr.Step(); err != nil {
			t.Fatal(err)
		}
	}
	return tr.Snapshot(), x
}

func TestJacobianMatchesFiniteDifferences(t *testing.T) {
	for _, kind := range []string{"ae", "cae", "vae"} {
		net, x := trained(t, kind)
		x0 := x[:net.Input]
		j, err := Jacobian(&net, x0)
		if err != nil {
			t.Fatal(err)
		}
		f := func(y, xv []float64) {
			in := make([]float32, len(xv))
			for i, v := range xv {
				in[i] = float32(v)
			}
			mu, _ := net.Encode(in)
			for k := range y {
				y[k] = float64(mu[k])
			}
		}
		num := mat.NewDense(net.Latent, net.Input, nil)
		x64 := make([]float64, len(x0))
		for i, v := range x0 {
			x64[i] = float64(v)
		}
		fd.Jacobian(num, f, x64, &fd.JacobianSettings{Formula: fd.Central, Step: 1e-2})
		worst := 0.0
		for r := 0; r < net.Latent; r++ {
			for c := 0; c < net.Input; c++ {
				worst = math.Max(worst, math.Abs(j[r*net.Input+c]-num.At(r, c)))
			}
		}
		if worst > 2e-3 {
			t.Errorf("%s: analytic and finite-difference Jacobians differ by %g", kind, worst)
		}
		// The singular values agree with gonum's SVD of the same matrix.
		sv, frob2 := SingularValues(j, net.Latent, net.Input)
		var svd mat.SVD
		if !svd.Factorize(mat.NewDense(net.Latent, net.Input, j), mat.SVDNone) {
			t.Fatal("gonum SVD failed")
		}
		var s2 float64
		for k, want := range svd.Values(nil) {
			s2 += want * want
			if math.Abs(sv[k]-want) > 1e-9*math.Max(1, want) {
				t.Errorf("%s: σ_%d = %g, gonum %g", kind, k, sv[k], want)
			}
		}
		if math.Abs(s2-frob2) > 1e-9*math.Max(1, s2) {
			t.Errorf("%s: Σσ² = %g, ‖J‖²_F = %g", kind, s2, frob2)
		}
	}
}

// TestCAEContractsMoreThanAE trains a plain AE and a CAE of the same
// architecture and seed on the noisy circle and checks the lesson's claim:
// the CAE's encoder is measurably more contractive.
func TestCAEContractsMoreThanAE(t *testing.T) {
	set, err := data.Toy("circle", 400, 0.05, 3)
	if err != nil {
		t.Fatal(err)
	}
	ratio := map[string]float64{}
	for _, kind := range []string{"ae", "cae"} {
		c := spec.Default(kind)
		c.Kind, c.Input, c.Hidden, c.Latent = kind, 2, nil, 16
		c.CodeAct, c.Output, c.Batch, c.LR, c.Lambda, c.Seed = "sigmoid", "gaussian", 40, 1e-2, 0.5, 7
		tr, err := model.New(c, set.X)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 1500; i++ {
			if _, err := tr.Step(); err != nil {
				t.Fatal(err)
			}
		}
		net := tr.Snapshot()
		ratio[kind], _, err = Sensitivity(&net, set.X[:200*2], Code, 0.05, 5, rand.New(rand.NewPCG(5, 5)))
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("contraction ratio: AE %.3f, CAE %.3f", ratio["ae"], ratio["cae"])
	if !(ratio["cae"] < 0.8*ratio["ae"]) {
		t.Fatalf("CAE ratio %g is not below 0.8 × AE ratio %g", ratio["cae"], ratio["ae"])
	}
}

func TestGridsInterpolationPriorFilters(t *testing.T) {
	net, x := trained(t, "vae")
	g, err := LatentGrid(&net, GridSpec{N: 5, DimX: 0, DimY: 1, Quantile: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Z) != 25*2 || len(g.Out) != 25*36 || math.Abs(g.Axis[2]) > 1e-12 || math.Abs(g.Axis[0]+g.Axis[4]) > 1e-12 {
		t.Fatalf("quantile grid: axis %v", g.Axis)
	}
	if g.Z[0] != float32(g.Axis[0]) || g.Z[1] != float32(g.Axis[4]) { // top-left: min x, max y
		t.Fatalf("grid corner %v", g.Z[:2])
	}
	u, err := LatentGrid(&net, GridSpec{N: 3, DimX: 1, DimY: 0, Lo: -2, Hi: 2})
	if err != nil || u.Axis[0] != -2 || u.Axis[2] != 2 {
		t.Fatalf("uniform grid: %v %v", u, err)
	}
	if _, err := LatentGrid(&net, GridSpec{N: 3, DimX: 0, DimY: 5, Lo: -1, Hi: 1}); err == nil {
		t.Fatal("grid over a missing dimension accepted")
	}
	z0, z1 := []float32{-1, 0}, []float32{1, 2}
	codes, out, err := Interpolate(&net, z0, z1, 4)
	if err != nil {
		t.Fatal(err)
	}
	d0, _ := Decode(&net, z0)
	d1, _ := Decode(&net, z1)
	for i := range d0 {
		if out[i] != d0[i] || out[3*36+i] != d1[i] {
			t.Fatal("interpolation endpoints differ from decoding the endpoints")
		}
	}
	if math.Abs(float64(codes[2])+1.0/3) > 1e-6 {
		t.Fatalf("codes %v", codes)
	}
	zs, outs, err := SamplePrior(&net, 6, rand.New(rand.NewPCG(2, 2)))
	zs2, _, _ := SamplePrior(&net, 6, rand.New(rand.NewPCG(2, 2)))
	if err != nil || len(zs) != 12 || len(outs) != 6*36 || zs[5] != zs2[5] {
		t.Fatalf("prior samples: %v", err)
	}
	mu, sigma, err := Encode(&net, x[:3*36])
	if err != nil || len(mu) != 6 || len(sigma) != 6 || !(sigma[0] > 0) {
		t.Fatalf("encode: %v %v %v", mu, sigma, err)
	}
	rec, err := Reconstruct(&net, x[:2*36])
	if err != nil || len(rec) != 72 {
		t.Fatalf("reconstruct: %v", err)
	}
	f, units, err := FirstLayerFilters(&net)
	if err != nil || units != 7 || len(f) != 7*36 {
		t.Fatalf("filters: %d %v", units, err)
	}
	if _, _, err := Encode(&net, x[:35]); err == nil {
		t.Fatal("bad input length accepted")
	}
	if _, err := Decode(&infer.Network{}, z0); err == nil {
		t.Fatal("invalid network accepted")
	}
}

func TestContractionRatioOfLinearMap(t *testing.T) {
	// f(x) = 0.5·x exactly: ρ = 0.5 for any noise.
	net := infer.Network{Kind: "ae", Input: 2, Latent: 2, OutputDist: "gaussian",
		Encoder: infer.MLP{{In: 2, Out: 2, W: []float32{0.5, 0, 0, 0.5}, B: []float32{0, 0}}},
		Decoder: infer.MLP{{In: 2, Out: 2, W: []float32{1, 0, 0, 1}, B: []float32{0, 0}}},
	}
	r, se, err := Sensitivity(&net, []float32{0.3, -0.2, 1, 1}, Code, 0.1, 20, rand.New(rand.NewPCG(1, 2)))
	if err != nil || math.Abs(r-0.5) > 1e-4 || se > 1e-4 {
		t.Fatalf("ρ = %g ± %g, %v", r, se, err)
	}
	// The reconstruction r = g(f(x)) = 0.5·x too (the decoder is the identity).
	if r, _, _ := Sensitivity(&net, []float32{0.3, -0.2}, Reconstruction, 0.1, 20, rand.New(rand.NewPCG(1, 2))); math.Abs(r-0.5) > 1e-4 {
		t.Fatalf("reconstruction ρ = %g", r)
	}
	if _, err := ParseOf("codes"); err == nil {
		t.Error("an unknown measure was accepted")
	}
}
