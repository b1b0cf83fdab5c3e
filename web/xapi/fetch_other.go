//go:build !(js && wasm)

package xapi

// Fetch is the browser's Poster; outside the browser every POST fails as
// unreachable (tests use their own Poster).
func Fetch(endpoint, auth string, body []byte, done func(status int, err error)) { done(0, errFetch) }

// Get reads url in the browser; outside it the address is unreachable.
func Get(url, auth string, done func(status int, body []byte, err error)) { done(0, nil, errFetch) }

// PostEmpty posts to url in the browser; outside it the address is
// unreachable.
func PostEmpty(url string, done func(status int, body []byte, err error)) { done(0, nil, errFetch) }
