// Command benchcmp runs the engine's reference-workload benchmarks (R1, R2,
// R3 and D1 in core/model) natively and under GOOS=js GOARCH=wasm (Node,
// through Go's go_js_wasm_exec), then prints the median ms per step of each
// and their ratio. Run it from the repository root:
//
//	go run ./core/cmd/benchcmp [-count 3] [-benchtime 1s]
//
// The two runs alternate benchmark by benchmark so that a noisy machine
// affects both sides alike.
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
	benchtime := flag.String("benchtime", "1s", "go test -benchtime per run (a duration lets V8 tier up the wasm code during the ramp)")
	pkg := flag.String("pkg", "./core/model", "package holding the benchmarks")
	flag.Parse()
	if err := run(*pkg, *count, *benchtime); err != nil {
		fmt.Fprintln(os.Stderr, "benchcmp:", err)
		os.Exit(1)
	}
}

var names = []string{"R1", "R2", "R3", "D1"}

func run(pkg string, count int, benchtime string) error {
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
	native, wasm := filepath.Join(dir, "native.test"), filepath.Join(dir, "wasm.test")
	if err := build(pkg, native, nil); err != nil {
		return err
	}
	if err := build(pkg, wasm, []string{"GOOS=js", "GOARCH=wasm"}); err != nil {
		return err
	}
	pkgDir, err := filepath.Abs(pkg)
	if err != nil {
		return err
	}
	res := map[string]map[string][]float64{"native": {}, "wasm": {}}
	for _, name := range names {
		for i := 0; i < count; i++ {
			args := []string{"-test.run", "^$", "-test.bench", "^Benchmark" + name + "$", "-test.benchtime", benchtime}
			for _, side := range []string{"native", "wasm"} {
				var cmd *exec.Cmd
				if side == "native" {
					cmd = exec.Command(native, args...)
				} else {
					cmd = exec.Command(execWasm, append([]string{wasm}, args...)...)
				}
				cmd.Dir = pkgDir
				out, err := cmd.CombinedOutput()
				if err != nil {
					return fmt.Errorf("%s %s: %v\n%s", side, name, err, out)
				}
				v, err := parse(out)
				if err != nil {
					return fmt.Errorf("%s %s: %v\n%s", side, name, err, out)
				}
				res[side][name] = append(res[side][name], v)
			}
		}
	}
	fmt.Printf("%-4s %14s %14s %8s\n", "", "native ms", "js/wasm ms", "ratio")
	for _, name := range names {
		n, w := median(res["native"][name]), median(res["wasm"][name])
		fmt.Printf("%-4s %14.3f %14.3f %8.2f\n", name, n, w, w/n)
	}
	return nil
}

func build(pkg, out string, env []string) error {
	cmd := exec.Command("go", "test", "-c", "-o", out, pkg)
	cmd.Env = append(os.Environ(), env...)
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
