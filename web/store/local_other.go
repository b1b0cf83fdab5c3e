//go:build !(js && wasm)

package store

import "sync"

var (
	localOnce sync.Once
	local     *Store
)

// Local returns the process's Store: outside the browser (the server's
// pre-rendering, native tests) it lives in memory.
func Local() *Store {
	localOnce.Do(func() { local = New(NewMemory()) })
	return local
}
