package kernel

import (
	"fmt"
	"sync"
)

// gemmOp names which operands of a product are transposed.
type gemmOp uint8

const (
	opNN gemmOp = iota // C += A·B
	opNT               // C += A·Bᵀ
	opTN               // C += Aᵀ·B
)

// GemmNN computes C += A·B where A is m×k, B is k×n and C is m×n, all
// row-major. Each C[i,j] is summed in increasing k order.
func GemmNN(m, n, k int, a, b, c []float32) {
	checkShape("GemmNN", m, n, k, len(a), len(b), len(c))
	gemm(opNN, m, n, k, a, b, c)
}

// GemmNT computes C += A·Bᵀ where A is m×k, B is n×k and C is m×n, all
// row-major. Each C[i,j] is summed in increasing k order.
func GemmNT(m, n, k int, a, b, c []float32) {
	checkShape("GemmNT", m, n, k, len(a), len(b), len(c))
	gemm(opNT, m, n, k, a, b, c)
}

// GemmTN computes C += Aᵀ·B where A is k×m, B is k×n and C is m×n, all
// row-major. Each C[i,j] is summed in increasing k order.
func GemmTN(m, n, k int, a, b, c []float32) {
	checkShape("GemmTN", m, n, k, len(a), len(b), len(c))
	gemm(opTN, m, n, k, a, b, c)
}

// gemm runs the build's kernel: SIMD where the build and the processor
// have it, else the scalar one. Both give the same bits.
func gemm(op gemmOp, m, n, k int, a, b, c []float32) {
	if m == 0 || n == 0 || k == 0 {
		return
	}
	if useSIMD {
		gemmSIMD(op, m, n, k, a, b, c)
		return
	}
	gemmScalar(op, m, n, k, a, b, c)
}

// scratch holds the packed panels of one product.
type scratch struct{ a, b []float32 }

// A free list rather than a sync.Pool: a pool is emptied by every garbage
// collection, which would make a training step reallocate its panels.
var (
	scratchMu   sync.Mutex
	scratchFree []*scratch
)

func getScratch(la, lb int) *scratch {
	var s *scratch
	scratchMu.Lock()
	if n := len(scratchFree); n > 0 {
		s = scratchFree[n-1]
		scratchFree = scratchFree[:n-1]
	}
	scratchMu.Unlock()
	if s == nil {
		s = new(scratch)
	}
	if cap(s.a) < la {
		s.a = make([]float32, la)
	}
	if cap(s.b) < lb {
		s.b = make([]float32, lb)
	}
	s.a, s.b = s.a[:la], s.b[:lb]
	return s
}

// checkShape panics unless a, b and c are long enough for the named product.
func checkShape(name string, m, n, k, la, lb, lc int) {
	if m < 0 || n < 0 || k < 0 {
		panic(fmt.Sprintf("kernel: %s: negative dimension m=%d n=%d k=%d", name, m, n, k))
	}
	if la < m*k || lb < k*n || lc < m*n {
		panic(fmt.Sprintf("kernel: %s: short slice for m=%d n=%d k=%d: len(a)=%d len(b)=%d len(c)=%d",
			name, m, n, k, la, lb, lc))
	}
}

func putScratch(s *scratch) {
	scratchMu.Lock()
	scratchFree = append(scratchFree, s)
	scratchMu.Unlock()
}
