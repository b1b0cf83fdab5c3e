package reparam

import "testing"

// The arrow keys move the ring to the nearest point in their direction and
// stay put at the edge of the cloud.
func TestNextPoint(t *testing.T) {
	eps := []float64{0, 0, 1, 0.1, 2, 0, 0.2, 1, -1, -1, 0.9, 0.95}
	cases := []struct {
		cur    int
		dx, dy float64
		want   int
	}{
		{0, 1, 0, 1},  // right: (1, 0.1), not (2, 0) nor the diagonal (0.9, 0.95)
		{1, 1, 0, 2},  // and on to (2, 0)
		{2, 1, 0, 2},  // nothing further right
		{0, 0, 1, 3},  // up: (0.2, 1)
		{0, -1, 0, 4}, // left: (−1, −1) is at 45°, still in
		{0, 0, -1, 4}, // down: the same point
		{3, 0, 1, 3},  // nothing above
	}
	for _, c := range cases {
		if got := NextPoint(eps, c.cur, c.dx, c.dy); got != c.want {
			t.Errorf("NextPoint from %d along (%g, %g) = %d, want %d", c.cur, c.dx, c.dy, got, c.want)
		}
	}
}
