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
// payload) and splits them into training and held-out sets. Points of
// owndata.ImagePixels coordinates are the student's images (28×28, like
// MNIST): the sets carry that shape, so that the views show them as images.
func ownData(x []float32, dim int) (train, test *Dataset, err error) {
	if len(x) == 0 {
		return &Dataset{}, nil, fmt.Errorf("own data: no points were sent (draw or upload a data set first)")
	}
	if err := owndata.Check(x, dim); err != nil {
		return &Dataset{}, nil, err
	}
	n, side := len(x)/dim, 0
	if dim == owndata.ImagePixels {
		side = owndata.ImageSide
	}
	if n < ownSplitMin {
		all := &Dataset{X: append([]float32(nil), x...), N: n, Dim: dim, Width: side, Height: side}
		return all, all, nil
	}
	train, test = &Dataset{Dim: dim, Width: side, Height: side}, &Dataset{Dim: dim, Width: side, Height: side}
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
