package anomaly

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// descendingByComparison is descending as a comparison sort: the order it
// must give.
func descendingByComparison(scores []float64) []int {
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(scores[b], scores[a]) })
	return idx
}

// The radix sort gives the comparison sort's order: random scores with
// many ties (rounded to a few values), both signs, ±0, ±Inf and NaN, and
// every size from 0 to 40 besides 2,000.
func TestDescendingMatchesComparisonSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	special := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64}
	sizes := []int{2000}
	for n := range 41 {
		sizes = append(sizes, n)
	}
	for trial := range 300 {
		for _, n := range sizes[:1+trial%len(sizes)] {
			s := make([]float64, n)
			for i := range s {
				switch rng.IntN(4) {
				case 0:
					s[i] = special[rng.IntN(len(special))]
				case 1:
					s[i] = math.Round(rng.NormFloat64() * 3) // ties
				default:
					s[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(20)-10))
				}
			}
			got, want := descending(s), descendingByComparison(s)
			if !slices.Equal(got, want) {
				t.Fatalf("n=%d: descending = %v, the comparison sort gives %v (scores %v)", n, got, want, s)
			}
		}
	}
}

// BenchmarkDescending2000 sorts 2,000 scores: the radix sort, and the
// comparison sort it replaced (pdqsort on (score, index) pairs).
func BenchmarkDescending2000(b *testing.B) {
	l := random(1, 2000, 1, 0)
	b.Run("radix", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			descending(l.Scores)
		}
	})
	b.Run("pairs", func(b *testing.B) {
		type pair struct {
			s float64
			i int
		}
		b.ReportAllocs()
		for b.Loop() {
			ps := make([]pair, len(l.Scores))
			for i, s := range l.Scores {
				ps[i] = pair{s, i}
			}
			slices.SortFunc(ps, func(a, b pair) int {
				if c := cmp.Compare(b.s, a.s); c != 0 {
					return c
				}
				return a.i - b.i
			})
			idx := make([]int, len(ps))
			for k, p := range ps {
				idx[k] = p.i
			}
		}
	})
}
