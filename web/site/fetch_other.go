//go:build !(js && wasm)

package site

import "fmt"

// Fetch is the browser's fetch; natively there is none (the server reads
// the built files from disk instead).
func Fetch(path string) ([]byte, error) {
	return nil, fmt.Errorf("fetch %s: not in a browser", Path(path))
}
