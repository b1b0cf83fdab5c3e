package e2e

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// shardsFile lists which shard of the browser suite each test runs in
// (make e2e runs the shards at once, each in its own test process with its
// own Chromium and server).
const shardsFile = "shards.txt"

// readShards reads shards.txt: "SHARD TestName [seconds]" lines; # comments.
func readShards(path string) (map[string][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	in := map[string][]string{} // test → shards it is listed in
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text, _, _ := strings.Cut(sc.Text(), "#")
		fields := strings.Fields(text)
		if len(fields) == 0 {
			continue
		}
		if len(fields) < 2 || !strings.HasPrefix(fields[1], "Test") {
			return nil, fmt.Errorf("%s:%d: want \"SHARD TestName [seconds]\", got %q", path, line, sc.Text())
		}
		in[fields[1]] = append(in[fields[1]], fields[0])
	}
	return in, sc.Err()
}

// testFuncs returns the top-level test functions of the package's _test.go
// files (both packages, e2e and e2e_test), each with its file.
func testFuncs(dir string) (map[string]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	if err != nil {
		return nil, err
	}
	tests := map[string]string{}
	fset := token.NewFileSet()
	for _, file := range files {
		f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if ok && fn.Recv == nil && isTestName(fn.Name.Name) && fn.Type.Params.NumFields() == 1 {
				tests[fn.Name.Name] = filepath.Base(file)
			}
		}
	}
	return tests, nil
}

// isTestName is go test's rule: Test, then nothing or a non-lower-case rune; TestMain is not a test.
func isTestName(name string) bool {
	rest, ok := strings.CutPrefix(name, "Test")
	return ok && name != "TestMain" && (rest == "" || !('a' <= rest[0] && rest[0] <= 'z'))
}

// Every browser test is in exactly one shard of shards.txt, and every name
// there is a test: a new test in no shard would never run under make test.
func TestShardsCoverEveryTest(t *testing.T) {
	listed, err := readShards(shardsFile)
	if err != nil {
		t.Fatal(err)
	}
	tests, err := testFuncs(".")
	if err != nil {
		t.Fatal(err)
	}
	var problems []string
	for name, file := range tests {
		switch n := len(listed[name]); {
		case n == 0:
			problems = append(problems, fmt.Sprintf("%s (%s) is in no shard: add a line \"1 %s\" or \"2 %s\" to web/e2e/%s, in the shard with fewer seconds", name, file, name, name, shardsFile))
		case n > 1:
			problems = append(problems, fmt.Sprintf("%s is listed %d times in web/e2e/%s (shards %s): keep one line", name, n, shardsFile, strings.Join(listed[name], ", ")))
		}
	}
	for name := range listed {
		if _, ok := tests[name]; !ok {
			problems = append(problems, fmt.Sprintf("web/e2e/%s lists %s, which is no test of web/e2e: remove the line", shardsFile, name))
		}
	}
	sort.Strings(problems)
	for _, p := range problems {
		t.Error(p)
	}
}
