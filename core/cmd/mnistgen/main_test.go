package main

import "testing"

func TestBalancedDeterministic(t *testing.T) {
	labels := make([]byte, 1000)
	for i := range labels {
		labels[i] = byte((i * 7) % 10)
	}
	a, err := balanced(labels, 200, 1)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := balanced(labels, 200, 1)
	c, _ := balanced(labels, 200, 2)
	var cnt [10]int
	seen := map[int]bool{}
	diff := false
	for k, i := range a {
		cnt[labels[i]]++
		if seen[i] {
			t.Fatalf("index %d chosen twice", i)
		}
		seen[i] = true
		if b[k] != i {
			t.Fatal("same seed gives a different selection")
		}
		diff = diff || c[k] != i
	}
	for d, n := range cnt {
		if n != 20 {
			t.Errorf("digit %d chosen %d times, want 20", d, n)
		}
	}
	if !diff {
		t.Error("different seeds give the same selection")
	}
	if _, err := balanced(labels, 15, 1); err == nil {
		t.Error("count not a multiple of 10 accepted")
	}
	if _, err := balanced(labels, 2000, 1); err == nil {
		t.Error("more than available accepted")
	}
}
