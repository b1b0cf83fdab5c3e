package kernel

// Benchmarks of the element-wise math against the math package.

import (
	"math"
	"testing"
)

var sink float64

func BenchmarkExp(b *testing.B) {
	s := 0.0
	for i := 0; i < b.N; i++ {
		s += Exp(-float64(i&1023) / 100)
	}
	sink = s
}
func BenchmarkMathExp(b *testing.B) {
	s := 0.0
	for i := 0; i < b.N; i++ {
		s += math.Exp(-float64(i&1023) / 100)
	}
	sink = s
}
func BenchmarkLog1p(b *testing.B) {
	s := 0.0
	for i := 0; i < b.N; i++ {
		s += Log1p(float64(i&1023) / 1024)
	}
	sink = s
}
