package model

import "gonum.org/v1/gonum/mat"

func newDense(r, c int) *mat.Dense { return mat.NewDense(r, c, nil) }
