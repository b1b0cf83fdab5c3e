package analysis

import (
	"math/rand/v2"
	"testing"
)

// bruteNearest is the direct computation NearestLabels must agree with.
func bruteNearest(ref []float32, labels []int, q []float32, dim int) int {
	best, bestD := -1, 0.0
	for j := range labels {
		var d float64
		for k := 0; k < dim; k++ {
			t := float64(q[k]) - float64(ref[j*dim+k])
			d += t * t
		}
		if best < 0 || d < bestD {
			best, bestD = j, d
		}
	}
	return labels[best]
}

func TestNearestLabelsMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const dim, nr, nq = 17, 300, 150 // nq spans more than one block
	ref := make([]float32, nr*dim)
	labels := make([]int, nr)
	for i := range ref {
		ref[i] = r.Float32()
	}
	for i := range labels {
		labels[i] = i // unique labels: the index of the nearest row
	}
	q := make([]float32, nq*dim)
	for i := range q {
		q[i] = r.Float32()
	}
	got, err := NearestLabels(ref, labels, q, dim)
	if err != nil {
		t.Fatal(err)
	}
	for i := range nq {
		if want := bruteNearest(ref, labels, q[i*dim:(i+1)*dim], dim); got[i] != want {
			t.Fatalf("query %d: nearest %d, brute force %d", i, got[i], want)
		}
	}
}

func TestNearestLabelsOfReferenceRowsAreTheirOwn(t *testing.T) {
	// Two clusters; every reference row's nearest neighbour is itself.
	ref := []float32{0, 0, 0.1, 0, 5, 5, 5.1, 5}
	labels := []int{3, 3, 7, 7}
	got, err := NearestLabels(ref, labels, ref, 2)
	if err != nil {
		t.Fatal(err)
	}
	if acc := LabelAccuracy(got, labels); acc != 1 {
		t.Fatalf("accuracy on the reference set itself: %v (labels %v)", acc, got)
	}
	if acc := LabelAccuracy([]int{1, 2}, []int{1, 3}); acc != 0.5 {
		t.Fatalf("LabelAccuracy = %v, want 0.5", acc)
	}
}

func TestNearestLabelsRefusesBadShapes(t *testing.T) {
	if _, err := NearestLabels([]float32{1, 2, 3}, []int{0, 1}, []float32{1, 2}, 2); err == nil {
		t.Error("3 reference values for 2 labels of dimension 2 accepted")
	}
	if _, err := NearestLabels([]float32{1, 2}, []int{0}, []float32{1, 2, 3}, 2); err == nil {
		t.Error("3 query values of dimension 2 accepted")
	}
}
