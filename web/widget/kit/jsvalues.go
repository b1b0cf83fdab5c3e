package kit

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// Every Go string passed to JavaScript (a canvas's font, colour, text
// alignment, the text itself) becomes a new JS string that Go holds
// through a reference with a finalizer: an allocation, a finalizer to
// register, and after the next garbage collection a call into JS to drop
// it. A plot redraw passed a few hundred, mostly the same ones every time;
// jsStr makes each once.

// jsStrings are the JS strings made by jsStr.
var jsStrings = map[string]app.Value{}

// maxJSStrings bounds jsStrings: it starts over when full (tick labels of
// a moving axis are new now and then).
const maxJSStrings = 512

// jsStr is s as a JS string, made once for each s (up to maxJSStrings at
// a time). Use it for strings passed to JS on every redraw.
func jsStr(s string) app.Value {
	if v, ok := jsStrings[s]; ok {
		return v
	}
	v := app.ValueOf(s)
	if len(jsStrings) >= maxJSStrings {
		clear(jsStrings)
	}
	jsStrings[s] = v
	return v
}

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
