package cae

import (
	"encoding/binary"
	"fmt"
	"math"

	"latentlab/core/infer"
)

// nDigits is how many test digits the widget reconstructs.
const nDigits = 8

// FeatureTestDigits is how many test digits mnist-features shows (the first
// ones of the MNIST test split).
const FeatureTestDigits = nDigits

// MeanSquaredError is the widget's error of images against targets: the
// mean over images of the mean squared difference per pixel.
func MeanSquaredError(images, targets [][]float32) float64 {
	tot := 0.0
	for k, img := range images {
		tot += mse(img, targets[k])
	}
	return tot / float64(len(images))
}

// TestDigits reads the first n images of an MNIST subset file ("LLMN",
// version, count, rows, cols as little-endian u32, then labels, then uint8
// pixels; see core/data) as float32 in [0, 1]. The UI may not import
// core/data, and needs only a handful of digits.
func TestDigits(b []byte, n int) ([][]float32, error) {
	if len(b) < 20 || string(b[:4]) != "LLMN" {
		return nil, fmt.Errorf("not an MNIST subset file")
	}
	count := int(binary.LittleEndian.Uint32(b[8:]))
	rows := int(binary.LittleEndian.Uint32(b[12:]))
	cols := int(binary.LittleEndian.Uint32(b[16:]))
	if rows != 28 || cols != 28 || count < 1 || count > 100000 {
		return nil, fmt.Errorf("unexpected MNIST shape %d×%d×%d", count, rows, cols)
	}
	if n > count {
		n = count
	}
	off := 20 + count
	if len(b) < off+n*784 {
		return nil, fmt.Errorf("MNIST file truncated")
	}
	out := make([][]float32, n)
	for k := range out {
		img := make([]float32, 784)
		for i := range img {
			img[i] = float32(b[off+k*784+i]) / 255
		}
		out[k] = img
	}
	return out, nil
}

// Filter returns row j of the first encoder layer as a 28×28 image scaled
// symmetrically so that 0.5 is a zero weight (white positive, black negative).
func Filter(d *infer.Dense, j int) []float32 { return FilterImage(d.W[j*d.In : (j+1)*d.In]) }

// FilterImage scales one filter (a row of W) to [0, 1] with 0.5 for a zero
// weight and ±1 for the row's largest absolute weight.
func FilterImage(row []float32) []float32 {
	m := float32(1e-9)
	for _, w := range row {
		if a := float32(math.Abs(float64(w))); a > m {
			m = a
		}
	}
	img := make([]float32, len(row))
	for i, w := range row {
		img[i] = 0.5 + 0.5*w/m
	}
	return img
}
