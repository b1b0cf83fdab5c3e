//go:build !js

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/chromedp/chromedp"

	"latentlab/wasm/protocol"
)

// Reference figures from ARCHITECTURE.md (headless Chromium 156, 2 cores, ms/step).
var reference = map[string][2]float64{ // TF.js 4.22 wasm SIMD, gonum float64 Go js/wasm
	"R1": {58, 114}, "R2": {33, 71}, "R3": {215, 312}, "D1": {0.05, 0.31}, "D1r": {0.05, 0.31},
}

// best keeps the lowest median seen for one system over the rounds.
type best struct {
	ms     float64
	ok     bool
	digits int // decimals of ms it prints: 3, or 4 for a decode (tens of µs)
}

func (b *best) add(ms float64) {
	if !b.ok || ms < b.ms {
		b.ms, b.ok = ms, true
	}
}

func (b best) String() string {
	if !b.ok {
		return "–"
	}
	return fmt.Sprintf("%.*f", max(b.digits, 3), b.ms)
}

// msDigits returns how many decimals of ms a workload's times print: four
// for the decodes (D1, D1r: 0.0230 ms, where three decimals alone would be
// ±2 % of it), three for the training steps.
func msDigits(workload string) int {
	if strings.HasPrefix(workload, "D1") {
		return 4
	}
	return 3
}

// ratio returns a÷b as text ("–" when either is missing).
func ratio(a, b best) string {
	if !a.ok || !b.ok || b.ms <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", a.ms/b.ms)
}

// row holds one workload's figures: Go in Chromium with each engine build,
// TF.js as shipped and tuned, Go natively with SIMD and scalar kernels.
type row struct {
	name                                   string
	simd, scalar, tfjs, tuned              best
	nativeSIMD, nativeScalar               best
	tfLoss                                 any
	nativeSIMDKernels, nativeScalarKernels string
}

// measure runs every workload for the given rounds, alternating the systems
// within each round so that all share the machine's noise.
func measure(ctx context.Context, workloads []string, steps, warmup, rounds int, native, haveTFJS bool) ([]row, error) {
	var rows []row
	for _, wl := range workloads {
		wl = strings.TrimSpace(wl)
		n := steps
		if strings.HasPrefix(wl, "D1") {
			n = 3 * steps
		}
		r := row{name: wl}
		for _, b := range []*best{&r.simd, &r.scalar, &r.tfjs, &r.tuned, &r.nativeSIMD, &r.nativeScalar} {
			b.digits = msDigits(wl)
		}
		for k := 0; k < max(rounds, 1); k++ {
			if native {
				for _, simd := range []bool{true, false} {
					nr, err := runNative(wl, n, warmup, simd)
					if err != nil {
						return nil, err
					}
					if simd {
						r.nativeSIMD.add(nr.MedianMs)
						r.nativeSIMDKernels = nr.Kernels
					} else {
						r.nativeScalar.add(nr.MedianMs)
						r.nativeScalarKernels = nr.Kernels
					}
				}
			}
			for _, b := range builds {
				expr := fmt.Sprintf(`window.bench(%q, %d, %d, "synthetic", %q)`, wl, n, warmup, b.name)
				raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](expr, chromedp.EvalAwaitPromise))
				if err != nil {
					return nil, fmt.Errorf("browser %s (%s): %w", wl, b.name, err)
				}
				var br protocol.BenchReply
				if err := json.Unmarshal(raw, &br); err != nil {
					return nil, fmt.Errorf("browser %s (%s): %w", wl, b.name, err)
				}
				if b.name == "simd" {
					r.simd.add(br.MedianMs)
				} else {
					r.scalar.add(br.MedianMs)
				}
			}
			for _, tuned := range []bool{false, true} {
				if !haveTFJS {
					break
				}
				expr := fmt.Sprintf(`window.tfjsBench(%q, %d, %d, %v)`, wl, n, warmup, tuned)
				tr, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](expr, chromedp.EvalAwaitPromise))
				if err != nil {
					return nil, fmt.Errorf("TF.js %s: %w", wl, err)
				}
				if l, _ := tr["leaked"].(float64); l != 0 {
					fmt.Fprintf(os.Stderr, "TF.js %s leaked %v tensors\n", wl, l)
				}
				med, _ := tr["medianMs"].(float64)
				if tuned {
					r.tuned.add(med)
				} else {
					r.tfjs.add(med)
					r.tfLoss = tr["lastLoss"]
				}
			}
		}
		rows = append(rows, r)
		fmt.Printf("  %s: Go wasm SIMD %s ms, scalar %s ms; TF.js %s ms, tuned %s ms; native SIMD %s ms, scalar %s ms",
			wl, r.simd, r.scalar, r.tfjs, r.tuned, r.nativeSIMD, r.nativeScalar)
		if l, ok := r.tfLoss.(float64); ok && !strings.HasPrefix(wl, "D1") {
			fmt.Printf(" (TF.js loss after its last step %.1f)", l)
		}
		fmt.Println()
	}
	return rows, nil
}

// printTable prints the figures and their ratios as a Markdown table.
func printTable(rows []row, steps, warmup, rounds int, haveTFJS bool) {
	fmt.Printf("\nmedian ms per step (D1: per decode, median of %d batches of at least 20 ms; D1r: the same through the snapshot's row products); float32; synthetic MNIST-like data; %d timed steps after %d warm-up; best of %d round(s)\n\n",
		3*steps, steps, warmup, max(rounds, 1))
	fmt.Println("| workload | Go wasm SIMD | Go wasm scalar | TF.js wasm | TF.js tuned | Go native SIMD | Go native scalar | SIMD ÷ TF.js tuned | SIMD ÷ TF.js | SIMD ÷ native SIMD | SIMD ÷ native scalar | scalar ÷ SIMD |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, r := range rows {
		tf, tfCol := r.tfjs, r.tfjs.String()
		if !tf.ok {
			tf = best{ms: reference[r.name][0], ok: true}
			tfCol = fmt.Sprintf("(ref %g)", tf.ms)
		}
		fmt.Printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", r.name,
			r.simd, r.scalar, tfCol, r.tuned, r.nativeSIMD, r.nativeScalar,
			ratio(r.simd, r.tuned), ratio(r.simd, tf), ratio(r.simd, r.nativeSIMD), ratio(r.simd, r.nativeScalar), ratio(r.scalar, r.simd))
	}
	if len(rows) > 0 && rows[0].nativeSIMD.ok {
		fmt.Printf("\n(native kernels: %q and %q; ", rows[0].nativeSIMDKernels, rows[0].nativeScalarKernels)
	} else {
		fmt.Print("\n(")
	}
	if haveTFJS {
		fmt.Println("TF.js 4.22 wasm backend, SIMD, one thread, in its own Web Worker, same page, same data, rounds alternated with ours;")
		fmt.Println(" tuned: TF.js with a MatMul gradient that transposes explicitly instead of using transposeA/B, its slow path.)")
	} else {
		fmt.Println("(ref …): ARCHITECTURE.md's TF.js figures from another run; only ratios within one run are trustworthy.)")
	}
}
