package anomaly

import (
	"reflect"
	"testing"
)

// Summarize, sorting once, gives exactly what Curve, AUC, BestF1 and Range
// give, ties included.
func TestSummarizeMatchesTheSeparateMeasures(t *testing.T) {
	for seed := uint64(1); seed <= 6; seed++ {
		for _, step := range []float64{0, 0.25, 2} {
			l := random(seed, 500, 1.2, step)
			s := l.Summarize(0.99)
			r := l.Curve()
			thr, f1 := l.BestF1()
			lo, hi := Range(l.Scores, 0.99)
			if !reflect.DeepEqual(s.ROC, r) || s.AUC != r.AUC() || s.Best != thr || s.F1 != f1 || s.Lo != lo || s.Hi != hi {
				t.Errorf("seed %d step %g: Summarize AUC %g best %g (F1 %g) range [%g, %g]; separately AUC %g best %g (F1 %g) range [%g, %g]",
					seed, step, s.AUC, s.Best, s.F1, s.Lo, s.Hi, r.AUC(), thr, f1, lo, hi)
			}
			pos, neg := l.counts()
			if s.Pos != pos || s.Neg != neg {
				t.Errorf("seed %d: %d/%d anomalies/normal; want %d/%d", seed, s.Pos, s.Neg, pos, neg)
			}
		}
	}
}

// The corners of a ROC curve are a subsequence of its points with both
// ends, and every point left out lies on the segment between the corners
// around it: the polyline is the same, drawn with far fewer points.
func TestCornersKeepThePolyline(t *testing.T) {
	for seed := uint64(1); seed <= 6; seed++ {
		for _, step := range []float64{0, 0.25} {
			r := random(seed, 2000, 1.5, step).Curve()
			fx, fy := r.Corners()
			n := len(r.FPR)
			if len(fx) < 2 || fx[0] != 0 || fy[0] != 0 || fx[len(fx)-1] != 1 || fy[len(fy)-1] != 1 {
				t.Fatalf("seed %d: corners %d, from (%g, %g) to (%g, %g)", seed, len(fx), fx[0], fy[0], fx[len(fx)-1], fy[len(fy)-1])
			}
			k := 0 // the next corner to find among the points
			for i := range n {
				if k < len(fx) && r.FPR[i] == fx[k] && r.TPR[i] == fy[k] {
					k++
					continue
				}
				if k == 0 || k >= len(fx) {
					t.Fatalf("seed %d: point %d (%g, %g) outside the corners", seed, i, r.FPR[i], r.TPR[i])
				}
				ax, ay, bx, by := fx[k-1], fy[k-1], fx[k], fy[k]
				x, y := r.FPR[i], r.TPR[i]
				onH := ay == by && y == ay && ax <= x && x <= bx
				onV := ax == bx && x == ax && ay <= y && y <= by
				if !onH && !onV {
					t.Fatalf("seed %d: point %d (%g, %g) is off the segment (%g, %g)–(%g, %g)", seed, i, x, y, ax, ay, bx, by)
				}
			}
			if k != len(fx) {
				t.Fatalf("seed %d: corners are not a subsequence of the points (%d of %d found)", seed, k, len(fx))
			}
			if step == 0 && len(fx) >= n/2 {
				t.Errorf("seed %d: %d corners of %d points; the runs were not merged", seed, len(fx), n)
			}
			t.Logf("seed %d step %g: %d points, %d corners", seed, step, n, len(fx))
		}
	}
}
