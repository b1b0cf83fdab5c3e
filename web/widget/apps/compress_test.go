package apps

import "testing"

// A Reset while a round of snapshots is in flight: the old round's replies,
// delivered after it, neither count for the new round nor take the count
// below zero, and the new round ends with its own last reply.
func TestSnapRoundsIgnoreSupersededReplies(t *testing.T) {
	var r snapRounds
	old := r.begin(5)
	if cur, last := r.land(old); !cur || last || !r.busy() {
		t.Fatalf("first reply of 5: current %v last %v busy %v", cur, last, r.busy())
	}
	r.reset() // Started: new models
	for range 4 {
		if cur, _ := r.land(old); cur {
			t.Fatal("a reply of a superseded round counted")
		}
	}
	if r.busy() || r.left != 0 {
		t.Fatalf("after stale replies: busy %v, %d left", r.busy(), r.left)
	}
	round := r.begin(5)
	if cur, _ := r.land(old); cur || r.left != 5 {
		t.Fatalf("a stale reply during the new round counted: %d left", r.left)
	}
	for i := range 5 {
		cur, last := r.land(round)
		if !cur || last != (i == 4) {
			t.Fatalf("reply %d of 5: current %v last %v", i+1, cur, last)
		}
	}
	if cur, _ := r.land(round); cur || r.left != 0 || r.busy() {
		t.Fatalf("a sixth reply of a round of 5 counted: %d left", r.left)
	}
}
