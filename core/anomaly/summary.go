package anomaly

import "math"

// Summary is what a detector shows of one scoring: the ROC curve and its
// AUC, the threshold of the best F1, and the range its histograms cover.
type Summary struct {
	ROC      ROC
	AUC      float64
	Best, F1 float64 // BestF1
	Lo, Hi   float64 // Range(l.Scores, q)
	Pos, Neg int     // anomalies and normal examples
}

// Summarize computes the Summary of l with the histogram range's quantile
// q, sorting the scores once (Curve, BestF1 and Range each sort them;
// the figures are the same). l.Check must pass.
func (l Labelled) Summarize(q float64) Summary {
	idx := descending(l.Scores)
	s := Summary{ROC: l.curve(idx)}
	s.Pos, s.Neg = l.counts()
	s.AUC = s.ROC.AUC()
	s.Best, s.F1 = s.ROC.bestF1(s.Pos, s.Neg)
	s.Lo, s.Hi = rangeOfDescending(l.Scores, idx, q)
	return s
}

// rangeOfDescending is Range of scores whose indices idx lists from the
// highest score to the lowest.
func rangeOfDescending(scores []float64, idx []int, q float64) (lo, hi float64) {
	n := len(idx)
	if n == 0 {
		return 0, 1
	}
	asc := func(k int) float64 { return scores[idx[n-1-k]] }
	lo = asc(0)
	hi = asc(min(n-1, int(math.Ceil(q*float64(n-1)))))
	if !(hi > lo) {
		hi = lo + 1
	}
	return lo, hi
}

// Corners are the points of the ROC curve where it turns: the points of a
// horizontal or vertical run of steps but its ends are left out. The
// polyline through them is the curve's polyline (a plot draws a few
// hundred points instead of one per score).
func (r ROC) Corners() (fpr, tpr []float64) {
	n := len(r.FPR)
	fpr, tpr = make([]float64, 0, n), make([]float64, 0, n)
	for i := range n {
		if i > 0 && i < n-1 && straight(r.FPR[i-1], r.TPR[i-1], r.FPR[i], r.TPR[i], r.FPR[i+1], r.TPR[i+1]) {
			continue
		}
		fpr, tpr = append(fpr, r.FPR[i]), append(tpr, r.TPR[i])
	}
	return fpr, tpr
}

// straight reports whether b lies inside a horizontal or vertical run from
// a to c (going on in the same direction).
func straight(ax, ay, bx, by, cx, cy float64) bool {
	horizontal := ay == by && by == cy && ax <= bx && bx <= cx
	vertical := ax == bx && bx == cx && ay <= by && by <= cy
	return horizontal || vertical
}
