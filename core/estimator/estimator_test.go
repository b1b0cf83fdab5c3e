package estimator

import (
	"fmt"
	"math"
	"testing"
)

var points = [][2]float64{{0.5, 1}, {-1, 0.7}, {2, 0.4}}

func TestClosedFormsVsFiniteDifferencesAndMonteCarlo(t *testing.T) {
	const h = 1e-6
	src := NewSource(1)
	for _, name := range Names {
		o, err := Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range points {
			mu, s := p[0], p[1]
			g := o.Grad(mu, s)
			fm := (o.Value(mu+h, s) - o.Value(mu-h, s)) / (2 * h)
			fs := (o.Value(mu, s+h) - o.Value(mu, s-h)) / (2 * h)
			if math.Abs(g.Mu-fm) > 1e-6 || math.Abs(g.Sigma-fs) > 1e-6 {
				t.Errorf("%s at %v: grad %+v, finite differences (%g, %g)", name, p, g, fm, fs)
			}
			// L itself against a Monte Carlo mean of f.
			const n = 200000
			sum, sumSq := 0.0, 0.0
			for i := 0; i < n; i++ {
				f := o.F(mu + s*src.NormFloat64())
				sum += f
				sumSq += f * f
			}
			mean := sum / n
			se := math.Sqrt((sumSq/n - mean*mean) / n)
			if math.Abs(mean-o.Value(mu, s)) > 5*se+1e-12 {
				t.Errorf("%s at %v: L = %g, Monte Carlo %g ± %g", name, p, o.Value(mu, s), mean, se)
			}
		}
	}
	if _, err := Lookup("cosh"); err == nil {
		t.Error("unknown objective accepted")
	}
}

// TestUnbiasedAndVariance is the lesson's claim: both estimators are unbiased,
// and the pathwise one has lower variance, for every objective.
func TestUnbiasedAndVariance(t *testing.T) {
	const k, m = 4, 4000
	for _, name := range Names {
		o, _ := Lookup(name)
		for pi, p := range points {
			var res [2]Repeated
			for _, kind := range []Kind{Score, Pathwise} {
				r := Repeat(kind, o, p[0], p[1], k, m, uint64(100+pi))
				res[kind] = r
				for _, c := range []struct {
					what  string
					st    Stats
					truth float64
				}{{"∂μ", r.Mu, r.True.Mu}, {"∂σ", r.Sigma, r.True.Sigma}} {
					se := math.Sqrt(c.st.Var / m)
					if d := math.Abs(c.st.Mean - c.truth); d > 4.5*se+1e-5 {
						t.Errorf("%s %s %s at %v: mean %g, true %g (%.1f standard errors)", name, kind, c.what, p, c.st.Mean, c.truth, d/se)
					}
				}
			}
			if !(res[Pathwise].Mu.Var < res[Score].Mu.Var) || !(res[Pathwise].Sigma.Var < res[Score].Sigma.Var) {
				t.Errorf("%s at %v: pathwise variance (%g, %g) not below score (%g, %g)", name, p,
					res[Pathwise].Mu.Var, res[Pathwise].Sigma.Var, res[Score].Mu.Var, res[Score].Sigma.Var)
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	o, _ := Lookup("sin")
	a := Repeat(Score, o, 0.3, 0.9, 5, 50, 9)
	b := Repeat(Score, o, 0.3, 0.9, 5, 50, 9)
	for i := range a.Mu.Samples {
		if a.Mu.Samples[i] != b.Mu.Samples[i] || a.Sigma.Samples[i] != b.Sigma.Samples[i] {
			t.Fatal("same seed, different estimates")
		}
	}
}

func TestSGDConverges(t *testing.T) {
	for _, c := range []struct {
		name   string
		wantMu float64
	}{{"square3", 3}, {"sin", -math.Pi / 2}, {"abs", 0}} {
		o, _ := Lookup(c.name)
		for _, kind := range []Kind{Pathwise, Score} {
			path := Optimize(kind, o, 0, 1, 0.05, 16, 400, 3)
			if len(path) != 401 || path[0].Mu != 0 || path[400].Step != 400 {
				t.Fatalf("path shape: %d points", len(path))
			}
			first, last := path[0].Value, path[len(path)-1].Value
			if !(last < first) {
				t.Errorf("%s %s: L went %g → %g", c.name, kind, first, last)
			}
			if kind == Pathwise && math.Abs(path[400].Mu-c.wantMu) > 0.15 {
				t.Errorf("%s pathwise: μ ends at %g, want ≈ %g", c.name, path[400].Mu, c.wantMu)
			}
			for _, p := range path {
				if p.Sigma < 0.05 || math.IsNaN(p.Mu) {
					t.Fatalf("%s %s: bad point %+v", c.name, kind, p)
				}
			}
		}
	}
}

func TestHistogramAndParse(t *testing.T) {
	e, c := Histogram([]float64{-5, 0.1, 0.2, 0.9, 7, math.NaN()}, 0, 1, 2)
	if len(e) != 3 || c[0] != 3 || c[1] != 2 {
		t.Errorf("Histogram = %v %v", e, c)
	}
	for _, s := range []string{"score", "pathwise"} {
		k, err := ParseKind(s)
		if err != nil || k.String() != s {
			t.Errorf("ParseKind(%q) = %v, %v", s, k, err)
		}
	}
}

func ExampleRepeat() {
	o, _ := Lookup("square3")
	for _, kind := range []Kind{Score, Pathwise} {
		r := Repeat(kind, o, 0, 1, 10, 2000, 1)
		fmt.Printf("%-8s true ∂μ %.1f, variance of ∂μ estimates %s\n", kind, r.True.Mu, magnitude(r.Mu.Var))
	}
	// Output:
	// score    true ∂μ -6.0, variance of ∂μ estimates ~10
	// pathwise true ∂μ -6.0, variance of ∂μ estimates ~1
}

func magnitude(v float64) string { return fmt.Sprintf("~%g", math.Pow(10, math.Round(math.Log10(v)))) }
