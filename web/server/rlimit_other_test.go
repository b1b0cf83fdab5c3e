//go:build !unix

package server

import "errors"

// lowerOpenFileLimit fails: this platform has no per-process file limit.
func lowerOpenFileLimit(uint64) error {
	return errors.New("no open-file limit to lower on this platform")
}
