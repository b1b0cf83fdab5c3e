package anomaly

import (
	"math"
	"sort"
)

// Histogram is counts of scores in Bins equal bins over [Lo, Hi]; scores
// outside fall into the first or last bin.
type Histogram struct {
	Lo, Hi float64
	Normal []int // counts of the normal examples
	Anom   []int // counts of the anomalies
}

// Range returns the range the histograms show: from the lowest score to
// the q-quantile of all scores (q < 1 keeps a few extreme scores from
// squeezing the rest into one bin; they land in the last bin).
func Range(scores []float64, q float64) (lo, hi float64) {
	if len(scores) == 0 {
		return 0, 1
	}
	s := append([]float64(nil), scores...)
	sort.Float64s(s)
	lo = s[0]
	hi = s[min(len(s)-1, int(math.Ceil(q*float64(len(s)-1))))]
	if !(hi > lo) {
		hi = lo + 1
	}
	return lo, hi
}

// Histograms bins l's scores over [lo, hi] separately for normal examples
// and anomalies.
func (l Labelled) Histograms(lo, hi float64, bins int) Histogram {
	h := Histogram{Lo: lo, Hi: hi, Normal: make([]int, bins), Anom: make([]int, bins)}
	for i, s := range l.Scores {
		b := h.Bin(s)
		if l.Anomaly[i] {
			h.Anom[b]++
		} else {
			h.Normal[b]++
		}
	}
	return h
}

// Bin is the bin score s falls into.
func (h Histogram) Bin(s float64) int {
	n := len(h.Normal)
	b := int(math.Floor((s - h.Lo) / (h.Hi - h.Lo) * float64(n)))
	return min(max(b, 0), n-1)
}
