package worker

import (
	"fmt"

	"latentlab/core/owndata"
)

// ownHeldEvery: an own data set of at least ownSplitMin points keeps every
// ownHeldEvery-th point out of training, as its held-out set; a smaller one
// is evaluated on its training points.
const (
	ownHeldEvery = 5
	ownSplitMin  = 20
)

// ownData checks the student's points (x: N×dim, from the create request's
// payload) and splits them into training and held-out sets.
func ownData(x []float32, dim int) (train, test *Dataset, err error) {
	if len(x) == 0 {
		return &Dataset{}, nil, fmt.Errorf("own data: no points were sent (draw or upload a data set first)")
	}
	if err := owndata.Check(x, dim); err != nil {
		return &Dataset{}, nil, err
	}
	n := len(x) / dim
	if n < ownSplitMin {
		all := &Dataset{X: append([]float32(nil), x...), N: n, Dim: dim}
		return all, all, nil
	}
	train, test = &Dataset{Dim: dim}, &Dataset{Dim: dim}
	for i := range n {
		d := train
		if i%ownHeldEvery == ownHeldEvery-1 {
			d = test
		}
		d.X = append(d.X, x[i*dim:(i+1)*dim]...)
		d.N++
	}
	return train, test, nil
}
