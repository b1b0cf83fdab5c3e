// Command claims runs the claims the lessons make about their widgets (the
// ```claim``` blocks of lessons/*.md) with the engine the page uses, and
// fails with lessons/FILE.md:LINE: claim … measured … when one does not hold.
//
//	claims -dist dist/web -train-seeds 1 lessons  # claims that train on their first seed, the others on all (make test)
//	claims -dist dist/web lessons              # every claim on all its own seeds (make claims-all)
//	claims -dist dist/web -seeds 1-5 -table lessons   # more seeds, a table of measured values (make claims)
//	claims -dist dist/web -run beta lessons    # only claims whose id matches a regexp
//
// It needs the built data and pretrained models (make data models).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"latentlab/web/claims"
	"latentlab/web/claims/run"

	// The widget packages register their widgets (names and parameters).
	_ "latentlab/web/widget/apps"
	_ "latentlab/web/widget/cae"
	_ "latentlab/web/widget/reparam"
	_ "latentlab/web/widget/step"
	_ "latentlab/web/widget/vae"
)

func main() {
	dist := flag.String("dist", "dist/web", "the built site's web folder (MNIST subset in data/, pretrained models in models/)")
	seedsFlag := flag.String("seeds", "", "run seeded claims on these seeds instead of their own: a range 1-5 or a list 1,2,7")
	match := flag.String("run", "", "only claims whose id matches this regexp")
	table := flag.Bool("table", false, "print a Markdown table of every claim, its seeds and the measured values")
	parallel := flag.Int("parallel", 2, "runs trained at once")
	trainSeeds := flag.Int("train-seeds", 0, "run claims that train on at most their first N seeds (0: all their seeds)")
	flag.Parse()
	dir := "lessons"
	if flag.NArg() == 1 {
		dir = flag.Arg(0)
	} else if flag.NArg() > 1 {
		flag.Usage()
		os.Exit(2)
	}
	seeds, err := parseSeeds(*seedsFlag)
	if err != nil {
		fatal(err)
	}
	re, err := regexp.Compile(*match)
	if err != nil {
		fatal(fmt.Errorf("-run: %w", err))
	}
	jobs, err := run.Jobs(dir, func(c *claims.Claim) bool { return re.MatchString(c.ID) })
	if err != nil {
		fatal(err)
	}
	if *trainSeeds < 0 {
		fatal(fmt.Errorf("-train-seeds %d: want 0 (all) or more", *trainSeeds))
	}
	x := &run.Runner{Dist: *dist, Parallel: *parallel, TrainSeeds: *trainSeeds}
	t0 := time.Now()
	// Every claim starts at once; the runner trains at most -parallel runs
	// at a time, so the cores stay busy whatever the claims' sizes.
	results := make([]run.Result, len(jobs))
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = x.Run(j, seeds)
			mu.Lock()
			fmt.Fprintln(os.Stderr, status(results[i]))
			mu.Unlock()
		}()
	}
	wg.Wait()
	bad := 0
	for _, r := range results {
		if p := r.Problem(); p != "" {
			fmt.Println(p)
			bad++
		}
	}
	if *table {
		printTable(os.Stdout, results)
	}
	fmt.Fprintf(os.Stderr, "claims: %d claim(s), %d problem(s), %v\n", len(results), bad, time.Since(t0).Round(time.Second))
	if bad > 0 {
		os.Exit(1)
	}
}

// status is one progress line per claim.
func status(r run.Result) string {
	c := r.Claim
	state := "ok     "
	switch {
	case c.Pending != "" && !r.Runnable:
		state = "pending (not runnable yet)"
	case c.Pending != "" && r.Holds():
		state = "HOLDS (marked pending)"
	case c.Pending != "":
		state = "pending"
	case !r.Holds():
		state = "FAIL   "
	}
	s := fmt.Sprintf("claims: %s %s:%d %s", state, c.File, c.Line, c.ID)
	if r.Runnable {
		s += fmt.Sprintf(" (%d seed(s), %v training, done at %v)", len(r.Seeds), r.Work.Round(100*time.Millisecond), r.Elapsed.Round(100*time.Millisecond))
	}
	if c.Pending != "" {
		s += " — " + c.Pending
	}
	return s
}

// printTable writes claim, seeds, result and the measured values of every
// outcome (per seed) as a Markdown table.
func printTable(w io.Writer, results []run.Result) {
	fmt.Fprintln(w, "| claim | seeds | holds | outcome | measured (per seed) |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	for _, r := range results {
		c := r.Claim
		held := fmt.Sprint(r.Holds())
		if c.Pending != "" {
			held = "pending: " + c.Pending
		}
		var seeds []string
		for _, s := range r.Seeds {
			if s.Seed < 0 {
				seeds = append(seeds, "—") // the widget has no seed
				continue
			}
			seeds = append(seeds, strconv.Itoa(s.Seed))
		}
		for i, o := range c.Expect {
			var ms []string
			for _, s := range r.Seeds {
				switch {
				case s.Err != nil:
					ms = append(ms, "error: "+s.Err.Error())
				case s.Env != nil:
					ms = append(ms, claims.Show(o.Expr, s.Env))
				}
			}
			id, sd, h := "", "", ""
			if i == 0 {
				id, sd, h = fmt.Sprintf("%s (%s:%d)", c.ID, c.File, c.Line), strings.Join(seeds, ", "), held
			}
			fmt.Fprintf(w, "| %s | %s | %s | `%s` | %s |\n", id, sd, h, o.Expr, strings.ReplaceAll(strings.Join(ms, " · "), "|", "\\|"))
		}
	}
}

// parseSeeds reads "1-5" or "1,2,7" ("" → nil: the claims' own seeds).
func parseSeeds(s string) ([]int, error) {
	if s == "" {
		return nil, nil
	}
	if a, b, ok := strings.Cut(s, "-"); ok {
		lo, err1 := strconv.Atoi(a)
		hi, err2 := strconv.Atoi(b)
		if err1 != nil || err2 != nil || lo < 0 || hi < lo || hi-lo >= claims.MaxSeeds*10 {
			return nil, fmt.Errorf("-seeds %q: want a range like 1-5", s)
		}
		var out []int
		for i := lo; i <= hi; i++ {
			out = append(out, i)
		}
		return out, nil
	}
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 0 {
			return nil, fmt.Errorf("-seeds %q: %q is not a seed", s, f)
		}
		out = append(out, n)
	}
	return out, nil
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "claims:", err)
	os.Exit(2)
}
