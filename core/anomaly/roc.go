package anomaly

import (
	"fmt"
	"math"
)

// Labelled is a set of scores with, for each, whether it is an anomaly (a
// positive: from the class the model never saw). Higher scores mean "more
// anomalous".
type Labelled struct {
	Scores  []float64
	Anomaly []bool
}

// Check reports a set the measures cannot use: different lengths, a score
// that is not finite, or no examples of one side.
func (l Labelled) Check() error {
	if len(l.Scores) != len(l.Anomaly) {
		return fmt.Errorf("anomaly: %d scores and %d labels", len(l.Scores), len(l.Anomaly))
	}
	for i, s := range l.Scores {
		if math.IsNaN(s) || math.IsInf(s, 0) {
			return fmt.Errorf("anomaly: score %d is %v", i, s)
		}
	}
	pos, neg := l.counts()
	if pos == 0 || neg == 0 {
		return fmt.Errorf("anomaly: %d anomalies and %d normal examples; need both", pos, neg)
	}
	return nil
}

func (l Labelled) counts() (pos, neg int) {
	for _, a := range l.Anomaly {
		if a {
			pos++
		} else {
			neg++
		}
	}
	return pos, neg
}

// Counts is a confusion matrix: examples flagged (score ≥ threshold) or
// not, by whether they are anomalies.
type Counts struct{ TP, FP, TN, FN int }

// Precision is TP/(TP+FP): the share of flagged examples that are anomalies
// (1 when nothing is flagged).
func (c Counts) Precision() float64 {
	if c.TP+c.FP == 0 {
		return 1
	}
	return float64(c.TP) / float64(c.TP+c.FP)
}

// Recall is TP/(TP+FN): the share of anomalies flagged.
func (c Counts) Recall() float64 {
	if c.TP+c.FN == 0 {
		return 0
	}
	return float64(c.TP) / float64(c.TP+c.FN)
}

// FPR is FP/(FP+TN): the share of normal examples flagged.
func (c Counts) FPR() float64 {
	if c.FP+c.TN == 0 {
		return 0
	}
	return float64(c.FP) / float64(c.FP+c.TN)
}

// At counts the examples flagged by threshold t (score ≥ t).
func (l Labelled) At(t float64) Counts {
	var c Counts
	for i, s := range l.Scores {
		switch flagged := s >= t; {
		case flagged && l.Anomaly[i]:
			c.TP++
		case flagged:
			c.FP++
		case l.Anomaly[i]:
			c.FN++
		default:
			c.TN++
		}
	}
	return c
}

// ROC is a receiver operating characteristic curve: for thresholds from
// above the highest score down to the lowest, the false-positive rate FPR
// and the true-positive rate TPR (recall) of flagging score ≥ threshold.
// It starts at (0, 0) and ends at (1, 1); tied scores make one diagonal step.
type ROC struct {
	FPR, TPR, Threshold []float64
}

// Curve computes the ROC curve of l (l.Check must pass).
func (l Labelled) Curve() ROC {
	return l.curve(descending(l.Scores))
}

// curve is Curve with the examples' indices already in descending order of
// score (ties in index order).
func (l Labelled) curve(idx []int) ROC {
	pos, neg := l.counts()
	r := ROC{FPR: make([]float64, 1, len(idx)+1), TPR: make([]float64, 1, len(idx)+1), Threshold: make([]float64, 1, len(idx)+1)}
	r.Threshold[0] = math.Inf(1)
	tp, fp := 0, 0
	for k := 0; k < len(idx); {
		t := l.Scores[idx[k]]
		for ; k < len(idx) && l.Scores[idx[k]] == t; k++ {
			if l.Anomaly[idx[k]] {
				tp++
			} else {
				fp++
			}
		}
		r.FPR = append(r.FPR, float64(fp)/float64(neg))
		r.TPR = append(r.TPR, float64(tp)/float64(pos))
		r.Threshold = append(r.Threshold, t)
	}
	return r
}

// descending returns the indices of scores from the highest score to the
// lowest, ties in index order (−0 ties with 0; NaN, lowest of all, ties
// with NaN), by a stable least-significant-digit radix sort of keys whose
// unsigned order is the descending order of the scores: eight passes of a
// byte at most, a pass skipped when every key shares its byte. Straight
// loops with no calls: a comparison sort through a closure (pdqsort on
// the pairs, before it) spent 5–10 ms of the detector's first rescorings in
// the browser's baseline wasm code, before V8 tiered it up (0.7 ms after).
func descending(scores []float64) []int {
	n := len(scores)
	key, key2 := make([]uint64, n), make([]uint64, n)
	idx, idx2 := make([]int, n), make([]int, n)
	for i, s := range scores {
		key[i], idx[i] = descendingKey(s), i
	}
	var count [256]int
	for shift := 0; shift < 64 && n > 1; shift += 8 {
		clear(count[:])
		for _, k := range key {
			count[byte(k>>shift)]++
		}
		if count[byte(key[0]>>shift)] == n {
			continue // one digit for all: this pass would keep the order
		}
		sum := 0
		for d, c := range count {
			count[d] = sum
			sum += c
		}
		for j, k := range key {
			d := byte(k >> shift)
			key2[count[d]], idx2[count[d]] = k, idx[j]
			count[d]++
		}
		key, key2, idx, idx2 = key2, key, idx2, idx
	}
	return idx
}

// descendingKey maps a score to a key whose unsigned order is the
// descending order of the scores: the IEEE bits made monotonic (sign bit
// set for positives, all bits flipped for negatives), then complemented.
func descendingKey(s float64) uint64 {
	if s != s {
		return math.MaxUint64 // NaN: after every number
	}
	if s == 0 {
		s = 0 // −0 → +0
	}
	b := math.Float64bits(s)
	if b>>63 == 1 {
		b = ^b
	} else {
		b |= 1 << 63
	}
	return ^b
}

// AUC is the area under the curve by the trapezoid rule: the probability
// that a random anomaly scores higher than a random normal example, ties
// counting one half (the Mann–Whitney statistic).
func (r ROC) AUC() float64 {
	a := 0.0
	for i := 1; i < len(r.FPR); i++ {
		a += (r.FPR[i] - r.FPR[i-1]) * (r.TPR[i] + r.TPR[i-1]) / 2
	}
	return a
}

// Top returns the indices of the k highest scores, highest first (ties in
// index order).
func Top(scores []float64, k int) []int {
	return descending(scores)[:min(k, len(scores))]
}

// F1 is the harmonic mean of precision and recall, 2TP/(2TP+FP+FN) (0 when
// nothing is flagged correctly).
func (c Counts) F1() float64 {
	if c.TP == 0 {
		return 0
	}
	return 2 * float64(c.TP) / float64(2*c.TP+c.FP+c.FN)
}

// BestF1 returns the threshold (one of the scores) whose flags, score ≥
// threshold, have the highest F1, and that F1; of equal F1s the highest
// threshold wins (l.Check must pass).
func (l Labelled) BestF1() (threshold, f1 float64) {
	pos, neg := l.counts()
	return l.Curve().bestF1(pos, neg)
}

// bestF1 is BestF1 read off the curve of a set with pos anomalies and neg
// normal examples.
func (r ROC) bestF1(pos, neg int) (threshold, f1 float64) {
	threshold = r.Threshold[len(r.Threshold)-1]
	for i := 1; i < len(r.Threshold); i++ {
		tp := math.Round(r.TPR[i] * float64(pos))
		fp := math.Round(r.FPR[i] * float64(neg))
		c := Counts{TP: int(tp), FP: int(fp), FN: pos - int(tp), TN: neg - int(fp)}
		if f := c.F1(); f > f1 {
			threshold, f1 = r.Threshold[i], f
		}
	}
	return threshold, f1
}
