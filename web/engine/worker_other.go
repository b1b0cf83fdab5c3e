//go:build !(js && wasm)

package engine

// startWorker is nil outside the browser: the shared client answers every
// request with ErrNoWorker.
var startWorker func(*Client) (transport, error)

// SIMDSupported is false outside the browser.
func SIMDSupported() bool { return false }

// workersExist is false outside the browser: nothing holds the shared client.
func workersExist() bool { return false }
