//go:build js && wasm

package site

import "latentlab/wasm/jsbridge"

// Fetch GETs a site-absolute path (under the base, see Path) with the
// browser's fetch and returns the body. It blocks until the response is
// read: call it from ctx.Async, never on the UI goroutine. Errors say what
// failed in words a log can show (the caller words the student's message).
//
// It uses window.fetch rather than net/http: net/http would put an HTTP
// client, TLS and HTTP/2 into app.wasm (about 5 MB of the 17 MB it was).
func Fetch(path string) ([]byte, error) { return jsbridge.Fetch(Path(path)) }
