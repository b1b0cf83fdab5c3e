package classify

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// blobs returns n points per class of classes Gaussian blobs in dim
// dimensions, centres spread ±spread apart, unit noise.
func blobs(classes, n, dim int, spread float64, seed uint64) Problem {
	rng := rand.New(rand.NewPCG(seed, 1))
	centres := make([]float64, classes*dim)
	for i := range centres {
		centres[i] = spread * rng.NormFloat64()
	}
	p := Problem{Dim: dim, Classes: classes}
	for i := 0; i < n*classes; i++ {
		c := i % classes
		for j := 0; j < dim; j++ {
			p.X = append(p.X, centres[c*dim+j]+rng.NormFloat64())
		}
		p.Y = append(p.Y, c)
	}
	return p
}

func TestLossGradientFiniteDifferences(t *testing.T) {
	p := blobs(4, 6, 5, 1, 7)
	p.Decay = 0.3
	p.Scaler = FitScaler(p.X, p.Dim)
	p.X[3] = 0 // a zero feature, skipped by the sparse sums
	rng := rand.New(rand.NewPCG(3, 4))
	m := newModel(p)
	for i := range m.W {
		m.W[i] = rng.NormFloat64()
	}
	for i := range m.B {
		m.B[i] = rng.NormFloat64()
	}
	gW, gB := make([]float64, len(m.W)), make([]float64, len(m.B))
	m.Loss(p, gW, gB)
	const h, tol = 1e-5, 1e-7
	worst := 0.0
	check := func(param []float64, grad []float64) {
		for i := range param {
			old := param[i]
			param[i] = old + h
			up := m.Loss(p, nil, nil)
			param[i] = old - h
			down := m.Loss(p, nil, nil)
			param[i] = old
			fd := (up - down) / (2 * h)
			worst = math.Max(worst, math.Abs(fd-grad[i]))
		}
	}
	check(m.W, gW)
	check(m.B, gB)
	if worst > tol {
		t.Fatalf("worst |central difference − gradient| = %.3g, want ≤ %g", worst, tol)
	}
}

func TestLossMatchesDirectCrossEntropy(t *testing.T) {
	p := blobs(3, 4, 2, 1, 9)
	p.Scaler = Scaler{Mean: []float64{0.5, -1}, Scale: 2}
	m := &Model{Classes: 3, Dim: 2, W: []float64{1, -2, 0.5, 0.3, -1, 2}, B: []float64{0.1, -0.2, 0.3}, Scaler: p.Scaler}
	want := 0.0
	for i, y := range p.Y {
		x := []float64{(p.X[i*2] - 0.5) / 2, (p.X[i*2+1] + 1) / 2}
		var z [3]float64
		sum := 0.0
		for c := range z {
			z[c] = m.B[c] + m.W[c*2]*x[0] + m.W[c*2+1]*x[1]
			sum += math.Exp(z[c])
		}
		want -= math.Log(math.Exp(z[y]) / sum)
	}
	want /= float64(len(p.Y))
	if got := m.Loss(p, nil, nil); math.Abs(got-want) > 1e-12 {
		t.Fatalf("loss %v, direct cross-entropy %v", got, want)
	}
}

func TestFitSeparatesSeparableData(t *testing.T) {
	train, test := blobs(10, 20, 8, 6, 1), blobs(10, 50, 8, 6, 1)
	train.Decay = 1e-3
	m, err := Fit(train, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Same centres (same seed), fresh noise: the test rows come after
	// the training ones in the generator, so draw more and keep the tail.
	test.X, test.Y = test.X[len(train.X):], test.Y[len(train.Y):]
	for name, p := range map[string]Problem{"training": train, "held-out": test} {
		acc, err := m.Accuracy(p.X, p.Y)
		if err != nil {
			t.Fatal(err)
		}
		if acc < 0.99 {
			t.Errorf("%s accuracy %.3f on well-separated blobs, want ≥ 0.99", name, acc)
		}
	}
}

func TestFitReachesTheMinimum(t *testing.T) {
	p := blobs(3, 30, 4, 1, 5) // overlapping: a finite minimum
	p.Decay = 0.01
	p.X[0] = 0
	p.Scaler = FitScaler(p.X, p.Dim)
	m, err := Fit(p, 2000)
	if err != nil {
		t.Fatal(err)
	}
	gW, gB := make([]float64, len(m.W)), make([]float64, len(m.B))
	m.Loss(p, gW, gB)
	norm := 0.0
	for _, g := range append(gW, gB...) {
		norm += g * g
	}
	if norm = math.Sqrt(norm); norm > 1e-6 {
		t.Fatalf("gradient norm %.3g at the fit, want ≤ 1e-6", norm)
	}
}

func TestFitIsDeterministic(t *testing.T) {
	p := blobs(5, 10, 6, 1, 11)
	p.Decay = 0.05
	a, _ := Fit(p, 100)
	b, _ := Fit(p, 100)
	if !slices.Equal(a.W, b.W) || !slices.Equal(a.B, b.B) {
		t.Fatal("two fits of the same problem differ")
	}
}

// TestFitYieldsWithoutChangingTheResult: Yield is called at every step of
// the fit (the worker uses it to answer its watchdog) and the fitted model
// is the same as without it.
func TestFitYieldsWithoutChangingTheResult(t *testing.T) {
	p := blobs(5, 10, 6, 1, 11)
	p.Decay = 0.05
	a, _ := Fit(p, 100)
	calls := 0
	p.Yield = func() { calls++ }
	b, _ := Fit(p, 100)
	if calls < 100 {
		t.Errorf("Yield called %d times in a 100-step fit, want at least 100", calls)
	}
	if !slices.Equal(a.W, b.W) || !slices.Equal(a.B, b.B) {
		t.Fatal("a fit that yields differs from one that does not")
	}
}

func TestFitRefusesBadProblems(t *testing.T) {
	good := blobs(3, 2, 2, 1, 1)
	for name, p := range map[string]Problem{
		"ragged":    {X: good.X[1:], Y: good.Y, Dim: 2, Classes: 3},
		"label":     {X: good.X, Y: append(good.Y[:len(good.Y)-1:len(good.Y)-1], 3), Dim: 2, Classes: 3},
		"one class": {X: good.X, Y: good.Y, Dim: 2, Classes: 1},
		"empty":     {Dim: 2, Classes: 3},
		"decay":     {X: good.X, Y: good.Y, Dim: 2, Classes: 3, Decay: -1},
	} {
		if _, err := Fit(p, 10); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestBalancedSubsets(t *testing.T) {
	labels := make([]int, 500)
	for i := range labels {
		labels[i] = (i * 7) % 10
	}
	small, err := Balanced(labels, 10, 3, 42)
	if err != nil {
		t.Fatal(err)
	}
	big, _ := Balanced(labels, 10, 30, 42)
	again, _ := Balanced(labels, 10, 30, 42)
	other, _ := Balanced(labels, 10, 30, 43)
	if !slices.Equal(big, again) {
		t.Error("the same seed drew different subsets")
	}
	if slices.Equal(big, other) {
		t.Error("another seed drew the same subset")
	}
	count := make([]int, 10)
	for _, i := range big {
		count[labels[i]]++
	}
	for c, n := range count {
		if n != 30 {
			t.Errorf("class %d: %d examples, want 30", c, n)
		}
	}
	for _, i := range small {
		if _, ok := slices.BinarySearch(big, i); !ok {
			t.Errorf("example %d of the 3-per-class subset is not in the 30-per-class one", i)
		}
	}
	if _, err := Balanced(labels, 10, 51, 1); err == nil {
		t.Error("asked for more examples than a class has: no error")
	}
	if _, err := Balanced([]int{0, 12}, 10, 1, 1); err == nil {
		t.Error("label 12 of 10 classes: no error")
	}
}

func TestScalerCentresAndScalesTogether(t *testing.T) {
	x := []float64{1, 5, 3, 5, 5, 5} // feature 1 is constant
	s := FitScaler(x, 2)
	// Variances 8/3 and 0: the common scale is √(4/3).
	if s.Mean[0] != 3 || s.Mean[1] != 5 || math.Abs(s.Scale-math.Sqrt(4.0/3)) > 1e-12 {
		t.Fatalf("mean %v scale %v", s.Mean, s.Scale)
	}
	y := s.Apply(x)
	if y[1] != 0 || y[3] != 0 || y[5] != 0 {
		t.Errorf("a constant feature scaled to %v, want 0", []float64{y[1], y[3], y[5]})
	}
	ms := (y[0]*y[0] + y[2]*y[2] + y[4]*y[4]) / 6
	if math.Abs(ms-1) > 1e-12 {
		t.Errorf("mean square over all features %v, want 1", ms)
	}
	if c := FitScaler([]float64{2, 2, 2}, 1); c.Scale != minScale {
		t.Errorf("a constant set's scale %v, want %v", c.Scale, minScale)
	}
}

func TestExperimentOnSeparableData(t *testing.T) {
	// 30 examples per class of 10 well-separated blobs in 6 dimensions;
	// the held-out set is drawn with the same centres.
	all := blobs(10, 40, 6, 6, 3)
	toSet := func(p Problem, from, to int) Set {
		s := Set{Dim: p.Dim, Labels: p.Y[from:to]}
		for _, v := range p.X[from*p.Dim : to*p.Dim] {
			s.X = append(s.X, float32(v))
		}
		return s
	}
	train, test := toSet(all, 0, 300), toSet(all, 300, 400)
	identity := func(x []float32) ([]float32, int, error) { return x, 6, nil }
	e := Experiment{Labelled: []int{10, 100}, Classes: 10, Seed: 1, Decay: 0.01, Unlabelled: 300}
	acc, err := e.Run(train, test, identity)
	if err != nil {
		t.Fatal(err)
	}
	if acc[1] < 0.99 {
		t.Errorf("accuracy %v with 100 labels on separable blobs, want ≈ 1", acc)
	}
	again, _ := e.Run(train, test, identity)
	if !slices.Equal(acc, again) {
		t.Errorf("two runs: %v and %v", acc, again)
	}
	for _, bad := range []Experiment{{Labelled: []int{15}, Classes: 10}, {Classes: 10}, {Labelled: []int{10}, Classes: 1}} {
		if _, err := bad.Run(train, test, identity); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
}
