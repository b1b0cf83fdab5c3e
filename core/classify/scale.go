package classify

import "math"

// Scaler centres features and puts them on a common scale: (x − Mean) /
// Scale. Fitted on unlabelled data, it is the same for every labelled
// subset. The zero value leaves features as they are.
//
// Scale is one number for all the features of a representation — the root
// mean square of their standard deviations — not one per feature: the
// relative scales of the features are part of what a representation is (a
// code unit that hardly varies says little), and dividing a nearly constant
// pixel or saturated unit by its own tiny spread would blow it up into a
// huge, noisy input. One scale per representation lets one weight decay
// suit codes of a few numbers and images of 784 pixels alike.
type Scaler struct {
	Mean  []float64
	Scale float64
}

// minScale keeps constant features from dividing by zero.
const minScale = 1e-6

// FitScaler measures the mean of each of the dim features over the rows of
// x and their common scale.
func FitScaler(x []float64, dim int) Scaler {
	rows := len(x) / dim
	n := max(rows, 1)
	s := Scaler{Mean: make([]float64, dim)}
	for i := 0; i < rows; i++ {
		for j, v := range x[i*dim : (i+1)*dim] {
			s.Mean[j] += v
		}
	}
	for j := range s.Mean {
		s.Mean[j] /= float64(n)
	}
	variance := 0.0
	for i := 0; i < rows; i++ {
		for j, v := range x[i*dim : (i+1)*dim] {
			d := v - s.Mean[j]
			variance += d * d
		}
	}
	s.Scale = math.Max(math.Sqrt(variance/float64(n*dim)), minScale)
	return s
}

// Apply returns the scaled rows of x: (x − Mean) / Scale.
func (s Scaler) Apply(x []float64) []float64 {
	out := make([]float64, len(x))
	if s.Mean == nil {
		copy(out, x)
		return out
	}
	dim := len(s.Mean)
	for i, v := range x {
		out[i] = (v - s.Mean[i%dim]) / s.Scale
	}
	return out
}
