package kit

import (
	"testing"
	"time"
)

// Ten key presses 100 ms apart: the first is said at once, the others wait,
// one timer is asked for, and it says the last of them.
func TestPaceSaysFirstAndLast(t *testing.T) {
	var p pace
	t0 := time.Unix(100, 0)
	if _, now := p.ask("z = 0", t0, SpeakGap); !now {
		t.Fatal("the first sentence is not said at once")
	}
	timers := 0
	var wait time.Duration
	for i := 1; i < 10; i++ {
		w, now := p.ask("z = "+string(rune('0'+i)), t0.Add(time.Duration(i)*100*time.Millisecond), SpeakGap)
		if now {
			t.Fatalf("sentence %d said within the gap", i)
		}
		if w > 0 {
			timers++
			wait = w
		}
	}
	if timers != 1 || wait != SpeakGap-100*time.Millisecond {
		t.Fatalf("%d timers asked for (last wait %v), want 1 of %v", timers, wait, SpeakGap-100*time.Millisecond)
	}
	text, ok := p.due(t0.Add(SpeakGap))
	if !ok || text != "z = 9" {
		t.Fatalf("the timer says %q, %v; want the newest sentence", text, ok)
	}
	if _, ok := p.due(t0.Add(2 * SpeakGap)); ok {
		t.Error("a second timer call said something again")
	}
	if _, now := p.ask("z = 10", t0.Add(2*SpeakGap), SpeakGap); !now {
		t.Error("a sentence a whole gap after the last is not said at once")
	}
}
