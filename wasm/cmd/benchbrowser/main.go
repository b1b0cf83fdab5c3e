//go:build !js

// Command benchbrowser measures the engine inside a Web Worker in headless
// Chromium (driven by chromedp) on the reference workloads of ARCHITECTURE.md (R1,
// R2, R3 training steps; D1 one decode), runs the same workloads natively in
// this process, and prints median ms per step and the ratio wasm ÷ native.
// It first smoke-tests the real worker through the protocol.
//
// In the same Chromium run it times TensorFlow.js 4.22 (wasm backend, SIMD,
// one thread) in Web Workers of its own on the same workloads written with tf
// ops (Adam lr 1e-3, Glorot-uniform, float32, the same synthetic rows), when
// TF.js is installed in wasm/cmd/benchbrowser/tfjs (npm ci --prefix it;
// `make bench-browser` does). Two TF.js variants: as shipped, and "tuned",
// whose MatMul gradient transposes explicitly (TF.js's own gradient uses
// transposeA/transposeB products, which its wasm backend runs about 15×
// slower than plain ones). Rounds alternate native, Go in Chromium, TF.js,
// TF.js tuned, so that all share the machine's noise; each keeps its lowest
// median.
//
//	make bench-browser                        # npm ci for TF.js, -rounds 2
//	go run ./wasm/cmd/benchbrowser            # builds engine.wasm itself
//	go run ./wasm/cmd/benchbrowser -wasm dist/web/engine.wasm -steps 30 -rounds 3
//
// Measured on 2026-11-28 12:15 UTC (headless Chromium 156, 2 cores, other
// builds running: load 2.6 → 2.3 during the run; go run ./wasm/cmd/benchbrowser
// -steps 30 -rounds 3; median ms per step, D1 per decode) — a record of one
// run, not an assertion. Absolute figures are about 2× ARCHITECTURE.md's for every
// system, native Go included (the machine was shared); the ratios are the
// point:
//
//	| workload | Go wasm worker ms | TF.js wasm ms | Go native ms | Go ÷ TF.js | wasm ÷ native | TF.js tuned ms | Go ÷ TF.js tuned |
//	|---|---|---|---|---|---|---|---|
//	| R1 | 58.550 | 120.650 | 36.244 | 0.49 | 1.62 | 36.000 | 1.63 |
//	| R2 | 30.050 | 57.850 | 20.071 | 0.52 | 1.50 | 20.600 | 1.46 |
//	| R3 | 130.150 | 290.150 | 86.888 | 0.45 | 1.50 | 70.800 | 1.84 |
//	| D1 | 0.311 | 0.092 | 0.146 | 3.38 | 2.14 | 0.091 | 3.42 |
//
// So we beat TF.js as shipped by about 2× on R1–R3, but TF.js with a ten-line
// gradient fix beats us by 1.5–1.8×, and D1 loses to both by 3.4×.
//
// Where our time goes (native pprof; the split is the same kind under wasm):
// R1: 67% the dense products of the decoder's 256→784 layer (GemmNN forward,
// GemmNT for dh, GemmTN for dW, a third each; kernel.micro3x3), 15% the
// first layer's sparse products (kernel.sparse1x8), 7% BernoulliNLL
// (exp/log), 4% Adam. R2: 57% micro3x3, 12% sparse1x8, 13% BernoulliNLL.
// D1: 85% infer.dot (the 256→784 matrix–vector product: no reuse of W, so
// register blocking cannot help) and 9% sigmoid32 (math.Exp in float64).
// TF.js does these products with 4-lane wasm SIMD (XNNPACK), which Go's wasm
// port cannot emit. Kernel work that would close the gap (not done here:
// core/ kernels are pinned by the determinism and gradient tests):
//   - a small hand-written wasm SIMD module (f32x4 micro-kernel, importing
//     Go's linear memory) called once per product under js/wasm, with each
//     output's k-sum in the same order as the Go kernel so native = wasm
//     stays bit-identical; this is the big one (up to ~4× on 67%);
//   - skip the decoder's ReLU zeros as the first layer skips zero pixels:
//     the forward h·W and dW = hᵀ·g over non-zero h only, dh only where the
//     ReLU mask is 1 (about half at initialisation: ~2× on those products);
//   - float32 exp/log in BernoulliNLL and the sigmoids;
//   - D1: the same zero-skipping (y += h_j·W[j,:] over non-zero h_j) plus
//     SIMD; decode the UI's grids as one batched product. D1 is 0.3 ms, far
//     inside the 16 ms pointer budget, so it is the least urgent;
//   - a second worker taking half of each batch (2 cores).
//
// Chromium: /usr/bin/chromium (Debian: apt-get install -y chromium).
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/chromedp/chromedp"

	"latentlab/core/spec"
	workerjs "latentlab/wasm/js"
	"latentlab/wasm/protocol"
	"latentlab/wasm/worker"
)

// Reference figures from ARCHITECTURE.md (headless Chromium 156, 2 cores, ms/step).
var reference = map[string][2]float64{ // TF.js 4.22 wasm SIMD, gonum float64 Go js/wasm
	"R1": {58, 114}, "R2": {33, 71}, "R3": {215, 312}, "D1": {0.05, 0.31},
}

func main() {
	wasmPath := flag.String("wasm", "", "engine.wasm to serve (default: build it into a temporary folder)")
	chromium := flag.String("chromium", "/usr/bin/chromium", "Chromium executable")
	steps := flag.Int("steps", 20, "timed steps per training workload")
	warmup := flag.Int("warmup", 3, "untimed steps first")
	only := flag.String("only", "R1,R2,R3,D1", "workloads to run")
	native := flag.Bool("native", true, "also run the workloads natively")
	smokeOnly := flag.Bool("smoke", false, "only smoke-test the worker")
	timeout := flag.Duration("timeout", 8*time.Minute, "overall time limit")
	flag.StringVar(&tfjsDir, "tfjs", tfjsDir, "npm folder with TensorFlow.js installed (npm ci --prefix it); empty: skip the TF.js comparison")
	flag.IntVar(&rounds, "rounds", 1, "alternate native and browser runs this many times and keep each side's lowest median (robust on a busy machine)")
	flag.Parse()
	if err := run(*wasmPath, *chromium, *steps, *warmup, strings.Split(*only, ","), *native, *smokeOnly, *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "benchbrowser:", err)
		os.Exit(1)
	}
}

// rounds is the number of alternating native/browser measurements per workload.
var rounds = 1

func goEnv(name string) (string, error) {
	out, err := exec.Command("go", "env", name).Output()
	return strings.TrimSpace(string(out)), err
}

func run(wasmPath, chromium string, steps, warmup int, workloads []string, native, smokeOnly bool, timeout time.Duration) error {
	if _, err := os.Stat(chromium); err != nil {
		return fmt.Errorf("chromium not found at %s: install it with `apt-get install -y chromium` (%v)", chromium, err)
	}
	tmp, err := os.MkdirTemp("", "benchbrowser-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if wasmPath == "" {
		wasmPath = filepath.Join(tmp, "engine.wasm")
		fmt.Println("building engine.wasm …")
		cmd := exec.Command("go", "build", "-ldflags=-s -w", "-o", wasmPath, "latentlab/wasm/engine")
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("build engine.wasm: %w", err)
		}
	}
	wasm, err := os.ReadFile(wasmPath)
	if err != nil {
		return err
	}
	goroot, err := goEnv("GOROOT")
	if err != nil {
		return err
	}
	wasmExec, err := os.ReadFile(filepath.Join(goroot, "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return err
	}
	clientWasm := filepath.Join(tmp, "client.wasm")
	cmd := exec.Command("go", "build", "-o", clientWasm, "latentlab/web/engine/clientcheck")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("build the client check: %w", err)
	}
	client, err := os.ReadFile(clientWasm)
	if err != nil {
		return err
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(wasm)
	zw.Close()
	fmt.Printf("engine.wasm: %d bytes raw, %d bytes gzip -9\n", len(wasm), gz.Len())

	mux := http.NewServeMux()
	serve := func(path, ctype string, body []byte) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ctype)
			setSecurityHeaders(w.Header())
			w.Header().Set("Cache-Control", "no-store")
			w.Write(body)
		})
	}
	serve("/bench.html", "text/html; charset=utf-8", []byte(benchHTML))
	serve("/bench.js", "text/javascript", []byte(benchJS+tfjsPageJS))
	serve("/web/engine-worker.js", "text/javascript", workerjs.WorkerJS)
	serve("/web/wasm_exec.js", "text/javascript", wasmExec)
	serve("/client.html", "text/html; charset=utf-8", []byte(clientHTML))
	serve("/client.js", "text/javascript", []byte(clientJS))
	serve("/client.wasm", "application/wasm", client)
	// /web/engine.wasm is a 404 while broken is set (the client check starts
	// that way, then repairs it with /toggle?broken=0 and calls Reset).
	var broken atomic.Bool
	mux.HandleFunc("/web/engine.wasm", func(w http.ResponseWriter, r *http.Request) {
		if broken.Load() {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/wasm")
		w.Header().Set("Cache-Control", "no-store")
		setSecurityHeaders(w.Header())
		w.Write(wasm)
	})
	mux.HandleFunc("/toggle", func(w http.ResponseWriter, r *http.Request) {
		broken.Store(r.URL.Query().Get("broken") == "1")
	})
	serve("/broken/engine-worker.js", "text/javascript", workerjs.WorkerJS)
	serve("/broken/wasm_exec.js", "text/javascript", wasmExec)
	// /broken/engine.wasm is a 404.
	data := worker.SyntheticMNIST(1000, 1)
	haveTFJS, err := serveTFJS(mux, data.X)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: mux}}
	srv.Start()
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	actx, acancel := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.UserDataDir(filepath.Join(tmp, "profile")))
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()
	// Start the browser before anything else uses the context concurrently.
	if err := chromedp.Do(bctx, chromedp.Navigate("about:blank")); err != nil {
		return fmt.Errorf("start chromium: %w", err)
	}
	go func() {
		for m, err := range chromedp.Console(bctx) {
			if err != nil {
				return
			}
			fmt.Fprintf(os.Stderr, "console: %+v\n", m)
		}
	}()
	if err := chromedp.Do(bctx, chromedp.Navigate(srv.URL+"/bench.html")); err != nil {
		return fmt.Errorf("open bench page: %w", err)
	}
	version, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`navigator.userAgent`))
	fmt.Println("browser:", version)

	smoke, err := chromedp.Run(bctx, chromedp.Evaluate[map[string]any](`window.smoke()`, chromedp.EvalAwaitPromise))
	if err != nil {
		return fmt.Errorf("smoke test: %w", err)
	}
	if err := checkSmoke(smoke); err != nil {
		js, _ := json.MarshalIndent(smoke, "", "  ")
		return fmt.Errorf("smoke test: %w\n%s", err, js)
	}
	fmt.Printf("smoke: worker ready in %.0f ms, VAE on moons: loss %.3f → %.3f in 50 steps; bad message, load, grid and missing-wasm report OK\n",
		smoke["startMs"], smoke["firstLoss"], smoke["lastLoss"])
	// Determinism: the same request natively gives the same losses, bit for bit.
	if first, last, err := nativeSmokeLosses(); err != nil {
		return err
	} else if first != smoke["firstLoss"] || last != smoke["lastLoss"] {
		return fmt.Errorf("js/wasm and native differ: losses %v → %v in Chromium, %v → %v natively",
			smoke["firstLoss"], smoke["lastLoss"], first, last)
	}
	fmt.Println("determinism: Chromium and native losses are identical")

	broken.Store(true)
	if err := chromedp.Do(bctx, chromedp.Navigate(srv.URL+"/client.html")); err != nil {
		return fmt.Errorf("open client check page: %w", err)
	}
	report, err := chromedp.Run(bctx, chromedp.Evaluate[string](`window.clientReady().then(() => window.clientCheck())`, chromedp.EvalAwaitPromise))
	if err != nil {
		return fmt.Errorf("web/engine client check: %w", err)
	}
	fmt.Println("client check (web/engine in Chromium: crash report, Reset, local decode, stale runs, reset while busy): OK", report)
	if smokeOnly {
		return nil
	}
	if err := chromedp.Do(bctx, chromedp.Navigate(srv.URL+"/bench.html")); err != nil {
		return fmt.Errorf("open bench page: %w", err)
	}

	if haveTFJS {
		for _, tuned := range []bool{false, true} {
			info, err := chromedp.Run(bctx, chromedp.Evaluate[map[string]any](fmt.Sprintf(`window.tfjsInfo(%v)`, tuned), chromedp.EvalAwaitPromise))
			if err != nil {
				return fmt.Errorf("start TF.js: %w", err)
			}
			fmt.Printf("TF.js %v, backend %v, SIMD %v, threads %v, tuned MatMul gradient %v (in its own Web Worker)\n",
				info["version"], info["backend"], info["simd"], info["threads"], info["tuned"])
		}
	} else {
		fmt.Printf("TF.js not installed in %s/node_modules (npm ci --prefix %s): comparing with ARCHITECTURE.md's figures\n", tfjsDir, tfjsDir)
	}

	type row struct {
		name                      string
		native, wasm, tfjs, tuned float64
		nativeOK, wOK, tOK, uOK   bool
	}
	var rows []row
	for _, wl := range workloads {
		wl = strings.TrimSpace(wl)
		n := steps
		if wl == "D1" {
			n = 3 * steps
		}
		r := row{name: wl}
		var tfLoss any
		for k := 0; k < max(rounds, 1); k++ {
			if native {
				nr, err := worker.RunBench(worker.Engine{}, wl, n, warmup, data)
				if err != nil {
					return fmt.Errorf("native %s: %w", wl, err)
				}
				if !r.nativeOK || nr.MedianMs < r.native {
					r.native, r.nativeOK = nr.MedianMs, true
				}
			}
			expr := fmt.Sprintf(`window.bench(%q, %d, %d, "synthetic")`, wl, n, warmup)
			raw, err := chromedp.Run(bctx, chromedp.Evaluate[[]byte](expr, chromedp.EvalAwaitPromise))
			if err != nil {
				return fmt.Errorf("browser %s: %w", wl, err)
			}
			var br protocol.BenchReply
			if err := json.Unmarshal(raw, &br); err != nil {
				return fmt.Errorf("browser %s: %w", wl, err)
			}
			if !r.wOK || br.MedianMs < r.wasm {
				r.wasm, r.wOK = br.MedianMs, true
			}
			for _, tuned := range []bool{false, true} {
				if !haveTFJS {
					break
				}
				expr := fmt.Sprintf(`window.tfjsBench(%q, %d, %d, %v)`, wl, n, warmup, tuned)
				tr, err := chromedp.Run(bctx, chromedp.Evaluate[map[string]any](expr, chromedp.EvalAwaitPromise))
				if err != nil {
					return fmt.Errorf("TF.js %s: %w", wl, err)
				}
				if l, _ := tr["leaked"].(float64); l != 0 {
					fmt.Fprintf(os.Stderr, "TF.js %s leaked %v tensors\n", wl, l)
				}
				med, _ := tr["medianMs"].(float64)
				if tuned {
					if !r.uOK || med < r.tuned {
						r.tuned, r.uOK = med, true
					}
					continue
				}
				tfLoss = tr["lastLoss"]
				if !r.tOK || med < r.tfjs {
					r.tfjs, r.tOK = med, true
				}
			}
		}
		rows = append(rows, r)
		fmt.Printf("  %s: native %s ms, Go wasm %.3f ms, TF.js wasm %s ms, tuned %s ms", wl, fmtMs(r.native, r.nativeOK), r.wasm, fmtMs(r.tfjs, r.tOK), fmtMs(r.tuned, r.uOK))
		if l, ok := tfLoss.(float64); ok && wl != "D1" {
			fmt.Printf(" (TF.js loss after its last step %.1f)", l)
		}
		fmt.Println()
	}
	fmt.Printf("\nmedian ms per step (D1: per decode, median of %d batches of 100); float32; synthetic MNIST-like data; %d timed steps after %d warm-up; best of %d round(s)\n\n", 3*steps, steps, warmup, max(rounds, 1))
	fmt.Println("| workload | Go wasm worker ms | TF.js wasm ms | Go native ms | Go ÷ TF.js | wasm ÷ native | TF.js tuned ms | Go ÷ TF.js tuned |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	ratio := func(a, b float64, ok bool) string {
		if !ok || b <= 0 {
			return "–"
		}
		return fmt.Sprintf("%.2f", a/b)
	}
	for _, r := range rows {
		tf, tfOK := r.tfjs, r.tOK
		tfCol := fmtMs(tf, tfOK)
		if !tfOK {
			tf, tfOK = reference[r.name][0], true
			tfCol = fmt.Sprintf("(ref %g)", tf)
		}
		fmt.Printf("| %s | %.3f | %s | %s | %s | %s | %s | %s |\n", r.name, r.wasm, tfCol, fmtMs(r.native, r.nativeOK),
			ratio(r.wasm, tf, tfOK), ratio(r.wasm, r.native, r.nativeOK), fmtMs(r.tuned, r.uOK), ratio(r.wasm, r.tuned, r.uOK))
	}
	if haveTFJS {
		fmt.Println("\n(TF.js 4.22 wasm backend, SIMD, one thread, in its own Web Worker, same page, same data, rounds alternated with ours;")
		fmt.Println(" tuned: TF.js with a MatMul gradient that transposes explicitly instead of using transposeA/B, its slow path.)")
	} else {
		fmt.Println("\n((ref …): ARCHITECTURE.md's TF.js figures from another run; only ratios within one run are trustworthy.)")
	}

	if lt, err := chromedp.Run(bctx, chromedp.Evaluate[[]float64](`window.longTasks || []`)); err == nil {
		fmt.Printf("main-thread long tasks (> 50 ms) on the page while the worker trained: %d %v\n", len(lt), lt)
	}
	rt, err := chromedp.Run(bctx, chromedp.Evaluate[[]float64](`window.roundTrip(200)`, chromedp.EvalAwaitPromise))
	if err != nil {
		return fmt.Errorf("decode round trip: %w", err)
	}
	if len(rt) > 0 {
		fmt.Printf("D1 through the worker (postMessage round trip, idle worker, 200 decodes): median %.3f ms, p95 %.3f ms\n",
			rt[len(rt)/2], rt[len(rt)*95/100])
	}
	return nil
}

// setSecurityHeaders sends the site's policy (the one web/server sends), so
// that the worker is tested under the same restrictions as in production:
// no inline script, WebAssembly allowed, same-origin workers and fetches.
func setSecurityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; "+
		"connect-src 'self'; object-src 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
}

func fmtMs(v float64, ok bool) string {
	if !ok {
		return "–"
	}
	return fmt.Sprintf("%.3f", v)
}

// nativeSmokeLosses runs the smoke test's create and train natively.
func nativeSmokeLosses() (first, last float64, err error) {
	w := worker.New(worker.Engine{}, nil)
	var m protocol.Message
	if m, err = protocol.New(protocol.Create, &protocol.CreateBody{
		Model: spec.Config{Kind: "vae", Hidden: []int{16}, Latent: 2, LR: 0.01, Batch: 50},
		Data:  protocol.DataConfig{Source: "toy", Name: "moons", N: 300, Test: 100, Noise: 0.05, Seed: 1}}); err != nil {
		return 0, 0, err
	}
	m.Slot = "smoke"
	if r, _ := w.Handle(m, nil); r.Err() != nil {
		return 0, 0, r.Err()
	}
	m = protocol.MustNew(protocol.Train, &protocol.TrainBody{Steps: 50, EvalEnd: true})
	m.Slot = "smoke"
	r, _ := w.Handle(m, nil)
	var tb protocol.TrainedBody
	if err := r.DecodeBody(&tb); err != nil || r.Err() != nil || len(tb.Metrics) != 50 {
		return 0, 0, fmt.Errorf("native smoke train: %v %v", err, r.Err())
	}
	return tb.Metrics[0].Loss, tb.Metrics[49].Loss, nil
}

func checkSmoke(s map[string]any) error {
	num := func(k string) float64 { v, _ := s[k].(float64); return v }
	ready, _ := s["ready"].(map[string]any)
	switch {
	case ready == nil || ready["protocol"] != float64(protocol.Version):
		return errors.New("no ready reply with the protocol version")
	case num("step") != 50:
		return fmt.Errorf("trained to step %v, want 50", s["step"])
	case !(num("lastLoss") < num("firstLoss")):
		return fmt.Errorf("loss did not fall: %v → %v", s["firstLoss"], s["lastLoss"])
	case func() bool { d, _ := s["decoded"].([]any); return len(d) != 4 }():
		return fmt.Errorf("decode returned %v", s["decoded"])
	case num("snapshotFloats") == 0:
		return errors.New("snapshot has no weights")
	case num("loadedStep") != 50:
		return fmt.Errorf("loaded model at step %v", s["loadedStep"])
	case !strings.Contains(fmt.Sprint(s["badError"]), "unknown message type"):
		return fmt.Errorf("bad message answered %v", s["badError"])
	case num("gridFloats") != 16*2:
		return fmt.Errorf("grid has %v floats", s["gridFloats"])
	case !strings.Contains(fmt.Sprint(s["brokenError"]), "cannot start the engine"):
		return fmt.Errorf("missing engine.wasm reported %v", s["brokenError"])
	}
	return nil
}
