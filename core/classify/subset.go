package classify

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// Balanced returns the indices of perClass examples of each class 0…classes−1
// of labels, drawn without replacement by a permutation seeded with seed,
// in ascending order. For one seed the subsets are nested: Balanced(…, 10, s)
// is part of Balanced(…, 100, s). It fails when a class has fewer than
// perClass examples or a label is out of range.
func Balanced(labels []int, classes, perClass int, seed uint64) ([]int, error) {
	if classes <= 0 || perClass < 0 {
		return nil, fmt.Errorf("classify: %d classes, %d per class", classes, perClass)
	}
	byClass := make([][]int, classes)
	for i, l := range labels {
		if l < 0 || l >= classes {
			return nil, fmt.Errorf("classify: label %d of example %d outside 0…%d", l, i, classes-1)
		}
		byClass[l] = append(byClass[l], i)
	}
	rng := rand.New(rand.NewPCG(seed, 0x636c6173)) // "clas"
	var out []int
	for c, idx := range byClass {
		if len(idx) < perClass {
			return nil, fmt.Errorf("classify: class %d has %d examples, fewer than %d", c, len(idx), perClass)
		}
		rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		out = append(out, idx[:perClass]...)
	}
	slices.Sort(out)
	return out, nil
}

// Rows gathers rows idx of x (dim values each) into a new slice of float64.
func Rows(x []float32, dim int, idx []int) []float64 {
	out := make([]float64, 0, len(idx)*dim)
	for _, i := range idx {
		for _, v := range x[i*dim : (i+1)*dim] {
			out = append(out, float64(v))
		}
	}
	return out
}

// Pick returns labels[idx].
func Pick(labels []int, idx []int) []int {
	out := make([]int, len(idx))
	for k, i := range idx {
		out[k] = labels[i]
	}
	return out
}
