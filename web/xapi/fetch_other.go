//go:build !(js && wasm)

package xapi

// Fetch is the browser's Poster; outside the browser every POST fails as
// unreachable (tests use their own Poster).
func Fetch(endpoint, auth string, body []byte, done func(status int, err error)) { done(0, errFetch) }
