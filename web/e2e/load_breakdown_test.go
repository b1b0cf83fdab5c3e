package e2e

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// bootPhases is a JS expression: when each phase of a visit happened (ms
// from navigation start), for BenchmarkLoad's breakdown. It reads the
// navigation's own timing (the service worker's start, the first byte, the
// HTML parsed), app.wasm's resource timing, and the "ll:" performance marks
// the loader and app.wasm set at each step of the boot (web/page/loaderjs.go,
// kit.Mark): the first of each name.
const bootPhases = `(() => {
  const out = {};
  const nav = performance.getEntriesByType("navigation")[0];
  if (nav) {
    if (nav.workerStart > 0) out["nav: service worker started"] = nav.workerStart;
    out["nav: first byte of the page"] = nav.responseStart;
    out["nav: page received"] = nav.responseEnd;
    out["nav: HTML parsed (DOMContentLoaded)"] = nav.domContentLoadedEventEnd;
  }
  const wasm = performance.getEntriesByType("resource").find((e) => /\/app\.wasm$/.test(e.name));
  if (wasm) {
    out["app.wasm: fetch sent"] = wasm.fetchStart;
    out["app.wasm: body received"] = wasm.responseEnd;
  }
  for (const m of performance.getEntriesByType("mark")) {
    if (m.name.startsWith("ll:") && out[m.name] === undefined) out[m.name] = m.startTime;
  }
  if (window.__load) {
    out["title on screen"] = window.__load.title;
    out["explorer interactive (probe)"] = window.__load.interactive;
  }
  return out;
})()`

// reportBreakdown logs when each phase of the visits happened (medians, in
// the order they happen) and how long after the previous phase, with every
// run's own step, so that a slow run shows where it lost its time.
func reportBreakdown(b *testing.B, label string, vs []visit) {
	b.Helper()
	names := map[string]bool{}
	for _, v := range vs {
		for n := range v.Phases {
			names[n] = true
		}
	}
	type phase struct {
		name string
		at   []float64 // per run; NaN where the run did not reach it
		med  float64
	}
	var ps []phase
	for n := range names {
		p := phase{name: n}
		for _, v := range vs {
			t, ok := v.Phases[n]
			if !ok {
				t = math.NaN()
			}
			p.at = append(p.at, t)
		}
		p.med = median(p.at)
		ps = append(ps, p)
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].med < ps[j].med })
	var s strings.Builder
	fmt.Fprintf(&s, "%s visit, boot breakdown (ms from navigation start; Δ: since the phase above)\n", label)
	fmt.Fprintf(&s, "  %-42s %8s %7s   %s\n", "phase", "median", "Δ med", "Δ per run")
	for i, p := range ps {
		var runs []string
		for r := range p.at {
			d := p.at[r]
			if i > 0 {
				d -= ps[i-1].at[r]
			}
			runs = append(runs, fmt.Sprintf("%6.0f", d))
		}
		prev := 0.0
		if i > 0 {
			prev = ps[i-1].med
		}
		fmt.Fprintf(&s, "  %-42s %8.0f %7.0f   %s\n", p.name, p.med, p.med-prev, strings.Join(runs, " "))
	}
	// go test keeps only the first lines of a benchmark's log without -v:
	// the whole table is also in web/e2e/out.
	b.Log(s.String())
	name := strings.NewReplacer(" ", "-", "/", "", ",", "").Replace(label)
	file := filepath.Join(OutDir(), "load-breakdown-"+name+".txt")
	if err := os.MkdirAll(OutDir(), 0o755); err == nil {
		_ = os.WriteFile(file, []byte(s.String()), 0o644)
	}
}

// median is the median of the values that are not NaN (NaN if none).
func median(xs []float64) float64 {
	var ok []float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			ok = append(ok, x)
		}
	}
	if len(ok) == 0 {
		return math.NaN()
	}
	sort.Float64s(ok)
	return ok[len(ok)/2]
}
