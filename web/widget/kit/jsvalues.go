package kit

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// A JS array passed from Go (a dash pattern for setLineDash) is a new JS
// object that Go holds through a reference with a finalizer: an
// allocation, a finalizer to register, and after the next garbage
// collection a call into JS to drop it. dashArray makes each pattern once.
// Strings (fonts, colours, texts) still cross to JS on each call.

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
