package e2e_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"latentlab/web/e2e"
)

// trainingWidgets are the widgets that train a model, each shown alone in
// its single-widget embed (so that no other widget's work is counted).
var trainingWidgets = []struct{ name, path string }{
	{"vae-trainer", "/embed/vae/trainer"},
	{"mnist-features", "/embed/cae/features"},
	{"contraction-lab", "/embed/cae/lab"},
	{"sensitivity-meter", "/embed/cae/meter"},
}

// BenchmarkTrainingLongTasks presses Train on each training widget, lets it
// train for trainWindow (or until it stops by itself) and reports the
// longest main-thread task (PerformanceObserver "longtask", which records
// tasks over 50 ms: ARCHITECTURE.md's budget is none while training) and how many
// there were. Run it with
//
//	go test -run '^$' -bench TrainingLongTasks -benchtime 1x ./web/e2e
//
// It is a measurement, not an assertion. A widget without long tasks
// reports a longest task of 0 (under 50 ms).
func BenchmarkTrainingLongTasks(b *testing.B) {
	const trainWindow = 8 * time.Second
	for _, w := range trainingWidgets {
		b.Run(w.name, func(b *testing.B) {
			for range b.N {
				p := e2e.Open(b, w.path)
				scope := fmt.Sprintf(`[data-widget=%q]`, w.name)
				status := scope + ` [role="status"][aria-label="Training status"]`
				p.ScrollTo(status)
				p.WaitJS(fmt.Sprintf(`(() => { const s = document.querySelector(%q); return !!s && /ready|step \d/.test(s.textContent) &&
					[...document.querySelectorAll(%q + " button")].some(b => b.textContent.trim() === "Train" && !b.disabled && b.getAttribute("aria-disabled") !== "true"); })()`, status, scope), 90*time.Second)
				p.Settle(30 * time.Second)
				p.ResetLongTasks()
				vaeClick(b, p, scope, "Train")
				t0 := time.Now()
				// Until the window ends, or the widget stops by itself (a
				// step limit): its Train button comes back.
				p.TryWaitJS(fmt.Sprintf(`(() => { const b = [...document.querySelectorAll(%q + " button")].find(b => b.textContent.trim() === "Train");
					return !!b && !b.disabled && b.getAttribute("aria-disabled") !== "true" && %d < Date.now(); })()`, scope, time.Now().Add(time.Second).UnixMilli()), trainWindow)
				lt := p.LongTasks()
				st := p.Text(status)
				if running := e2e.Eval[bool](p, fmt.Sprintf(`[...document.querySelectorAll(%q + " button")].some(b => b.textContent.trim() === "Pause" && !b.disabled && b.getAttribute("aria-disabled") !== "true")`, scope)); running {
					vaeClick(b, p, scope, "Pause")
				}
				longest := 0.0
				if len(lt) > 0 {
					longest = slices.Max(lt)
				}
				b.Logf("%s: %.1f s of training, %d long tasks, longest %.0f ms (all: %v); status: %s",
					w.name, time.Since(t0).Seconds(), len(lt), longest, lt, st)
				b.ReportMetric(longest, "longest-task-ms")
				b.ReportMetric(float64(len(lt)), "long-tasks")
			}
		})
	}
}
