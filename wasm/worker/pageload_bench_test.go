package worker

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"latentlab/core/spec"
	"latentlab/wasm/protocol"
)

// diskFetch reads the MNIST subset the build put in dist/web/data (or
// $LL_DATA); the benchmark is skipped without it.
func diskFetch(b *testing.B) Fetcher {
	dir := os.Getenv("LL_DATA")
	if dir == "" {
		dir = "../../dist/web/data"
	}
	if _, err := os.Stat(filepath.Join(dir, filepath.Base(MNISTTrainPath))); err != nil {
		b.Skipf("no MNIST subset in %s (make build): %v", dir, err)
	}
	return func(path string) ([]byte, error) {
		return os.ReadFile(filepath.Join(dir, filepath.Base(path)))
	}
}

// phase is what runPhase measured: steps, the chunks' step time (their
// Millis less their evaluations), evaluations, snapshots and saves, wall
// and CPU time, and the Go garbage collector's cycles and pauses.
type phase struct {
	steps   int
	stepMs  float64
	evalMs  float64
	otherMs float64
	wallMs  float64
	gcs     uint32
	pauseNs uint64
	cpuMs   float64
}

// runPhase trains chunks of 16 steps as the lesson page asks for them:
// mode "bare" trains only; "page" adds, every fifth chunk, a held-out
// evaluation of 500 digits and a snapshot, and a save every 25th; "eval",
// "snap" and "save" add only that request (a save then every fifth chunk).
func runPhase(b *testing.B, w *Worker, chunks int, mode string) phase {
	var p phase
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	t0 := time.Now()
	c0 := threadCPU()
	views := mode != "bare"
	for i := range chunks {
		tb := &protocol.TrainBody{Steps: 16}
		if (mode == "page" || mode == "eval") && i%5 == 4 {
			tb.EvalEnd, tb.EvalN = true, 500
		}
		var r protocol.TrainedBody
		mustCall(b, w, protocol.Train, "v", tb, nil, &r)
		p.steps += len(r.Metrics)
		p.stepMs += r.Millis - r.EvalMs
		p.evalMs += r.EvalMs
		if views && i%5 == 4 {
			t := time.Now()
			if mode == "page" || mode == "snap" {
				mustCall(b, w, protocol.Snapshot, "v", struct{}{}, nil, nil)
			}
			if (mode == "page" && i%25 == 24) || (mode == "save" && i%5 == 4) {
				mustCall(b, w, protocol.Save, "v", struct{}{}, nil, nil)
			}
			p.otherMs += float64(time.Since(t).Microseconds()) / 1000
		}
	}
	p.wallMs = float64(time.Since(t0).Microseconds()) / 1000
	p.cpuMs = threadCPU() - c0
	runtime.ReadMemStats(&m1)
	p.gcs = m1.NumGC - m0.NumGC
	p.pauseNs = m1.PauseTotalNs - m0.PauseTotalNs
	return p
}

// BenchmarkPageVsBare tells whether the lesson page's requests besides
// training (held-out evaluations, snapshots, saves) slow the worker's
// steps themselves — through the Go heap they churn, the garbage collector
// or the caches — or only take their own time. It alternates phases of
// the modes in $LL_MODES (default "bare,page") for $LL_ROUNDS rounds in
// ABBA order and reports per step: the chunks' step time, wall time and
// CPU time (under Node: process.cpuUsage, which a loaded machine does not
// inflate as much as wall time). Under js/wasm with the SIMD kernels:
//
//	GOOS=js GOARCH=wasm GOEXPERIMENT=simd go test -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" \
//	    -run '^$' -bench PageVsBare -benchtime 1x ./wasm/worker/
func BenchmarkPageVsBare(b *testing.B) {
	w := New(Engine{}, diskFetch(b))
	cfg := spec.Default(spec.VAE)
	mustCall(b, w, protocol.Create, "v", &protocol.CreateBody{Model: cfg, Data: protocol.DataConfig{Source: "mnist"}}, nil, nil)
	runPhase(b, w, 30, "bare")
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("heap alloc %.1f MB, next GC %.1f MB\n", float64(ms.HeapAlloc)/1e6, float64(ms.NextGC)/1e6)
	modes := strings.Split(os.Getenv("LL_MODES"), ",")
	if modes[0] == "" {
		modes = []string{"bare", "page"}
	}
	rounds, _ := strconv.Atoi(os.Getenv("LL_ROUNDS"))
	rounds = max(rounds, 2)
	sum := map[string]*phase{}
	for r := range rounds {
		for k := range modes {
			mode := modes[(r+k)%len(modes)]
			if r%2 == 1 {
				mode = modes[len(modes)-1-(r+k)%len(modes)]
			}
			p := runPhase(b, w, 50, mode)
			fmt.Printf("%-5s steps %d: step %.2f ms (wall/step %.2f, cpu/step %.2f), eval %.0f ms, snap+save %.0f ms, %d GCs pause %.1f ms\n",
				mode, p.steps, p.stepMs/float64(p.steps), p.wallMs/float64(p.steps), p.cpuMs/float64(p.steps), p.evalMs, p.otherMs, p.gcs, float64(p.pauseNs)/1e6)
			if sum[mode] == nil {
				sum[mode] = &phase{}
			}
			s := sum[mode]
			s.steps += p.steps
			s.stepMs += p.stepMs
			s.wallMs += p.wallMs
			s.cpuMs += p.cpuMs
			s.evalMs += p.evalMs
			s.otherMs += p.otherMs
			s.gcs += p.gcs
		}
	}
	for _, mode := range modes {
		s := sum[mode]
		n := float64(s.steps)
		fmt.Printf("TOTAL %-5s steps %d: step %.2f ms, wall/step %.2f, cpu/step %.2f, eval/step %.3f, other/step %.3f, GCs %d\n",
			mode, s.steps, s.stepMs/n, s.wallMs/n, s.cpuMs/n, s.evalMs/n, s.otherMs/n, s.gcs)
	}
}
