package cae

// defaultLambda is the contraction weight the lab starts with: on the noisy
// circle with 16 tied sigmoid units it visibly pulls the reconstruction field
// onto the manifold while the data are still reconstructed well.
const defaultLambda = 0.3

// field bounds in data units
const (
	fieldLo = -1.7
	fieldHi = 1.7
)
