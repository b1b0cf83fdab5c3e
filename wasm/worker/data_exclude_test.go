package worker

import (
	"strings"
	"testing"
)

func TestWithoutClasses(t *testing.T) {
	d := &Dataset{X: []float32{0, 0, 1, 1, 2, 2, 7, 7}, N: 4, Dim: 2, Labels: []int{0, 1, 7, 1}}
	got, err := withoutClasses(d, []int{7})
	if err != nil {
		t.Fatal(err)
	}
	if got.N != 3 || len(got.X) != 6 || got.Labels[2] != 1 || got.X[4] != 7 {
		t.Fatalf("without 7: N=%d X=%v labels=%v", got.N, got.X, got.Labels)
	}
	if same, _ := withoutClasses(d, nil); same != d {
		t.Fatal("no exclusion should return the set itself")
	}
	for _, c := range []struct {
		name    string
		d       *Dataset
		exclude []int
		want    string
	}{
		{"out of range", d, []int{10}, "0…9"},
		{"negative", d, []int{-1}, "0…9"},
		{"everything", d, []int{0, 1, 7}, "no training digits left"},
		{"no labels", &Dataset{X: []float32{1}, N: 1, Dim: 1}, []int{3}, "no labels"},
	} {
		if _, err := withoutClasses(c.d, c.exclude); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}
