//go:build unix

package server

import (
	"fmt"
	"syscall"
)

// lowerOpenFileLimit sets this process's soft limit on open files to n.
func lowerOpenFileLimit(n uint64) error {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		return fmt.Errorf("read the open-file limit: %w", err)
	}
	rl.Cur = n
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		return fmt.Errorf("set the open-file limit to %d: %w", n, err)
	}
	return nil
}
