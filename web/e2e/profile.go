package e2e

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// profileMin is the shortest helper call that E2E_PROFILE logs: with
// E2E_PROFILE=1 every page load, wait, evaluation and screenshot that takes
// longer is logged (t.Logf) with the test line that made it, how long it
// took and whether a wait ran out, to find where a slow test spends its time
// (go test -v -run TestX ./web/e2e/ | grep 'e2e-profile').
const profileMin = 500 * time.Millisecond

var profiling = os.Getenv("E2E_PROFILE") != ""

// profile logs one helper call that started at start (see profileMin).
func (p *Page) profile(op string, start time.Time, note string) {
	if !profiling {
		return
	}
	d := time.Since(start)
	if d < profileMin {
		return
	}
	p.T.Logf("e2e-profile %s %s %.1fs %s", caller(), op, d.Seconds(), note)
}

// caller is file:line of the first two callers outside the harness's own
// files (a test helper and the test line that called it).
func caller() string {
	pcs := make([]uintptr, 32)
	n := runtime.Callers(3, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	var out []string
	for len(out) < 2 {
		f, more := frames.Next()
		switch filepath.Base(f.File) {
		case "harness.go", "page.go", "profile.go":
		default:
			if strings.HasSuffix(f.File, "_test.go") || strings.Contains(f.File, "/web/e2e/") {
				out = append(out, filepath.Base(f.File)+":"+strconv.Itoa(f.Line))
			}
		}
		if !more {
			break
		}
	}
	return strings.Join(out, "<")
}
