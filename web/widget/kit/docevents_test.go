package kit

import "testing"

// A TakeKeys value lists whole key names: "Arrow" is not ArrowLeft, Space
// is " ", and an empty key is never taken.
func TestTakesKey(t *testing.T) {
	list := ArrowsAnd("Home", " ")
	for key, want := range map[string]bool{
		"ArrowLeft": true, "ArrowDown": true, "Home": true, " ": true,
		"Arrow": false, "End": false, "": false, "|": false, "Tab": false,
	} {
		if got := takesKey(list, key); got != want {
			t.Errorf("takesKey(%q, %q) = %v, want %v", list, key, got, want)
		}
	}
	if takesKey(Keys("Enter"), "ArrowLeft") || !takesKey(Keys("Enter"), "Enter") {
		t.Error(`Keys("Enter") takes exactly Enter`)
	}
}
