// Command lessonc is the lesson compiler: it lints lessons/*.md and writes
// the lesson bundle (index.json and {slug}.json) the playground loads.
//
//	lessonc -lint lessons                     # print lessons/FILE.md:LINE: message, exit 1 on any problem
//	lessonc -out dist/web/lessons lessons     # write the bundle (bad blocks become error boxes)
//	lessonc -out dist/web/lessons -katex-assets dist/web/katex lessons
//	lessonc -out dist/web/lessons -watch lessons   # rebuild whenever a lesson changes
//	lessonc -widgets-md                       # print the widget reference for lessons/README.md
//	lessonc -formulas-md                      # print the quiz formula table for lessons/README.md
//	lessonc -claims-md                        # print what claims can measure per widget, for lessons/README.md
//
// Math is typeset with KaTeX from web/node_modules (run `npm ci --prefix web`
// once); one Node process serves all lessons of a build.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"latentlab/web/claims"
	"latentlab/web/lesson/build"

	// The widget packages register their widgets (names and parameters).
	_ "latentlab/web/widget/apps"
	_ "latentlab/web/widget/cae"
	_ "latentlab/web/widget/reparam"
	_ "latentlab/web/widget/step"
	_ "latentlab/web/widget/vae"
)

func main() {
	lint := flag.Bool("lint", false, "check the lessons and print `FILE:LINE: message` per problem; exit 1 if any")
	out := flag.String("out", "", "write the lesson bundle (index.json, {slug}.json) into this folder")
	assets := flag.String("katex-assets", "", "also copy KaTeX's CSS and woff2 fonts into this folder (e.g. dist/web/katex)")
	watch := flag.Bool("watch", false, "with -out: keep running and rebuild whenever a lesson file changes")
	strict := flag.Bool("strict", false, "with -out: exit 1 when a lesson has problems (default: warn, write error boxes)")
	widgetsMD := flag.Bool("widgets-md", false, "print the widget and parameter reference as Markdown and exit")
	formulasMD := flag.Bool("formulas-md", false, "print the table of quiz formulas as Markdown and exit")
	claimsMD := flag.Bool("claims-md", false, "print what lesson claims can measure, per widget, as Markdown and exit")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: lessonc [-lint | -out DIR [-katex-assets DIR] [-watch] [-strict]] [LESSONS_DIR]\n       lessonc -widgets-md | -formulas-md | -claims-md\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *widgetsMD {
		build.WidgetsMarkdown(os.Stdout)
		return
	}
	if *formulasMD {
		build.FormulasMarkdown(os.Stdout)
		return
	}
	if *claimsMD {
		claims.Markdown(os.Stdout)
		return
	}
	dir := "lessons"
	if flag.NArg() > 1 {
		flag.Usage()
		os.Exit(2)
	}
	if flag.NArg() == 1 {
		dir = filepath.Clean(flag.Arg(0))
	}
	if !*lint && *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	k, err := build.FindKaTeX()
	if err != nil {
		fatal(err)
	}
	if *assets != "" {
		if err := k.CopyAssets(*assets); err != nil {
			fatal(err)
		}
	}
	if *lint {
		os.Exit(runLint(dir, k, os.Stdout))
	}
	// The stamp is taken before the build, so an edit saved while it runs
	// is built next.
	last := stamp(dir)
	code := runBuild(dir, *out, k, *strict)
	if !*watch {
		os.Exit(code)
	}
	fmt.Fprintf(os.Stderr, "lessonc: watching %s (Ctrl-C to stop)\n", dir)
	for {
		time.Sleep(400 * time.Millisecond)
		if s := stamp(dir); s != last {
			last = s
			runBuild(dir, *out, k, false)
		}
	}
}

// runLint prints every problem and returns the exit code.
func runLint(dir string, k *build.KaTeX, w io.Writer) int {
	r, err := build.Compile(dir, k)
	if err != nil {
		fatal(err)
	}
	for _, p := range r.Problems {
		fmt.Fprintln(w, p)
	}
	if len(r.Problems) > 0 {
		fmt.Fprintf(os.Stderr, "lessonc: %d problem(s) in %s\n", len(r.Problems), dir)
		return 1
	}
	return 0
}

// runBuild compiles and writes the bundle; problems are warnings unless strict.
func runBuild(dir, out string, k *build.KaTeX, strict bool) int {
	t0 := time.Now()
	r, err := build.Compile(dir, k)
	if err != nil {
		fmt.Fprintln(os.Stderr, "lessonc:", err)
		return 1
	}
	for _, p := range r.Problems {
		fmt.Fprintln(os.Stderr, "warning:", p)
	}
	if strict && len(r.Problems) > 0 {
		return 1
	}
	if err := build.Write(out, r); err != nil {
		fmt.Fprintln(os.Stderr, "lessonc:", err)
		return 1
	}
	fmt.Fprintf(os.Stderr, "lessonc: %d lesson(s) → %s in %v\n", len(r.Lessons), out, time.Since(t0).Round(time.Millisecond))
	return 0
}

// stamp summarises the lesson files' names, sizes and times.
func stamp(dir string) string {
	var b strings.Builder
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if fi, err := e.Info(); err == nil && strings.HasSuffix(e.Name(), ".md") {
			fmt.Fprintf(&b, "%s %d %d;", e.Name(), fi.Size(), fi.ModTime().UnixNano())
		}
	}
	return b.String()
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "lessonc:", err)
	os.Exit(2)
}
