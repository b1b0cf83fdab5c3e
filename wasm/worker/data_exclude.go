package worker

import "fmt"

// withoutClasses returns the points of d whose label is not in exclude (d
// itself when exclude is empty). It refuses labels outside 0…9, a set
// without labels, and an exclusion that leaves nothing to train on.
func withoutClasses(d *Dataset, exclude []int) (*Dataset, error) {
	if len(exclude) == 0 {
		return d, nil
	}
	if d.Labels == nil {
		return nil, fmt.Errorf("exclude classes %v: the data set has no labels", exclude)
	}
	var drop [10]bool
	for _, c := range exclude {
		if c < 0 || c > 9 {
			return nil, fmt.Errorf("exclude class %d: digit classes are 0…9", c)
		}
		drop[c] = true
	}
	out := &Dataset{Dim: d.Dim, Width: d.Width, Height: d.Height}
	for i, l := range d.Labels {
		if l >= 0 && l < 10 && drop[l] {
			continue
		}
		out.X = append(out.X, d.Row(i)...)
		out.Labels = append(out.Labels, l)
	}
	out.N = len(out.Labels)
	if out.N == 0 {
		return nil, fmt.Errorf("exclude classes %v: no training digits left", exclude)
	}
	return out, nil
}
