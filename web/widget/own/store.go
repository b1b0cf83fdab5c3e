// Package own lets a student bring their own data set to the low-dimensional
// training widgets (the contraction lab, the VAE trainer): points drawn on a
// canvas or columns of a CSV file (parsed and standardised by core/owndata).
// The data set is kept for the tab's session (session storage), shared by every
// widget that offers "own data", and never sent anywhere: it travels only to
// the engine's worker in this tab, and a shared link names it only as "own".
package own

import (
	"fmt"

	"latentlab/core/owndata"
	"latentlab/web/engine"
)

// Choice is the dataset parameter's value that selects the student's data.
const Choice = "own"

// Label is how a dataset select shows Choice.
const Label = "your own data (draw or upload)"

// Images returns the session's data set when it is images, else nil.
func Images() *owndata.Set {
	if s := Current(); s.Images() {
		return s
	}
	return nil
}

var (
	current  *owndata.Set
	restored bool // the session's kept set was read
	watchers = map[int]func(){}
	nextID   int
)

// Current returns the data set in use this session, or nil. The first call
// reads the set the tab kept (a reload keeps it; closing the tab forgets it).
func Current() *owndata.Set {
	if !restored {
		restored = true
		if v := restore(); v != "" {
			if s, err := decode(v); err == nil {
				current = s
			} else {
				store("") // unreadable: forgotten
			}
		}
	}
	return current
}

// Use makes s the session's data set, keeps it for the tab's session and
// tells every watcher.
func Use(s *owndata.Set) {
	current, restored = s, true
	if s == nil {
		store("")
	} else {
		store(encode(s))
	}
	for _, f := range watchers {
		f()
	}
}

// Clear forgets the session's data set and tells every watcher.
func Clear() { Use(nil) }

// Watch calls f whenever the data set changes; stop ends it (call it when the
// widget is dismounted).
func Watch(f func()) (stop func()) {
	nextID++
	id := nextID
	watchers[id] = f
	return func() { delete(watchers, id) }
}

// Data is the session's data set as engine data for a widget that trains on
// points of dims coordinates (0: any number, at least 2), or an error that
// says what is missing.
func Data(dims int) (engine.Data, error) {
	s := Current()
	switch {
	case s == nil:
		return engine.Data{}, fmt.Errorf("no data set yet: draw points or upload a CSV file below")
	case dims > 0 && s.Images():
		return engine.Data{}, fmt.Errorf("this widget trains on points in the plane, and your data set is images (they train the VAE trainer and the anomaly detector): draw points or upload a CSV file below")
	case dims > 0 && s.Dim != dims:
		return engine.Data{}, fmt.Errorf("this widget trains on points in the plane: choose exactly %d columns (your data set has %d)", dims, s.Dim)
	}
	return engine.Own(s.X, s.Dim), nil
}
