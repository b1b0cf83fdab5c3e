//go:build !js

// Command benchbrowser measures the engine inside Web Workers in headless
// Chromium (driven by chromedp) on the reference workloads of ARCHITECTURE.md (R1,
// R2, R3 training steps; D1 one decode), with both engine builds — engine.wasm
// (WebAssembly SIMD, what every current browser runs) and engine-scalar.wasm
// (the fallback) — runs the same workloads natively with SIMD and with scalar
// kernels, and prints median ms per step and their ratios. It first
// smoke-tests both real workers through the protocol (and checks that they
// train to the same losses as native code, bit for bit) and web/engine's
// client against the real worker.
//
// In the same Chromium run it times TensorFlow.js 4.22 (wasm backend, SIMD,
// one thread) in Web Workers of its own on the same workloads written with tf
// ops (Adam lr 1e-3, Glorot-uniform, float32, the same synthetic rows), when
// TF.js is installed in wasm/cmd/benchbrowser/tfjs (npm ci --prefix it;
// `make bench-browser` does). Two TF.js variants: as shipped, and "tuned",
// whose MatMul gradient transposes explicitly (TF.js's own gradient uses
// transposeA/transposeB products, which its wasm backend runs about 15×
// slower than plain ones). Rounds alternate native (SIMD, scalar), Go in
// Chromium (SIMD, scalar), TF.js, TF.js tuned, so that all share the
// machine's noise; each keeps its lowest median. Last, the second-core
// experiment (cores.go): one worker against two workers each computing half
// a batch, with the cost of exchanging gradients.
//
//	make bench-browser                        # builds both engines, npm ci for TF.js, -rounds 2
//	GOEXPERIMENT=simd go run ./wasm/cmd/benchbrowser    # builds both engines itself
//	go run ./wasm/cmd/benchbrowser -wasm dist/web/engine.wasm -wasm-scalar dist/web/engine-scalar.wasm -steps 30 -rounds 3
//
// The native SIMD figures need this command built with GOEXPERIMENT=simd on
// an AVX2 processor (make bench-browser does; otherwise both native columns
// are scalar, and the table says which kernels ran).
//
// Chromium: /usr/bin/chromium (Debian: apt-get install -y chromium).
package main

import (
	"bytes"
	"compress/gzip"
	"context"
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
)

// options are the command's flags.
type options struct {
	simdPath, scalarPath string // engine.wasm, engine-scalar.wasm ("": build)
	dataDir              string // MNIST subset for the second-core experiment
	chromium             string
	steps, warmup        int
	workloads            []string
	native, smokeOnly    bool
	cores                bool
	timeout              time.Duration
}

// rounds is the number of alternating native/browser measurements per workload.
var rounds = 1

func main() {
	var o options
	flag.StringVar(&o.simdPath, "wasm", "", "engine.wasm (SIMD build) to serve (default: build it into a temporary folder)")
	flag.StringVar(&o.scalarPath, "wasm-scalar", "", "engine-scalar.wasm to serve (default: build it)")
	flag.StringVar(&o.dataDir, "data", "dist/web/data", "folder with the MNIST subset (make data) for the second-core experiment")
	flag.StringVar(&o.chromium, "chromium", "/usr/bin/chromium", "Chromium executable")
	flag.IntVar(&o.steps, "steps", 20, "timed steps per training workload")
	flag.IntVar(&o.warmup, "warmup", 3, "untimed steps first")
	only := flag.String("only", "R1,R2,R3,D1,D1r", "workloads to run (D1r: D1 through the snapshot's row products)")
	flag.BoolVar(&o.native, "native", true, "also run the workloads natively")
	flag.BoolVar(&o.smokeOnly, "smoke", false, "only smoke-test the workers")
	flag.BoolVar(&o.cores, "cores", true, "run the second-core experiment (needs -data)")
	flag.DurationVar(&o.timeout, "timeout", 12*time.Minute, "overall time limit")
	flag.StringVar(&tfjsDir, "tfjs", tfjsDir, "npm folder with TensorFlow.js installed (npm ci --prefix it); empty: skip the TF.js comparison")
	flag.IntVar(&rounds, "rounds", 1, "alternate the systems this many times and keep each one's lowest median (robust on a busy machine)")
	child := flag.String("native-child", "", "internal: run this workload natively and print its median as JSON")
	flag.Parse()
	o.workloads = strings.Split(*only, ",")
	var err error
	if *child != "" {
		err = nativeChild(*child, o.steps, o.warmup)
	} else {
		err = run(o)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchbrowser:", err)
		os.Exit(1)
	}
}

func goEnv(name string) (string, error) {
	out, err := exec.Command("go", "env", name).Output()
	return strings.TrimSpace(string(out)), err
}

// buildWasm builds a js/wasm package into dst with extra environment (and
// without this process's GOEXPERIMENT: the scalar engine must not inherit
// make bench-browser's GOEXPERIMENT=simd), with the Makefile's flags
// (WASMFLAGS), so that its compiles are the build cache's from make vet and
// make wasm-test rather than a third set.
func buildWasm(pkg, dst string, env ...string) ([]byte, error) {
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", dst, pkg)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GOEXPERIMENT=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(append(cmd.Env, "GOOS=js", "GOARCH=wasm"), env...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("build %s %v: %w", pkg, env, err)
	}
	return os.ReadFile(dst)
}

// loadFiles reads or builds everything the server serves.
func loadFiles(o options, tmp string) (files, error) {
	f := files{dataDir: o.dataDir}
	var err error
	for _, e := range []struct {
		path *string
		dst  *[]byte
		name string
		env  []string
	}{{&o.simdPath, &f.simd, "engine.wasm", []string{"GOEXPERIMENT=simd"}}, {&o.scalarPath, &f.scalar, "engine-scalar.wasm", nil}} {
		if *e.path != "" {
			*e.dst, err = os.ReadFile(*e.path)
		} else {
			fmt.Println("building", e.name, "…")
			*e.dst, err = buildWasm("latentlab/wasm/engine", filepath.Join(tmp, e.name), e.env...)
		}
		if err != nil {
			return f, err
		}
		var gz bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		zw.Write(*e.dst)
		zw.Close()
		fmt.Printf("%s: %d bytes raw, %d bytes gzip -9\n", e.name, len(*e.dst), gz.Len())
	}
	goroot, err := goEnv("GOROOT")
	if err != nil {
		return f, err
	}
	if f.wasmExec, err = os.ReadFile(filepath.Join(goroot, "lib", "wasm", "wasm_exec.js")); err != nil {
		return f, err
	}
	if f.client, err = buildWasm("latentlab/web/engine/clientcheck", filepath.Join(tmp, "client.wasm")); err != nil {
		return f, fmt.Errorf("build the client check: %w", err)
	}
	return f, nil
}

func run(o options) error {
	if _, err := os.Stat(o.chromium); err != nil {
		return fmt.Errorf("chromium not found at %s: install it with `apt-get install -y chromium` (%v)", o.chromium, err)
	}
	tmp, err := os.MkdirTemp("", "benchbrowser-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	f, err := loadFiles(o, tmp)
	if err != nil {
		return err
	}
	var broken atomic.Bool
	mux := newMux(f, &broken)
	haveTFJS, err := serveTFJS(mux, syntheticRows())
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

	ctx, cancel := context.WithTimeout(context.Background(), o.timeout)
	defer cancel()
	bctx, done, err := startChromium(ctx, o.chromium, filepath.Join(tmp, "profile"))
	if err != nil {
		return err
	}
	defer done()
	if err := chromedp.Do(bctx, chromedp.Navigate(srv.URL+"/bench.html")); err != nil {
		return fmt.Errorf("open bench page: %w", err)
	}
	version, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`navigator.userAgent`))
	fmt.Println("browser:", version)
	if err := smokeBoth(bctx); err != nil {
		return err
	}
	broken.Store(true)
	if err := chromedp.Do(bctx, chromedp.Navigate(srv.URL+"/client.html")); err != nil {
		return fmt.Errorf("open client check page: %w", err)
	}
	report, err := chromedp.Run(bctx, chromedp.Evaluate[string](`window.clientReady().then(() => window.clientCheck())`, chromedp.EvalAwaitPromise))
	if err != nil {
		return fmt.Errorf("web/engine client check: %w", err)
	}
	fmt.Println("client check (web/engine in Chromium: crash report, Reset, local decode, stale runs, reset while busy): OK", report)
	if o.smokeOnly {
		return nil
	}
	if err := chromedp.Do(bctx, chromedp.Navigate(srv.URL+"/bench.html")); err != nil {
		return fmt.Errorf("open bench page: %w", err)
	}
	return benchmarks(bctx, o, haveTFJS)
}

// benchmarks runs the timed part: the workload table, the main thread's long
// tasks, decode round trips and the second-core experiment.
func benchmarks(ctx context.Context, o options, haveTFJS bool) error {
	if haveTFJS {
		for _, tuned := range []bool{false, true} {
			info, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](fmt.Sprintf(`window.tfjsInfo(%v)`, tuned), chromedp.EvalAwaitPromise))
			if err != nil {
				return fmt.Errorf("start TF.js: %w", err)
			}
			fmt.Printf("TF.js %v, backend %v, SIMD %v, threads %v, tuned MatMul gradient %v (in its own Web Worker)\n",
				info["version"], info["backend"], info["simd"], info["threads"], info["tuned"])
		}
	} else if tfjsDir == "" {
		fmt.Println("TF.js comparison off (-tfjs \"\"): comparing with ARCHITECTURE.md's figures")
	} else {
		fmt.Printf("TF.js not installed in %s/node_modules (npm ci --prefix %s): comparing with ARCHITECTURE.md's figures\n", tfjsDir, tfjsDir)
	}
	rows, err := measure(ctx, o.workloads, o.steps, o.warmup, rounds, o.native, haveTFJS)
	if err != nil {
		return err
	}
	printTable(rows, o.steps, o.warmup, rounds, haveTFJS)
	if lt, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`window.longTasks || []`)); err == nil {
		fmt.Printf("main-thread long tasks (> 50 ms) on the page while the workers trained: %d %v\n", len(lt), lt)
	}
	rt, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`window.roundTrip(200)`, chromedp.EvalAwaitPromise))
	if err != nil {
		return fmt.Errorf("decode round trip: %w", err)
	}
	if len(rt) > 0 {
		fmt.Printf("D1 through the SIMD worker (postMessage round trip, idle worker, 200 decodes): median %.3f ms, p95 %.3f ms\n",
			rt[len(rt)/2], rt[len(rt)*95/100])
	}
	if !o.cores {
		return nil
	}
	if _, err := os.Stat(filepath.Join(o.dataDir, "mnist-train.bin")); err != nil {
		fmt.Printf("second-core experiment skipped: no MNIST subset in %s (make data)\n", o.dataDir)
		return nil
	}
	return measureCores(ctx, 2*o.steps, o.warmup)
}

// startChromium starts headless Chromium with a fresh profile and opens a
// blank tab; done closes it.
func startChromium(ctx context.Context, path, profile string) (context.Context, func(), error) {
	actx, acancel := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.UserDataDir(profile))
	bctx, bcancel := chromedp.NewContext(actx)
	done := func() { bcancel(); acancel() }
	// Start the browser before anything else uses the context concurrently.
	if err := chromedp.Do(bctx, chromedp.Navigate("about:blank")); err != nil {
		done()
		return nil, nil, fmt.Errorf("start chromium: %w", err)
	}
	go func() {
		for m, err := range chromedp.Console(bctx) {
			if err != nil {
				return
			}
			fmt.Fprintf(os.Stderr, "console: %+v\n", m)
		}
	}()
	return bctx, done, nil
}
