// Package nntest checks analytic gradients of float32 code against central
// finite differences, reporting the worst component.
package nntest

import (
	"fmt"
	"math"
)

// Tol are the tolerances of a gradient check: a component passes when
// |analytic − numeric| ≤ Abs + Rel·|numeric|.
type Tol struct {
	Step     float64 // finite-difference step h
	Abs, Rel float64
}

// Default suits float32 models whose loss is summed in float64: h = 1e-3.
var Default = Tol{Step: 1e-3, Abs: 2e-3, Rel: 2e-2}

// Result describes the worst component of a check.
type Result struct {
	Index             int
	Analytic, Numeric float64
	Excess            float64 // |a − n| − (Abs + Rel·|n|); ≤ 0 means it passed
}

// Check compares grad (the analytic ∂loss/∂v) with central differences
// (loss(v+h) − loss(v−h))/2h, perturbing each v[i] in turn (or only the
// indices in idx when non-nil) and restoring it. loss must be a pure
// function of v. It returns an error naming the worst component if any
// component fails.
func Check(name string, v, grad []float32, idx []int, loss func() float64, tol Tol) (Result, error) {
	if len(grad) != len(v) {
		return Result{}, fmt.Errorf("%s: gradient has %d components, value %d", name, len(grad), len(v))
	}
	if idx == nil {
		idx = make([]int, len(v))
		for i := range idx {
			idx[i] = i
		}
	}
	worst := Result{Index: -1, Excess: math.Inf(-1)}
	for _, i := range idx {
		old := v[i]
		v[i] = old + float32(tol.Step)
		hp := float64(v[i] - old)
		lp := loss()
		v[i] = old - float32(tol.Step)
		hm := float64(old - v[i])
		lm := loss()
		v[i] = old
		num := (lp - lm) / (hp + hm)
		a := float64(grad[i])
		ex := math.Abs(a-num) - (tol.Abs + tol.Rel*math.Abs(num))
		if ex > worst.Excess || math.IsNaN(ex) {
			worst = Result{Index: i, Analytic: a, Numeric: num, Excess: ex}
			if math.IsNaN(ex) {
				worst.Excess = math.Inf(1)
			}
		}
	}
	if worst.Excess > 0 {
		return worst, fmt.Errorf("%s: gradient check failed at component %d: analytic %.6g, numeric %.6g (tolerance %.2g + %.2g·|numeric|)",
			name, worst.Index, worst.Analytic, worst.Numeric, tol.Abs, tol.Rel)
	}
	return worst, nil
}
