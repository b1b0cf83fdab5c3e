package linalg

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func random(rng *rand.Rand, rows, cols int) []float64 {
	a := make([]float64, rows*cols)
	for i := range a {
		a[i] = rng.NormFloat64()
	}
	return a
}

// The singular values agree with gonum's SVD, for tall, wide and square
// matrices, and ‖A‖²_F is their sum of squares.
func TestSingularValuesMatchGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, shape := range [][2]int{{2, 784}, {16, 2}, {5, 5}, {1, 3}, {128, 30}} {
		rows, cols := shape[0], shape[1]
		a := random(rng, rows, cols)
		sv, frob2 := SingularValues(a, rows, cols)
		var svd mat.SVD
		if !svd.Factorize(mat.NewDense(rows, cols, a), mat.SVDNone) {
			t.Fatal("gonum SVD failed")
		}
		want := svd.Values(nil)
		var sum float64
		for k := range want {
			if math.Abs(sv[k]-want[k]) > 1e-9*math.Max(1, want[0]) {
				t.Errorf("%d×%d: σ_%d = %g, gonum %g", rows, cols, k, sv[k], want[k])
			}
			sum += want[k] * want[k]
		}
		if math.Abs(frob2-sum) > 1e-9*sum {
			t.Errorf("%d×%d: ‖A‖²_F = %g, Σσ² = %g", rows, cols, frob2, sum)
		}
	}
}

// Right singular vectors are unit vectors with ‖A v_k‖ = σ_k, and they
// agree with gonum's up to sign.
func TestRightSingularVectors(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, shape := range [][2]int{{16, 2}, {7, 3}, {2, 2}} {
		rows, cols := shape[0], shape[1]
		a := random(rng, rows, cols)
		sv, v := RightSingular(a, rows, cols)
		var svd mat.SVD
		svd.Factorize(mat.NewDense(rows, cols, a), mat.SVDThinV)
		var gv mat.Dense
		svd.VTo(&gv)
		for k := range cols {
			vk := v[k*cols : (k+1)*cols]
			var norm, dot float64
			for i, x := range vk {
				norm += x * x
				dot += x * gv.At(i, k)
			}
			if math.Abs(norm-1) > 1e-9 || math.Abs(math.Abs(dot)-1) > 1e-9 {
				t.Errorf("%d×%d: v_%d %v, gonum's column %v", rows, cols, k, vk, mat.Col(nil, k, &gv))
			}
			var av float64
			for r := range rows {
				var s float64
				for i, x := range vk {
					s += a[r*cols+i] * x
				}
				av += s * s
			}
			if math.Abs(math.Sqrt(av)-sv[k]) > 1e-9*math.Max(1, sv[0]) {
				t.Errorf("%d×%d: ‖A v_%d‖ = %g, σ = %g", rows, cols, k, math.Sqrt(av), sv[k])
			}
		}
	}
}

func TestSymEigenDiagonalAndRank(t *testing.T) {
	ev, v := SymEigen([]float64{1, 0, 0, 3}, 2)
	if ev[0] != 3 || ev[1] != 1 || math.Abs(v[1]) != 1 {
		t.Errorf("eigen of diag(1, 3): %v %v", ev, v)
	}
	sv, _ := SingularValues([]float64{1, 2, 2, 4}, 2, 2) // rank 1
	if math.Abs(sv[0]-5) > 1e-12 || math.Abs(sv[1]) > 1e-7 {
		t.Errorf("rank-one singular values %v", sv)
	}
}
