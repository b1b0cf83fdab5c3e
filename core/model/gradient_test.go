package model

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"latentlab/core/spec"

	"gonum.org/v1/gonum/diff/fd"

	"latentlab/core/kernel"
	"latentlab/core/nn"
	"latentlab/core/nn/nntest"
)

// tiny returns a small configuration for gradient checks.
func tiny(kind string) Config {
	c := spec.Default(kind)
	c.Input, c.Hidden, c.Latent, c.Batch = 6, []int{5}, 3, 4
	c.HiddenAct, c.CodeAct = "tanh", "identity"
	if kind == "cae" {
		c.Hidden, c.Latent, c.CodeAct, c.Lambda = nil, 4, "sigmoid", 0.7
	}
	return c
}

func tinyData(rng *rand.Rand, rows, dim int) []float32 {
	x := make([]float32, rows*dim)
	for i := range x {
		if rng.Float64() < 0.7 {
			x[i] = float32(rng.Float64())
		}
	}
	return x
}

// TestGradients checks the analytic gradient of the whole objective with
// respect to every parameter against central differences, for every model
// kind and loss term: BCE and squared error, the KL and the reparameterized
// path with β ≠ 1, and the CAE penalty for each encoder activation.
func TestGradients(t *testing.T) {
	cases := map[string]func(*Config){
		"ae/bernoulli":        func(c *Config) {},
		"ae/gaussian":         func(c *Config) { c.Output, c.CodeAct = "gaussian", "sigmoid" },
		"dae/bernoulli":       func(c *Config) { c.Kind, c.NoiseStd, c.MaskProb = "dae", 0.3, 0.2 },
		"dae/salt":            func(c *Config) { c.Kind, c.NoiseStd, c.SaltProb = "dae", 0, 0.3 },
		"vae/bernoulli":       func(c *Config) { c.Kind = "vae" },
		"vae/gaussian/beta":   func(c *Config) { c.Kind, c.Output, c.Beta = "vae", "gaussian", 2.5 },
		"vae/deep/relu":       func(c *Config) { c.Kind, c.Hidden, c.HiddenAct, c.Beta = "vae", []int{5, 4}, "relu", 0.3 },
		"vae/kl-only":         func(c *Config) { c.Kind, c.Beta = "vae", 40 },
		"cae/sigmoid":         func(c *Config) { c.Kind = "cae" },
		"cae/sigmoid/penalty": func(c *Config) { c.Kind, c.Lambda = "cae", 50 },
		"cae/tanh":            func(c *Config) { c.Kind, c.CodeAct, c.Lambda = "cae", "tanh", 5 },
		"cae/relu":            func(c *Config) { c.Kind, c.CodeAct = "cae", "relu" },
		"cae/identity":        func(c *Config) { c.Kind, c.CodeAct, c.Output = "cae", "identity", "gaussian" },
		// The toy nets of the contraction lab: tied weights, a linear
		// decoder and the plain squared error (σ² = ½).
		"cae/tied/gaussian": func(c *Config) { c.Kind, c.Tied, c.Output, c.OutputVar = "cae", true, "gaussian", 0.5 },
		"ae/tied":           func(c *Config) { c.Hidden, c.Tied, c.CodeAct = []int{}, true, "tanh" },
		"dae/tied/centered": func(c *Config) {
			c.Kind, c.Hidden, c.Tied, c.CodeAct, c.Output, c.NoiseStd, c.CenterOutput = "dae", []int{}, true, "sigmoid", "gaussian", 0.2, true
		},
		"vae/gaussian/var": func(c *Config) { c.Kind, c.Output, c.OutputVar = "vae", "gaussian", 0.3 },
	}
	for name, edit := range cases {
		t.Run(name, func(t *testing.T) {
			kind := strings.Split(name, "/")[0]
			c := tiny(kind)
			edit(&c)
			rng := rand.New(rand.NewPCG(7, 7))
			x := tinyData(rng, 4, c.Input)
			tr, err := New(c, x)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range tr.net.params { // non-zero biases exercise more of the code
				if strings.HasSuffix(p.Name, ".b") {
					for i := range p.Value {
						p.Value[i] = float32(rng.Float64() - 0.5)
					}
				}
			}
			rows := 4
			xin := x
			if kind == "dae" {
				tr.xb = append(tr.xb[:0], x...)
				xin = append([]float32(nil), tr.corrupt(rows)...)
			}
			var eps []float32
			if kind == "vae" {
				eps = make([]float32, rows*c.Latent)
				for i := range eps {
					eps[i] = float32(nn.NormFloat64(rng))
				}
			}
			objective := func() float64 {
				return tr.loss(tr.terms(x, tr.forward(xin, eps, rows), rows))
			}
			tr.net.zeroGrad()
			objective()
			tr.backward(rows)
			for _, p := range tr.net.params {
				g := append([]float32(nil), p.Grad...)
				if _, err := nntest.Check(name+" "+p.Name, p.Value, g, nil, objective, nntest.Default); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

// TestKLClosedFormMatchesMonteCarlo compares ½(μ² + σ² − 1 − log σ²) with
// E_q[log q(z) − log p(z)] estimated from samples.
func TestKLClosedFormMatchesMonteCarlo(t *testing.T) {
	c := tiny("vae")
	c.Latent = 2
	rng := rand.New(rand.NewPCG(9, 9))
	tr, err := New(c, tinyData(rng, 4, c.Input))
	if err != nil {
		t.Fatal(err)
	}
	// Set the encoder output directly: one row, μ = (0.7, −1.2), log σ² = (−0.5, 0.8).
	enc := tr.net.enc[len(tr.net.enc)-1]
	tr.net.enc[0].Forward(make([]float32, c.Input), 1)
	out := enc.Forward(make([]float32, enc.In), 1)
	copy(out, []float32{0.7, -1.2, -0.5, 0.8})
	kl, per := tr.klTerm(1)
	const n = 400000
	for j, p := range [][2]float64{{0.7, -0.5}, {-1.2, 0.8}} {
		mu, lv := p[0], p[1]
		s := math.Exp(0.5 * lv)
		var sum, sum2 float64
		for i := 0; i < n; i++ {
			e := nn.NormFloat64(rng)
			z := mu + s*e
			v := (-0.5*e*e - 0.5*lv) - (-0.5 * z * z) // log q − log p
			sum += v
			sum2 += v * v
		}
		mean := sum / n
		se := math.Sqrt((sum2/n - mean*mean) / n)
		if math.Abs(mean-per[j]) > 4*se {
			t.Errorf("dim %d: closed form %g, Monte Carlo %g ± %g", j, per[j], mean, se)
		}
	}
	if math.Abs(kl-(per[0]+per[1])) > 1e-12 {
		t.Errorf("total %g ≠ Σ per-dimension %g", kl, per[0]+per[1])
	}
}

// TestCAEPenaltyMatchesJacobian compares the closed-form ‖J‖²_F with the
// Frobenius norm of the encoder's Jacobian computed by gonum's fd.Jacobian.
func TestCAEPenaltyMatchesJacobian(t *testing.T) {
	for _, act := range []string{"sigmoid", "tanh", "identity"} {
		c := tiny("cae")
		c.CodeAct = act
		rng := rand.New(rand.NewPCG(11, 11))
		x := tinyData(rng, 1, c.Input)
		tr, err := New(c, x)
		if err != nil {
			t.Fatal(err)
		}
		l := tr.net.enc[0]
		for i := range l.B {
			l.B[i] = float32(rng.Float64() - 0.5)
		}
		tr.forward(x, nil, 1)
		got := tr.caePenalty(1)
		f := func(y, x []float64) {
			for j := 0; j < l.Out; j++ {
				z := float64(l.B[j])
				for i := 0; i < l.In; i++ {
					z += float64(l.W[i*l.Out+j]) * x[i]
				}
				switch act {
				case "sigmoid":
					y[j] = kernel.Sigmoid(z)
				case "tanh":
					y[j] = math.Tanh(z)
				default:
					y[j] = z
				}
			}
		}
		x64 := make([]float64, c.Input)
		for i, v := range x {
			x64[i] = float64(v)
		}
		var jac = newDense(l.Out, l.In)
		fd.Jacobian(jac, f, x64, &fd.JacobianSettings{Formula: fd.Central})
		var want float64
		for j := 0; j < l.Out; j++ {
			for i := 0; i < l.In; i++ {
				v := jac.At(j, i)
				want += v * v
			}
		}
		if math.Abs(got-want) > 1e-5*math.Max(1, want) {
			t.Errorf("%s: closed form %g, ‖fd.Jacobian‖²_F %g", act, got, want)
		}
	}
}
