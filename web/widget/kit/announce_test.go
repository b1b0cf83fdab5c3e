package kit

import (
	"testing"
	"time"
)

// While training runs, a status that changes 4 times a second is announced
// at most once per AnnounceGap; a change of state is announced at once.
func TestAnnouncerThrottlesWhileTraining(t *testing.T) {
	var a announcer
	t0 := time.Unix(0, 0)
	said := 0
	for i := range 40 { // 10 s at 4 updates a second
		now := t0.Add(time.Duration(i) * 250 * time.Millisecond)
		if a.next("step "+string(rune('a'+i%26))+string(rune('0'+i/26)), "training", true, now) != "" {
			said++
		}
	}
	if want := int(10*time.Second/AnnounceGap) + 1; said > want || said < 2 {
		t.Errorf("announced %d times in 10 s of training, want 2..%d", said, want)
	}
	if a.next("step 99 · paused", "paused", false, t0.Add(10*time.Second)) == "" {
		t.Error("pause not announced at once")
	}
	if a.next("step 100 · paused", "paused", false, t0.Add(10100*time.Millisecond)) == "" {
		t.Error("a step taken while paused not announced at once")
	}
	if a.next("step 100 · paused", "paused", false, t0.Add(11*time.Second)) != "" {
		t.Error("the same text announced twice")
	}
}

func TestNearestLabel(t *testing.T) {
	ref := []float32{0, 0, 1, 1, 5, 5}
	labels := []int{3, 7, 9}
	if got, ok := NearestLabel([]float32{0.9, 1.2}, ref, labels); !ok || got != 7 {
		t.Errorf("NearestLabel = %d, %v; want 7, true", got, ok)
	}
	if _, ok := NearestLabel([]float32{1, 1}, nil, labels); ok {
		t.Error("no reference rows: want false")
	}
}
