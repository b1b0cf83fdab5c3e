package nntest

import "testing"

func TestCheckCatchesWrongGradient(t *testing.T) {
	v := []float32{0.5, -1, 2}
	loss := func() float64 { // Σ v³
		var s float64
		for _, x := range v {
			s += float64(x) * float64(x) * float64(x)
		}
		return s
	}
	good := []float32{3 * 0.25, 3, 12}
	if _, err := Check("cube", v, good, nil, loss, Default); err != nil {
		t.Fatal(err)
	}
	bad := []float32{3 * 0.25, 3, 11}
	r, err := Check("cube", v, bad, nil, loss, Default)
	if err == nil || r.Index != 2 {
		t.Fatalf("wrong gradient not reported at component 2: %v %+v", err, r)
	}
}
