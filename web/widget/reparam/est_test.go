package reparam

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestEstimatorsUnbiasedAndOrdered: both estimators' means lie within 5
// standard errors of the analytic gradient, and the pathwise variance is the
// smaller, for every objective.
func TestEstimatorsUnbiasedAndOrdered(t *testing.T) {
	const trials, K = 20000, 5
	for name, o := range Objectives {
		mu, sigma := 0.5, 1.0
		tm, ts := o.Grad(mu, sigma)
		rng := rand.New(rand.NewPCG(1, 2))
		var sm, ss, pm, ps Stats
		for i := 0; i < trials; i++ {
			a, b := ScoreFunction(o, mu, sigma, K, rng)
			sm.Add(a)
			ss.Add(b)
			a, b = Pathwise(o, mu, sigma, K, rng)
			pm.Add(a)
			ps.Add(b)
		}
		check := func(what string, s Stats, want float64) {
			se := math.Sqrt(s.Var() / float64(s.N))
			if math.Abs(s.Mean-want) > 5*se+1e-12 {
				t.Errorf("%s %s: mean %.4f, analytic %.4f (se %.4f)", name, what, s.Mean, want, se)
			}
		}
		check("score ∂μ", sm, tm)
		check("score ∂σ", ss, ts)
		check("path ∂μ", pm, tm)
		check("path ∂σ", ps, ts)
		if pm.Var() >= sm.Var() || ps.Var() >= ss.Var() {
			t.Errorf("%s: pathwise variances (%.4g, %.4g) not below score-function (%.4g, %.4g)", name, pm.Var(), ps.Var(), sm.Var(), ss.Var())
		}
		t.Logf("%s: var μ score %.3g path %.3g; var σ score %.3g path %.3g", name, sm.Var(), pm.Var(), ss.Var(), ps.Var())
	}
}

// TestAnalyticGradients checks Grad against finite differences of Mean.
func TestAnalyticGradients(t *testing.T) {
	for name, o := range Objectives {
		for _, p := range [][2]float64{{0.7, 1.3}, {-2, 0.4}, {3.1, 2}} {
			const h = 1e-6
			fm := (o.Mean(p[0]+h, p[1]) - o.Mean(p[0]-h, p[1])) / (2 * h)
			fs := (o.Mean(p[0], p[1]+h) - o.Mean(p[0], p[1]-h)) / (2 * h)
			gm, gs := o.Grad(p[0], p[1])
			if math.Abs(fm-gm) > 1e-6 || math.Abs(fs-gs) > 1e-6 {
				t.Errorf("%s at %v: grad (%g, %g), fd (%g, %g)", name, p, gm, gs, fm, fs)
			}
		}
	}
}

func TestBinsAndQuantile(t *testing.T) {
	c, u, o := Bins([]float64{-5, 0, 0.1, 0.99, 1, 7}, 4, 0, 1)
	if u != 1 || o != 1 || c[0] != 3 || c[3] != 3 {
		t.Fatalf("counts %v under %d over %d", c, u, o)
	}
	if q := Quantile([]float64{5, 1, 4, 2, 3}, 0.5); q != 3 {
		t.Fatalf("median %g", q)
	}
	if q := Quantile([]float64{5, 1, 4, 2, 3}, 1); q != 5 {
		t.Fatalf("max %g", q)
	}
}

func TestSGDConverges(t *testing.T) {
	o := Objectives["square"]
	rng := rand.New(rand.NewPCG(3, 3))
	p := Path{Mu: []float64{0}, Sigma: []float64{1}, Value: []float64{o.Mean(0, 1)}}
	for i := 0; i < 300; i++ {
		p.SGDStep(o, Pathwise, 10, 0.05, rng)
	}
	if m := p.Mu[len(p.Mu)-1]; math.Abs(m-3) > 0.2 {
		t.Fatalf("μ ended at %g, want ≈ 3", m)
	}
}

// TestSinCounterexample records an honest exception the lesson mentions: for
// the bounded, oscillating f(z) = sin z with a wide distribution (σ = 2) the
// score-function estimate of ∂/∂μ has the smaller variance.
func TestSinCounterexample(t *testing.T) {
	o := Objectives["sin"]
	rng := rand.New(rand.NewPCG(1, 2))
	var s, p Stats
	for i := 0; i < 20000; i++ {
		a, _ := ScoreFunction(o, 0, 2, 1, rng)
		s.Add(a)
		b, _ := Pathwise(o, 0, 2, 1, rng)
		p.Add(b)
	}
	if s.Var() >= p.Var() {
		t.Fatalf("expected score variance %.3g < pathwise %.3g at μ=0, σ=2", s.Var(), p.Var())
	}
}
