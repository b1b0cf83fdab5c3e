package anomaly

import (
	"math"
	"math/rand/v2"
	"testing"
)

// random returns n labelled scores, anomalies shifted up by shift, rounded
// to a grid of step so that ties occur (step 0: no rounding).
func random(seed uint64, n int, shift, step float64) Labelled {
	rng := rand.New(rand.NewPCG(seed, 7))
	l := Labelled{Scores: make([]float64, n), Anomaly: make([]bool, n)}
	for i := range l.Scores {
		l.Anomaly[i] = rng.IntN(5) == 0
		s := rng.NormFloat64()
		if l.Anomaly[i] {
			s += shift
		}
		if step > 0 {
			s = math.Round(s/step) * step
		}
		l.Scores[i] = s
	}
	return l
}

// pairwiseAUC counts, over every (anomaly, normal) pair, 1 when the anomaly
// scores higher and ½ on a tie.
func pairwiseAUC(l Labelled) float64 {
	wins, pairs := 0.0, 0
	for i, a := range l.Anomaly {
		if !a {
			continue
		}
		for j, b := range l.Anomaly {
			if b {
				continue
			}
			pairs++
			switch {
			case l.Scores[i] > l.Scores[j]:
				wins++
			case l.Scores[i] == l.Scores[j]:
				wins += 0.5
			}
		}
	}
	return wins / float64(pairs)
}

func TestAUCMatchesPairwiseCount(t *testing.T) {
	for _, c := range []struct {
		seed        uint64
		shift, step float64
	}{{1, 1, 0}, {2, 0, 0}, {3, 2, 0.5}, {4, -1, 0.25}, {5, 0.5, 2}} {
		l := random(c.seed, 400, c.shift, c.step)
		if err := l.Check(); err != nil {
			t.Fatal(err)
		}
		got, want := l.Curve().AUC(), pairwiseAUC(l)
		if math.Abs(got-want) > 1e-12 {
			t.Errorf("seed %d shift %g step %g: AUC %.15f, pairwise count %.15f", c.seed, c.shift, c.step, got, want)
		}
	}
}

func TestAUCExtremes(t *testing.T) {
	sep := Labelled{Scores: []float64{1, 2, 3, 10, 11}, Anomaly: []bool{false, false, false, true, true}}
	if a := sep.Curve().AUC(); a != 1 {
		t.Errorf("separated: AUC %v, want 1", a)
	}
	for i := range sep.Anomaly {
		sep.Anomaly[i] = !sep.Anomaly[i]
	}
	if a := sep.Curve().AUC(); a != 0 {
		t.Errorf("reversed: AUC %v, want 0", a)
	}
	tied := Labelled{Scores: []float64{5, 5, 5, 5}, Anomaly: []bool{true, false, true, false}}
	if a := tied.Curve().AUC(); a != 0.5 {
		t.Errorf("all tied: AUC %v, want 0.5", a)
	}
}

// TestCurveAgreesWithAt: every point of the curve is the confusion matrix
// of its threshold, and the curve runs from (0, 0) to (1, 1) without going
// back.
func TestCurveAgreesWithAt(t *testing.T) {
	l := random(9, 300, 1.5, 0.1)
	r := l.Curve()
	if r.FPR[0] != 0 || r.TPR[0] != 0 || r.FPR[len(r.FPR)-1] != 1 || r.TPR[len(r.TPR)-1] != 1 {
		t.Fatalf("curve ends at (%v,%v)…(%v,%v)", r.FPR[0], r.TPR[0], r.FPR[len(r.FPR)-1], r.TPR[len(r.TPR)-1])
	}
	for i := 1; i < len(r.FPR); i++ {
		c := l.At(r.Threshold[i])
		if c.FPR() != r.FPR[i] || c.Recall() != r.TPR[i] {
			t.Fatalf("threshold %v: At gives (%v, %v), curve (%v, %v)", r.Threshold[i], c.FPR(), c.Recall(), r.FPR[i], r.TPR[i])
		}
		if r.FPR[i] < r.FPR[i-1] || r.TPR[i] < r.TPR[i-1] {
			t.Fatalf("curve goes back at %d", i)
		}
	}
	c := l.At(math.Inf(1))
	if c.TP+c.FP != 0 || c.Precision() != 1 || c.Recall() != 0 {
		t.Errorf("nothing flagged: %+v precision %v recall %v", c, c.Precision(), c.Recall())
	}
}

// TestDeterministic: the measures do not depend on the order of the
// examples.
func TestDeterministic(t *testing.T) {
	l := random(11, 500, 1, 0.2)
	want := l.Curve().AUC()
	rng := rand.New(rand.NewPCG(3, 3))
	p := Labelled{Scores: append([]float64(nil), l.Scores...), Anomaly: append([]bool(nil), l.Anomaly...)}
	rng.Shuffle(len(p.Scores), func(i, j int) {
		p.Scores[i], p.Scores[j] = p.Scores[j], p.Scores[i]
		p.Anomaly[i], p.Anomaly[j] = p.Anomaly[j], p.Anomaly[i]
	})
	if got := p.Curve().AUC(); got != want {
		t.Errorf("shuffled: AUC %v, want %v", got, want)
	}
	if a, b := l.At(0.4), p.At(0.4); a != b {
		t.Errorf("shuffled: counts %+v, want %+v", b, a)
	}
}

func TestCheck(t *testing.T) {
	for name, l := range map[string]Labelled{
		"lengths":      {Scores: []float64{1, 2}, Anomaly: []bool{true}},
		"NaN":          {Scores: []float64{1, math.NaN()}, Anomaly: []bool{true, false}},
		"no anomalies": {Scores: []float64{1, 2}, Anomaly: []bool{false, false}},
	} {
		if l.Check() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestHistograms(t *testing.T) {
	l := random(5, 1000, 1, 0)
	lo, hi := Range(l.Scores, 0.99)
	h := l.Histograms(lo, hi, 30)
	pos, neg := l.counts()
	if sum(h.Anom) != pos || sum(h.Normal) != neg {
		t.Fatalf("histograms hold %d+%d, want %d+%d", sum(h.Anom), sum(h.Normal), pos, neg)
	}
	if h.Bin(lo) != 0 || h.Bin(hi+100) != 29 || h.Bin(lo-1) != 0 {
		t.Errorf("bins of the ends: %d %d %d", h.Bin(lo), h.Bin(hi+100), h.Bin(lo-1))
	}
}

func sum(v []int) int {
	s := 0
	for _, x := range v {
		s += x
	}
	return s
}

// TestScoresAgainstDirect: the BCE and KL scores against the formulas
// written out for a tiny case.
func TestScoresAgainstDirect(t *testing.T) {
	x := []float32{1, 0, 0.5, 0, 1, 1}
	p := []float32{0.9, 0.2, 0.5, 0, 1, 0.3}
	got, err := Reconstruction(x, p, 3)
	if err != nil {
		t.Fatal(err)
	}
	want0 := -math.Log(0.9) - math.Log(0.8) - math.Log(0.5)
	want1 := -math.Log(1-pClamp) - math.Log(1-pClamp) - math.Log(float64(float32(0.3)))
	if math.Abs(got[0]-want0) > 1e-6 || math.Abs(got[1]-want1) > 1e-6 {
		t.Errorf("BCE %v, want [%v %v]", got, want0, want1)
	}
	kl, err := KL([]float32{1, 0}, []float32{1, 0.5}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if want := 0.5*(1+1-1-0) + 0.5*(0+0.25-1-math.Log(0.25)); math.Abs(kl[0]-want) > 1e-6 {
		t.Errorf("KL %v, want %v", kl[0], want)
	}
	rel, err := Relative(x, p, 3)
	if err != nil {
		t.Fatal(err)
	}
	if want := (0.01 + 0.04 + 0) / (1 + 0 + 0.25); math.Abs(rel[0]-want) > 1e-6 {
		t.Errorf("relative %v, want %v", rel[0], want)
	}
	if _, err := Reconstruction(x, p[:5], 3); err == nil {
		t.Error("mismatched shapes accepted")
	}
}

// BenchmarkUpdate2000 is what the anomaly detector redoes after a refresh
// of 2,000 held-out digits' scores: the summary (ROC curve, AUC, best-F1
// threshold, histogram range), the histograms, the ROC's corners, the
// counts at the threshold and the top examples.
func BenchmarkUpdate2000(b *testing.B) {
	l := random(1, 2000, 1, 0)
	b.ReportAllocs()
	for b.Loop() {
		s := l.Summarize(0.99)
		_ = l.Histograms(s.Lo, s.Hi, 40)
		_, _ = s.ROC.Corners()
		_ = l.At((s.Lo + s.Hi) / 2)
		_ = Top(l.Scores, 8)
	}
}

// BenchmarkScores2000 is the per-example scoring of 2,000 digits (BCE over
// 784 pixels, KL over 8 dimensions).
func BenchmarkScores2000(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	x, p := make([]float32, 2000*784), make([]float32, 2000*784)
	for i := range x {
		x[i], p[i] = float32(rng.IntN(2)), rng.Float32()
	}
	mu, sd := make([]float32, 2000*8), make([]float32, 2000*8)
	for i := range mu {
		mu[i], sd[i] = rng.Float32(), 0.5+rng.Float32()
	}
	for b.Loop() {
		r, _ := Reconstruction(x, p, 784)
		k, _ := KL(mu, sd, 8)
		Add(r, k)
	}
}

// BenchmarkRelative2000 is the default score of 2,000 digits.
func BenchmarkRelative2000(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	x, p := make([]float32, 2000*784), make([]float32, 2000*784)
	for i := range x {
		x[i], p[i] = float32(rng.IntN(2)), rng.Float32()
	}
	for b.Loop() {
		_, _ = Relative(x, p, 784)
	}
}

// BestF1 finds the threshold a search over every score with At finds, ties
// included, and F1 agrees with its definition from precision and recall.
func TestBestF1AgreesWithBruteForce(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		for _, step := range []float64{0, 0.25} {
			l := random(seed, 400, 1.5, step)
			thr, f1 := l.BestF1()
			want, wantT := 0.0, 0.0
			for _, s := range l.Scores {
				c := l.At(s)
				if f := c.F1(); f > want || (f == want && s > wantT) {
					want, wantT = f, s
				}
				if p, r := c.Precision(), c.Recall(); c.TP > 0 && math.Abs(c.F1()-2*p*r/(p+r)) > 1e-12 {
					t.Fatalf("F1 %g, from precision and recall %g", c.F1(), 2*p*r/(p+r))
				}
			}
			if math.Abs(f1-want) > 1e-12 || thr != wantT || l.At(thr).F1() != f1 {
				t.Errorf("seed %d step %g: BestF1 %g at %g; brute force %g at %g", seed, step, f1, thr, want, wantT)
			}
		}
	}
}

// The corruptions: noise stays in [0, 1] and changes most pixels; the
// square is white and OcclusionSide² pixels wide; a quarter turn is exact
// (four of them give back the image); the same seed gives the same copy.
func TestCorrupt(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	x := make([]float32, 2*28*28)
	for i := range x {
		if rng.IntN(4) == 0 {
			x[i] = float32(rng.IntN(256)) / 255
		}
	}
	noisy, err := Corrupt(x, 28, 28, Noise, 1)
	if err != nil {
		t.Fatal(err)
	}
	changed := 0
	for i, v := range noisy {
		if v < 0 || v > 1 {
			t.Fatalf("noisy pixel %d = %g", i, v)
		}
		if v != x[i] {
			changed++
		}
	}
	if changed < len(x)/2 {
		t.Errorf("noise changed %d of %d pixels", changed, len(x))
	}
	occ, _ := Corrupt(x, 28, 28, Occlusion, 1)
	for k := 0; k < 2; k++ {
		white := 0
		for _, v := range occ[k*784 : (k+1)*784] {
			if v == 1 {
				white++
			}
		}
		if white < OcclusionSide*OcclusionSide {
			t.Errorf("image %d: %d white pixels after occlusion, want at least %d", k, white, OcclusionSide*OcclusionSide)
		}
	}
	r := x
	for range 4 {
		if r, err = Corrupt(r, 28, 28, Rotation, 1); err != nil {
			t.Fatal(err)
		}
	}
	for i := range x {
		if math.Abs(float64(r[i]-x[i])) > 1e-5 {
			t.Fatalf("four quarter turns moved pixel %d: %g → %g", i, x[i], r[i])
		}
	}
	one, _ := Corrupt(x, 28, 28, Rotation, 1) // clockwise: the top-left corner goes to the top right
	if one[27] != x[0] {
		t.Errorf("a quarter turn put %g at the top right, want the top-left %g", one[27], x[0])
	}
	again, _ := Corrupt(x, 28, 28, Noise, 1)
	for i := range again {
		if again[i] != noisy[i] {
			t.Fatal("the same seed gave other noise")
		}
	}
	if _, err := Corrupt(x, 28, 28, "blur", 1); err == nil {
		t.Error("an unknown corruption accepted")
	}
	if _, err := Corrupt(x[:700], 28, 28, Noise, 1); err == nil {
		t.Error("700 pixels accepted as 28×28 images")
	}
}

// Score is Relative, Reconstruction, or Reconstruction plus KL.
func TestScoreCombines(t *testing.T) {
	x := []float32{0, 1, 0.5, 1}
	rec := []float32{0.1, 0.8, 0.5, 0.6}
	mu, sigma := []float32{0.5, -1}, []float32{0.8, 1.2}
	rel, _ := Score(x, rec, 4, mu, sigma, 2, true)
	want, _ := Relative(x, rec, 4)
	bce, _ := Score(x, rec, 4, nil, nil, 0, false)
	r, _ := Reconstruction(x, rec, 4)
	elbo, _ := Score(x, rec, 4, mu, sigma, 2, false)
	kl, _ := KL(mu, sigma, 2)
	if rel[0] != want[0] || bce[0] != r[0] || math.Abs(elbo[0]-(r[0]+kl[0])) > 1e-12 {
		t.Errorf("relative %v/%v, bce %v/%v, −ELBO %v/%v", rel, want, bce, r, elbo, r[0]+kl[0])
	}
	if _, err := Score(x, rec, 4, mu, sigma[:1], 2, false); err == nil {
		t.Error("mismatched posteriors accepted")
	}
}
