package kernel_test

import (
	"fmt"

	"latentlab/core/kernel"
)

func ExampleGemmNN() {
	// C = bias + A·B with A 2×3, B 3×2: fill C with the bias, then accumulate.
	a := []float32{1, 2, 3, 4, 5, 6}
	b := []float32{1, 0, 0, 1, 1, 1}
	c := []float32{0.5, 0.5, 0.5, 0.5}
	kernel.GemmNN(2, 2, 3, a, b, c)
	fmt.Println(c)
	// Output: [4.5 5.5 10.5 11.5]
}

func ExampleSparseNN() {
	// A mostly-zero row times B visits only the non-zero entries.
	var s kernel.CSR
	s.FromDense(1, 4, []float32{0, 2, 0, 0})
	b := []float32{1, 1, 2, 2, 3, 3, 4, 4}
	c := make([]float32, 2)
	kernel.SparseNN(&s, 2, b, c)
	fmt.Println(s.NNZ(), c)
	// Output: 1 [4 4]
}
