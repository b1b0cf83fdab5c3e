package kit

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// A JS array passed from Go (a dash pattern for setLineDash) is a new JS
// object that Go holds through a reference with a finalizer: an
// allocation, a finalizer to register, and after the next garbage
// collection a call into JS to drop it. dashArray makes each pattern once.
//
// Go strings are not interned the same way: a version that passed the
// canvas's fonts, colours and texts as JS strings made once each made
// TestTryButtons fail intermittently (a figure's data-params not
// updated after a Try: 4 of 7 runs, against 0 of 10 without it), for a
// reason not yet found.

// dashKey names a dash pattern of up to four lengths.
type dashKey struct {
	n int
	d [4]float64
}

// dashes are the JS arrays made by dashArray.
var dashes = map[dashKey]app.Value{}

// dashArray is the dash pattern as a JS array for setLineDash, made once
// for each pattern of up to four lengths.
func dashArray(dash ...float64) any {
	a := make([]any, len(dash))
	for i, v := range dash {
		a[i] = v
	}
	if len(dash) > len(dashKey{}.d) {
		return a
	}
	k := dashKey{n: len(dash)}
	copy(k.d[:], dash)
	if v, ok := dashes[k]; ok {
		return v
	}
	v := app.ValueOf(a)
	dashes[k] = v
	return v
}
