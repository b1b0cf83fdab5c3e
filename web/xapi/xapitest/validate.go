// Package xapitest validates xAPI statements in tests with the xAPI
// validation library from npm, run under Node.
package xapitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"runtime"
)

// Validate checks statements with the xAPI validation library under Node
// (validate.cjs, which needs `npm ci --prefix web`). It is for tests: the
// error carries the library's warnings.
func Validate(statements []json.RawMessage) error {
	_, file, _, _ := runtime.Caller(0)
	script := filepath.Join(filepath.Dir(file), "validate.cjs")
	in, err := json.Marshal(statements)
	if err != nil {
		return err
	}
	cmd := exec.Command("node", script)
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("xAPI validation (node %s): %v\n%s", filepath.Base(script), err, out)
	}
	return nil
}
