package kit

import (
	"testing"
	"time"
)

func TestSharePacesByCost(t *testing.T) {
	t0 := time.Unix(1000, 0)
	s := Share{Every: time.Second, Fraction: 0.05}
	if !s.Due(t0) {
		t.Fatal("the first request is not due")
	}
	s.Begin(t0)
	if s.Due(t0.Add(5 * time.Second)) {
		t.Error("due while one is in flight")
	}
	s.Done(20 * time.Millisecond) // cheap: 20 ms ÷ 5 % = 400 ms < Every
	if s.Due(t0.Add(999*time.Millisecond)) || !s.Due(t0.Add(time.Second)) {
		t.Errorf("cheap request: gap %v, want Every", s.Gap())
	}
	t1 := t0.Add(time.Second)
	s.Begin(t1)
	s.Done(200 * time.Millisecond) // dear: 200 ms ÷ 5 % = 4 s
	if s.Gap() != 4*time.Second || s.Due(t1.Add(3999*time.Millisecond)) || !s.Due(t1.Add(4*time.Second)) {
		t.Errorf("dear request: gap %v, want 4s", s.Gap())
	}
	s.Now()
	if !s.Due(t1.Add(time.Millisecond)) {
		t.Error("Now did not make the next due")
	}
	s.Begin(t1)
	s.Now()
	if s.Due(t1) {
		t.Error("Now made one due while another is in flight")
	}
	s.Failed()
	if s.Gap() != time.Second || !s.Due(t1) {
		t.Errorf("after Failed: gap %v, due %v", s.Gap(), s.Due(t1))
	}
}

func TestShareWithoutFraction(t *testing.T) {
	t0 := time.Unix(1000, 0)
	s := Share{Every: 500 * time.Millisecond}
	s.Begin(t0)
	s.Done(time.Hour)
	if s.Gap() != 500*time.Millisecond || !s.Due(t0.Add(500*time.Millisecond)) {
		t.Errorf("no fraction: gap %v", s.Gap())
	}
	s.Reset()
	if !s.Due(t0) {
		t.Error("Reset: not due")
	}
}
