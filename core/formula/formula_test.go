package formula

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// klNumeric integrates q(z) log(q(z)/p(z)) with Simpson's rule over μ ± 12σ.
func klNumeric(mu, logVar float64) float64 {
	s := math.Exp(0.5 * logVar)
	lo, hi := mu-12*s, mu+12*s
	const n = 20000
	h := (hi - lo) / n
	f := func(z float64) float64 {
		lq := -0.5*math.Log(2*math.Pi) - 0.5*logVar - (z-mu)*(z-mu)/(2*s*s)
		lp := -0.5*math.Log(2*math.Pi) - 0.5*z*z
		return math.Exp(lq) * (lq - lp)
	}
	sum := f(lo) + f(hi)
	for i := 1; i < n; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		sum += w * f(lo+float64(i)*h)
	}
	return sum * h / 3
}

func TestKLClosedFormVsIntegration(t *testing.T) {
	for _, c := range [][2]float64{{0, 0}, {1, 0}, {-2, 1}, {0.5, -3}, {3, 2}} {
		got, want := KLDiagGaussian(c[0], c[1]), klNumeric(c[0], c[1])
		if math.Abs(got-want) > 1e-8*math.Max(1, want) {
			t.Errorf("KL(μ=%g, logσ²=%g) = %.12g, integral %.12g", c[0], c[1], got, want)
		}
		if k := KLGaussians(c[0], math.Exp(0.5*c[1]), 0, 1); math.Abs(k-got) > 1e-12 {
			t.Errorf("KLGaussians = %g, KLDiagGaussian %g", k, got)
		}
	}
	if KLDiagGaussian(0, 0) != 0 {
		t.Error("KL(N(0,1)‖N(0,1)) ≠ 0")
	}
}

func TestKLMonteCarlo(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	mu, lv := []float64{0.7, -1.1}, []float64{-0.5, 0.8}
	const n = 200000
	sum := 0.0
	for k := 0; k < n; k++ {
		for d := range mu {
			s := math.Exp(0.5 * lv[d])
			z := mu[d] + s*r.NormFloat64()
			sum += (-0.5*lv[d] - (z-mu[d])*(z-mu[d])/(2*s*s)) - (-0.5 * z * z)
		}
	}
	mc, want := sum/n, KLDiagGaussianSum(mu, lv)
	if math.Abs(mc-want) > 0.01 {
		t.Errorf("Monte Carlo KL = %g, closed form %g", mc, want)
	}
}

func TestKLGrad(t *testing.T) {
	const h = 1e-6
	for _, c := range [][2]float64{{0.3, -0.2}, {-1.5, 1.1}} {
		dm, dl := KLDiagGaussianGrad(c[0], c[1])
		fm := (KLDiagGaussian(c[0]+h, c[1]) - KLDiagGaussian(c[0]-h, c[1])) / (2 * h)
		fl := (KLDiagGaussian(c[0], c[1]+h) - KLDiagGaussian(c[0], c[1]-h)) / (2 * h)
		if math.Abs(dm-fm) > 1e-7 || math.Abs(dl-fl) > 1e-7 {
			t.Errorf("grad at %v: (%g, %g), finite differences (%g, %g)", c, dm, dl, fm, fl)
		}
	}
}

func randEncoder(r *rand.Rand, hid, in int) (W [][]float64, b, x []float64) {
	W = make([][]float64, hid)
	for j := range W {
		W[j] = make([]float64, in)
		for i := range W[j] {
			W[j][i] = r.NormFloat64()
		}
	}
	b = make([]float64, hid)
	for j := range b {
		b[j] = r.NormFloat64() * 0.3
	}
	x = make([]float64, in)
	for i := range x {
		x[i] = r.Float64()
	}
	return
}

// fdJacobian differentiates enc numerically with central differences.
func fdJacobian(enc func([]float64) []float64, x []float64) [][]float64 {
	const h = 1e-6
	h0 := enc(x)
	J := make([][]float64, len(h0))
	for j := range J {
		J[j] = make([]float64, len(x))
	}
	for i := range x {
		xp := append([]float64(nil), x...)
		xm := append([]float64(nil), x...)
		xp[i] += h
		xm[i] -= h
		hp, hm := enc(xp), enc(xm)
		for j := range J {
			J[j][i] = (hp[j] - hm[j]) / (2 * h)
		}
	}
	return J
}

func TestCAEPenaltyVsJacobian(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	W, b, x := randEncoder(r, 5, 7)
	for _, c := range []struct {
		name    string
		hidden  func(W [][]float64, b, x []float64) []float64
		jac     func(W [][]float64, b, x []float64) [][]float64
		penalty func(W [][]float64, b, x []float64) float64
	}{
		{"sigmoid", SigmoidHidden, SigmoidJacobian, SigmoidCAEPenalty},
		{"tanh", TanhHidden, TanhJacobian, TanhCAEPenalty},
	} {
		J := c.jac(W, b, x)
		fd := fdJacobian(func(x []float64) []float64 { return c.hidden(W, b, x) }, x)
		worst := 0.0
		for j := range J {
			for i := range J[j] {
				worst = math.Max(worst, math.Abs(J[j][i]-fd[j][i]))
			}
		}
		if worst > 1e-7 {
			t.Errorf("%s: Jacobian differs from finite differences by %g", c.name, worst)
		}
		p, f := c.penalty(W, b, x), FrobeniusSq(fd)
		if math.Abs(p-f) > 1e-7*math.Max(1, f) {
			t.Errorf("%s: closed-form penalty %g, ‖J‖²_F by finite differences %g", c.name, p, f)
		}
	}
}

func TestBCE(t *testing.T) {
	for _, c := range [][2]float64{{0, 0.3}, {1, 0.3}, {0.4, 0.9}, {1, 0.999999}} {
		x, p := c[0], c[1]
		want := -(x*math.Log(p) + (1-x)*math.Log(1-p))
		if got := BCE(x, p); math.Abs(got-want) > 1e-12 {
			t.Errorf("BCE(%g, %g) = %g, want %g", x, p, got, want)
		}
		a := math.Log(p / (1 - p))
		if got := BCEWithLogits(x, a); math.Abs(got-want) > 1e-9 {
			t.Errorf("BCEWithLogits(%g, %g) = %g, want %g", x, a, got, want)
		}
	}
	if v := BCE(1, 0); math.IsInf(v, 0) || math.IsNaN(v) {
		t.Errorf("BCE(1, 0) = %g, want finite", v)
	}
	if v := BCEWithLogits(1, -800); math.Abs(v-800) > 1e-9 {
		t.Errorf("BCEWithLogits(1, −800) = %g, want 800", v)
	}
	if s := BCESum([]float64{1, 0}, []float64{0.5, 0.5}); math.Abs(s-2*math.Ln2) > 1e-12 {
		t.Errorf("BCESum = %g", s)
	}
}

func TestNormalQuantileKnownValues(t *testing.T) {
	known := map[float64]float64{
		0.5:    0,
		0.975:  1.959963984540054,
		0.025:  -1.959963984540054,
		0.9:    1.2815515655446004,
		0.001:  -3.090232306167813,
		0.8413: 0.9998150936147446,
		1e-10:  -6.361340902404056,
		1e-300: -37.04709629936120,
		1e-20:  -9.262340089798153,
	}
	for p, want := range known {
		if got := NormalQuantile(p); math.Abs(got-want) > 1e-12*math.Max(1, math.Abs(want)) {
			t.Errorf("Φ⁻¹(%g) = %.16g, want %.16g", p, got, want)
		}
	}
	for i := 1; i < 1000; i++ {
		p := float64(i) / 1000
		if d := math.Abs(NormalCDF(NormalQuantile(p)) - p); d > 1e-15 {
			t.Errorf("Φ(Φ⁻¹(%g)) off by %g", p, d)
		}
	}
	if !math.IsInf(NormalQuantile(0), -1) || !math.IsInf(NormalQuantile(1), 1) || !math.IsNaN(NormalQuantile(1.5)) {
		t.Error("edge cases wrong")
	}
}

func ExampleKLDiagGaussian() {
	fmt.Printf("%.4f nats\n", KLDiagGaussian(1, 0))
	// Output: 0.5000 nats
}

func ExampleSigmoidCAEPenalty() {
	W := [][]float64{{1, -2}}
	b := []float64{0}
	x := []float64{0, 0}
	// h = σ(0) = ½, so the penalty is (½·½)² · (1² + 2²) = 5/16.
	fmt.Println(SigmoidCAEPenalty(W, b, x))
	// Output: 0.3125
}
