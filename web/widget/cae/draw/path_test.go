package draw

import "testing"

func TestPath(t *testing.T) {
	var p Path
	p.M(1, 2.04)
	p.L(3.26, 4)
	p.Square(10, 10, 2)
	if got, want := p.String(), "M1 2L3.3 4M9 9h2v2h-2z"; got != want {
		t.Fatalf("path %q, want %q", got, want)
	}
	var a Path
	a.Arrow(0, 0, 0.2, 0, 5) // shorter than a pixel: a square
	if a.String() != "M-0.8 -0.8h1.5v1.5h-1.5z" {
		t.Fatalf("short arrow %q", a.String())
	}
}

func TestRangeAndThin(t *testing.T) {
	lo, hi := Range([]Series{{Y: []float64{1, 10, 100}}}, true)
	if lo != 0 || hi != 2 {
		t.Fatalf("log range %g %g", lo, hi)
	}
	lo, hi = Range(nil, false)
	if lo != 0 || hi != 1 {
		t.Fatalf("empty range %g %g", lo, hi)
	}
	y := Thin([]float64{0, 1, 2, 3, 4})
	if len(y) != 3 || y[2] != 4 {
		t.Fatalf("thin %v", y)
	}
}
