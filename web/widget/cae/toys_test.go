package cae

import (
	"math"
	"math/rand/v2"
	"testing"

	"latentlab/core/analysis"
	"latentlab/core/data"
	"latentlab/core/infer"
	"latentlab/core/model"
	"latentlab/core/spec"
)

// trainToy trains a toy model the way the engine worker does (core/model on
// core/data's toy set) for steps steps and returns its network.
func trainToy(t *testing.T, c spec.Config, x []float32, steps int) infer.Network {
	t.Helper()
	tr, err := model.New(c, x)
	if err != nil {
		t.Fatal(err)
	}
	for range steps {
		if _, err := tr.Step(); err != nil {
			t.Fatal(err)
		}
	}
	return tr.Snapshot()
}

func toySet(t *testing.T, name string, n int, noise float64, seed uint64) []float32 {
	t.Helper()
	s, err := data.Toy(name, n, noise, seed)
	if err != nil {
		t.Fatal(err)
	}
	return s.X
}

func ratio(t *testing.T, net *infer.Network, x []float32, sigma float64, draws int) float64 {
	t.Helper()
	r, _, err := analysis.Sensitivity(net, x, analysis.Code, sigma, draws, rand.New(rand.NewPCG(7, 7)))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestToyConfigs(t *testing.T) {
	for _, kind := range []string{spec.CAE, spec.DAE} {
		c := ToyConfig(kind, 16, 0.01, 2)
		if err := c.WithDefaults(spec.Data{Dim: 2, N: toyTrainN}).Validate(); err != nil {
			t.Errorf("%s: %v", kind, err)
		}
		if !c.Tied || c.Latent != 16 || c.Variance() != 0.5 || c.Lambda != 0 || c.NoiseStd != 0 {
			t.Errorf("%s: %+v", kind, c)
		}
	}
}

// The contraction lab's claims (lessons/cae.md), with its defaults on
// several seeds: after training, the CAE's code is measurably more
// contractive on the data than the plain AE's, while it still reconstructs
// the data well.
func TestLabClaims(t *testing.T) {
	if testing.Short() {
		t.Skip("trains six toy models")
	}
	for seed := uint64(1); seed <= 3; seed++ {
		v := LabParams.Defaults()
		v[pLabSeed.Name] = int(seed)
		cs, _ := LabModels(v)
		x := toySet(t, pLabData.Get(v), toyTrainN, pLabNoise.Get(v), seed)
		netAE, netCAE := trainToy(t, cs[0], x, 1500), trainToy(t, cs[1], x, 1500)
		ra, rc := ratio(t, &netAE, x, labRatioSigma, 4), ratio(t, &netCAE, x, labRatioSigma, 4)
		rec, err := analysis.Reconstruct(&netCAE, x)
		if err != nil {
			t.Fatal(err)
		}
		var se float64
		for i, v := range rec {
			d := float64(v - x[i])
			se += d * d
		}
		se /= float64(toyTrainN)
		t.Logf("seed %d: ratio AE %.3f, CAE %.3f; CAE ‖r(x)−x‖² %.4f", seed, ra, rc, se)
		if !(rc < ra) {
			t.Errorf("seed %d: CAE ratio %.3f is not below the AE's %.3f", seed, rc, ra)
		}
		if se > 0.2 {
			t.Errorf("seed %d: the CAE reconstructs the data poorly (‖r(x)−x‖² = %.3f)", seed, se)
		}
	}
}

// The sensitivity meter's claim (lessons/cae.md): at small σ the CAE's code
// is the least sensitive, on held-out points, on several seeds.
func TestMeterClaims(t *testing.T) {
	if testing.Short() {
		t.Skip("trains nine toy models")
	}
	for seed := uint64(1); seed <= 3; seed++ {
		v := MeterParams.Defaults()
		v[pMeterSeed.Name] = int(seed)
		cs, _ := MeterModels(v)
		x := toySet(t, pMeterData.Get(v), toyTrainN, toyNoise, seed)
		held := toySet(t, pMeterData.Get(v), toyHeldN, toyNoise, seed+1000)
		var r [3]float64
		for i, c := range cs {
			net := trainToy(t, c, x, pMeterSteps.Get(v))
			r[i] = ratio(t, &net, held, 0.1, meterDraws)
		}
		t.Logf("seed %d: ratios at σ = 0.1: AE %.3f, DAE %.3f, CAE %.3f", seed, r[0], r[1], r[2])
		if !(r[2] < r[0] && r[2] < r[1]) {
			t.Errorf("seed %d: the CAE (%.3f) is not the least sensitive (AE %.3f, DAE %.3f)", seed, r[2], r[0], r[1])
		}
	}
}

func TestEllipse(t *testing.T) {
	c, s := math.Cos(math.Pi/6), math.Sin(math.Pi/6)
	pts := Ellipse(1, 2, 3, 1, c, s, 8)
	if d := math.Hypot(pts[0]-1, pts[1]-2); math.Abs(d-3) > 1e-12 {
		t.Fatalf("first ellipse point at distance %g, want 3", d)
	}
	if d := math.Hypot(pts[4]-1, pts[5]-2); math.Abs(d-1) > 1e-12 {
		t.Fatalf("quarter ellipse point at distance %g, want 1", d)
	}
}

func TestField(t *testing.T) {
	a := Field(func(x, y float64) (float64, float64) { return x / 2, y / 2 }, 4, -2, 2)
	if len(a) != 16 {
		t.Fatalf("%d arrows", len(a))
	}
	if a[0].X0 != -1.5 || a[0].Y0 != 1.5 || a[0].X1 != -0.75 {
		t.Fatalf("first arrow %+v", a[0])
	}
}

func TestCapArrow(t *testing.T) {
	a := CapArrow(Arrow{1, 1, 4, 5}, 0.5)
	if math.Abs(math.Hypot(a.X1-1, a.Y1-1)-0.5) > 1e-12 || math.Abs(a.X1-1.3) > 1e-12 {
		t.Fatalf("capped arrow %+v", a)
	}
	if b := CapArrow(Arrow{0, 0, 0.1, 0}, 0.5); b.X1 != 0.1 {
		t.Fatalf("short arrow changed: %+v", b)
	}
}

func TestHandCalcExample(t *testing.T) {
	c := Calc(exampleW, exampleB, exampleX)
	if math.Abs(c.Explicit-c.Closed) > 1e-12 {
		t.Fatalf("explicit %g closed %g", c.Explicit, c.Closed)
	}
}
