// Command benchcmp runs the engine's reference-workload benchmarks (R1, R2,
// R3, D1 and D1r in core/model) natively and under GOOS=js GOARCH=wasm (Node,
// through Go's go_js_wasm_exec), each with the scalar kernels and with the
// SIMD ones (GOEXPERIMENT=simd: amd64 AVX2 natively, WebAssembly SIMD128
// under Node), then prints the median ms per step of each and their ratios.
// Run it from the repository root:
//
//	go run ./core/cmd/benchcmp [-count 3]
//
// Each figure is the median over -count runs of the CPU time per step: each
// run executes the benchmark twice, with lo and hi iterations, in fresh
// processes, and divides the difference of their user+system CPU times by
// hi−lo, so that process start, data loading, compilation and warm-up cancel
// out. CPU time rather than wall time keeps the figures meaningful on a
// machine shared with other work; the wall-clock ms/step the benchmarks
// report is printed alongside. The four builds' runs alternate.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
)

func main() {
	count := flag.Int("count", 3, "runs per benchmark and platform (the median is reported)")
	pkg := flag.String("pkg", "./core/model", "package holding the benchmarks")
	flag.Parse()
	if err := run(*pkg, *count); err != nil {
		fmt.Fprintln(os.Stderr, "benchcmp:", err)
		os.Exit(1)
	}
}

// bench names a benchmark and its two iteration counts.
type bench struct {
	name   string
	lo, hi int
}

var benches = []bench{{"R1", 4, 24}, {"R2", 4, 24}, {"R3", 2, 10}, {"D1", 2000, 20000}, {"D1r", 2000, 20000}}

func run(pkg string, count int) error {
	goroot := runtime.GOROOT()
	if out, err := exec.Command("go", "env", "GOROOT").Output(); err == nil {
		goroot = strings.TrimSpace(string(out))
	}
	execWasm := filepath.Join(goroot, "lib", "wasm", "go_js_wasm_exec")
	dir, err := os.MkdirTemp("", "benchcmp")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	sides := []side{
		{name: "native", env: nil},
		{name: "native SIMD", env: []string{"GOEXPERIMENT=simd"}},
		{name: "js/wasm", env: []string{"GOOS=js", "GOARCH=wasm"}, wasm: true},
		{name: "js/wasm SIMD", env: []string{"GOOS=js", "GOARCH=wasm", "GOEXPERIMENT=simd"}, wasm: true},
	}
	for i := range sides {
		sides[i].bin = filepath.Join(dir, fmt.Sprintf("b%d.test", i))
		if err := build(pkg, sides[i].bin, sides[i].env); err != nil {
			return err
		}
	}
	pkgDir, err := filepath.Abs(pkg)
	if err != nil {
		return err
	}
	type sample struct{ cpu, wall []float64 }
	res := map[string]map[string]*sample{}
	for _, sd := range sides {
		res[sd.name] = map[string]*sample{}
	}
	for _, b := range benches {
		for _, sd := range sides {
			res[sd.name][b.name] = &sample{}
		}
		for i := 0; i < count; i++ {
			for _, sd := range sides {
				var cpu [2]float64
				var wall float64
				for k, iters := range []int{b.lo, b.hi} {
					args := []string{"-test.run", "^$", "-test.bench", "^Benchmark" + b.name + "$",
						"-test.benchtime", fmt.Sprintf("%dx", iters)}
					cmd := exec.Command(sd.bin, args...)
					if sd.wasm {
						cmd = exec.Command(execWasm, append([]string{sd.bin}, args...)...)
					}
					cmd.Dir = pkgDir
					out, err := cmd.CombinedOutput()
					if err != nil {
						return fmt.Errorf("%s %s: %v\n%s", sd.name, b.name, err, out)
					}
					st := cmd.ProcessState
					cpu[k] = (st.UserTime() + st.SystemTime()).Seconds() * 1000
					if wall, err = parse(out); err != nil {
						return fmt.Errorf("%s %s: %v\n%s", sd.name, b.name, err, out)
					}
				}
				r := res[sd.name][b.name]
				r.cpu = append(r.cpu, (cpu[1]-cpu[0])/float64(b.hi-b.lo))
				r.wall = append(r.wall, wall)
			}
		}
	}
	fmt.Println("CPU ms per step (median of", count, "runs; wall-clock ms/step in brackets)")
	fmt.Printf("%-4s", "")
	for _, sd := range sides {
		fmt.Printf(" %22s", sd.name)
	}
	fmt.Printf(" %12s %12s %12s\n", "wasm÷native", "SIMD: w÷n", "wasm s÷SIMD")
	for _, b := range benches {
		fmt.Printf("%-4s", b.name)
		digits := 3 // a decode (D1, D1r) takes tens of µs: to 0.1 µs
		if strings.HasPrefix(b.name, "D1") {
			digits = 4
		}
		med := make([]float64, len(sides))
		for i, sd := range sides {
			r := res[sd.name][b.name]
			med[i] = median(r.cpu)
			fmt.Printf(" %10.*f [%9.*f]", digits, med[i], digits, median(r.wall))
		}
		fmt.Printf(" %12.2f %12.2f %12.2f\n", med[2]/med[0], med[3]/med[1], med[2]/med[3])
	}
	return nil
}

// side is one build of the benchmarks: native or js/wasm, scalar or SIMD.
type side struct {
	name string
	env  []string
	wasm bool
	bin  string
}

// build compiles pkg's test binary with env added to this process's
// environment less any GOEXPERIMENT (each side names its own).
func build(pkg, out string, env []string) error {
	cmd := exec.Command("go", "test", "-c", "-o", out, pkg)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GOEXPERIMENT=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("build %s %v: %v\n%s", pkg, env, err, b)
	}
	return nil
}

var metric = regexp.MustCompile(`([0-9.]+) ms/(step|op)`)

func parse(out []byte) (float64, error) {
	for s := bufio.NewScanner(bytes.NewReader(out)); s.Scan(); {
		if m := metric.FindStringSubmatch(s.Text()); m != nil {
			return strconv.ParseFloat(m[1], 64)
		}
	}
	return 0, fmt.Errorf("no ms/step in output")
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
