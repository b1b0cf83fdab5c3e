// Package run runs lesson claims (package latentlab/web/claims) with the
// engine the page uses: training widgets through the engine worker's request
// handler in process (wasm/worker, the code engine.wasm runs in the page's
// Web Worker), fed the requests the widget sends for the claim's
// parameters; the other widgets through the core packages they call.
//
// The mapping from a widget's parameters to engine requests is one small
// function per widget kind (vaeTrainerConfig, …); each names the widget
// function it mirrors, and a test compares it with the widget's parameter
// table.
package run

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"latentlab/wasm/protocol"
	"latentlab/wasm/worker"
	"latentlab/web/claims"
	"latentlab/web/lesson/build"
	"latentlab/web/params"
)

// Live is a then: phase with its values parsed by the widget's table.
type Live struct {
	Set   params.Values
	Train int
}

// experiment reproduces one widget kind: it measures one run with parameter
// values v (training train steps, then the then phase when given).
type experiment func(x *Runner, v params.Values, train int, then *Live) (main, after claims.Measured, err error)

// experiments are the widget kinds the runner can reproduce today. Kinds
// declared in claims.Kinds without one are reported as not runnable; their
// claims must be marked pending.
var experiments = map[string]experiment{
	"vae-trainer":       vaeTrainer,
	"latent-explorer":   latentExplorer,
	"posterior-view":    posteriorView,
	"estimator-lab":     estimatorLab,
	"penalty-by-hand":   penaltyByHand,
	"contraction-lab":   contractionLab,
	"sensitivity-meter": sensitivityMeter,
}

// Runnable reports whether claims about widget kind can run today.
func Runnable(kind string) bool { _, ok := experiments[kind]; return ok }

// Runner runs claims. Dist is the built site's web folder (dist/web: the
// MNIST subset and the pretrained models the page fetches).
type Runner struct {
	Dist string
	// Parallel is how many runs train at once (default 2: the cores of the
	// machine make test runs on).
	Parallel int
	// TrainSeeds, when > 0, runs a claim that trains (train: N) on at most
	// its first TrainSeeds seeds: make test's budget. Claims that do not
	// train cost little and keep all their seeds; 0 runs every seed.
	TrainSeeds int

	once  sync.Once
	sem   chan struct{}
	memos sync.Map // run key → *memo: claims that share a run (same widget, values, steps) train it once
}

// memo is one run's measurements, computed once.
type memo struct {
	once        sync.Once
	main, after claims.Measured
	err         error
}

// cached returns the measurements of the run named key, running f the
// first time (runs are deterministic, so a second claim on the same
// settings reads the first one's numbers).
func (x *Runner) cached(key string, f func() (claims.Measured, claims.Measured, error)) (claims.Measured, claims.Measured, error) {
	m, _ := x.memos.LoadOrStore(key, &memo{})
	e := m.(*memo)
	e.once.Do(func() { e.main, e.after, e.err = f() })
	return e.main, e.after, e.err
}

// runKey names a run: the widget kind, its parameter values (fmt prints a
// map's keys sorted), the steps and the live phase.
func runKey(kind string, v params.Values, train int, then *Live) string {
	k := fmt.Sprintf("%s|%v|%d", kind, v, train)
	if then != nil {
		k += fmt.Sprintf("|then %v %d", then.Set, then.Train)
	}
	return k
}

// slot waits for a free core and returns its release.
func (x *Runner) slot() func() {
	x.once.Do(func() {
		n := x.Parallel
		if n <= 0 {
			n = 2
		}
		x.sem = make(chan struct{}, n)
	})
	x.sem <- struct{}{}
	return func() { <-x.sem }
}

// fetch reads a file the worker asks for (a path under /web/) from Dist.
func (x *Runner) fetch(path string) ([]byte, error) {
	rel, ok := strings.CutPrefix(path, "/web/")
	if !ok {
		return nil, fmt.Errorf("fetch %s: not under /web/", path)
	}
	b, err := os.ReadFile(filepath.Join(x.Dist, filepath.FromSlash(rel)))
	if err != nil {
		return nil, fmt.Errorf("%w (build the site's data and models first: make data models)", err)
	}
	return b, nil
}

// handler is the worker's request handler (what engine.wasm runs).
type handler interface {
	Handle(m protocol.Message, f []float32) (protocol.Message, []float32)
}

// worker returns a fresh engine worker that fetches from Dist.
func (x *Runner) worker() handler { return worker.New(worker.Engine{}, x.fetch) }

// request sends one request to slot and returns the reply, or its error.
func request(w handler, slot, typ string, body any, f []float32) (protocol.Message, error) {
	r, _, err := requestF(w, slot, typ, body, f)
	return r, err
}

// requestF is request that also returns the reply's float payload.
func requestF(w handler, slot, typ string, body any, f []float32) (protocol.Message, []float32, error) {
	m := protocol.MustNew(typ, body)
	m.Slot = slot
	r, out := w.Handle(m, f)
	if err := r.Err(); err != nil {
		return r, nil, err
	}
	return r, out, nil
}

// Seeded is one seed's measurements of a claim: the values every outcome
// was evaluated on, and which outcomes failed.
type Seeded struct {
	Seed   int // −1 when the widget has no seed
	Env    map[string]any
	Failed []claims.Outcome
	Err    error
}

// Result is a claim run on its seeds.
type Result struct {
	Claim    *claims.Claim
	Runnable bool
	Seeds    []Seeded
	Elapsed  time.Duration // from the claim's start to its last seed's end, waits included
	// Work is the training time the claim's own runs took (runs another
	// claim had already made are free): what the claim costs make test.
	Work time.Duration
}

// Holds reports whether every outcome held on every seed.
func (r Result) Holds() bool {
	if !r.Runnable || len(r.Seeds) == 0 {
		return false
	}
	for _, s := range r.Seeds {
		if s.Err != nil || len(s.Failed) > 0 {
			return false
		}
	}
	return true
}

// Problem returns what is wrong with the result for make test ("" if
// nothing): a claim that fails, or a pending claim that now holds.
func (r Result) Problem() string {
	c := r.Claim
	where := build.ClaimString(c)
	switch {
	case c.Pending != "" && r.Holds():
		return fmt.Sprintf("%s is marked pending (%s) but now holds on seeds %s: remove pending:", where, c.Pending, seedList(r))
	case c.Pending != "":
		return ""
	case !r.Runnable:
		return fmt.Sprintf("%s: the runner cannot reproduce this widget yet; mark the claim pending: with the reason", where)
	}
	var lines []string
	for _, s := range r.Seeds {
		if s.Err != nil {
			lines = append(lines, fmt.Sprintf("%s (seed %d): %v", where, s.Seed, s.Err))
			continue
		}
		for _, o := range s.Failed {
			lines = append(lines, fmt.Sprintf("%s:%d: claim %s (seed %d): %s does not hold: measured %s",
				c.File, o.Line, c.ID, s.Seed, o.Expr, claims.Show(o.Expr, s.Env)))
		}
	}
	return strings.Join(lines, "\n")
}

func seedList(r Result) string {
	var ss []string
	for _, s := range r.Seeds {
		ss = append(ss, fmt.Sprint(s.Seed))
	}
	return "[" + strings.Join(ss, ", ") + "]"
}

// Job is one claim of one lesson.
type Job struct {
	Claim  *claims.Claim
	Widget claims.Block
}

// Jobs lists the claims of the lessons in dir, in file and line order. It
// refuses lessons with lint problems (run lessonc -lint for the full list).
func Jobs(dir string, match func(*claims.Claim) bool) ([]Job, error) {
	ls, probs, err := build.Claims(dir)
	if err != nil {
		return nil, err
	}
	if len(probs) > 0 {
		var ss []string
		for _, p := range probs {
			ss = append(ss, p.String())
		}
		return nil, fmt.Errorf("the lessons have problems:\n%s", strings.Join(ss, "\n"))
	}
	var jobs []Job
	for _, l := range ls {
		for _, c := range l.Claims {
			if match == nil || match(c) {
				jobs = append(jobs, Job{Claim: c, Widget: l.Widgets[c.Widget]})
			}
		}
	}
	return jobs, nil
}

// Run runs job on the given seeds (nil: the claim's own seeds, at most
// TrainSeeds of them when it trains, or the widget's seed).
func (x *Runner) Run(job Job, seeds []int) Result {
	t0 := time.Now()
	c := job.Claim
	res := Result{Claim: c, Runnable: Runnable(job.Widget.Kind)}
	if !res.Runnable {
		return res
	}
	if _, seeded := job.Widget.Table.Lookup("seed"); !seeded {
		seeds = []int{-1}
	} else if seeds == nil {
		seeds = c.Seeds
		if seeds == nil {
			v, _ := claims.Values(job.Widget, c, nil, -1)
			seeds = []int{seedOf(v)}
		}
		if c.Train > 0 && x.TrainSeeds > 0 && len(seeds) > x.TrainSeeds {
			seeds = seeds[:x.TrainSeeds]
		}
	}
	res.Seeds = make([]Seeded, len(seeds))
	var work atomic.Int64
	var wg sync.WaitGroup
	for i, seed := range seeds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res.Seeds[i] = x.runSeed(job, seed, &work)
		}()
	}
	wg.Wait()
	res.Elapsed = time.Since(t0)
	res.Work = time.Duration(work.Load())
	return res
}

// runSeed measures the claim's runs on one seed and evaluates its outcomes;
// work adds up the time its runs trained.
func (x *Runner) runSeed(job Job, seed int, work *atomic.Int64) Seeded {
	c, b := job.Claim, job.Widget
	out := Seeded{Seed: seed}
	exp := experiments[b.Kind]
	kind := claims.Kinds[b.Kind]
	measure := func(extra map[string]string, then *Live) (claims.Measured, claims.Measured, error) {
		v, err := claims.Values(b, c, extra, seed)
		if err != nil {
			return nil, nil, err
		}
		return x.cached(runKey(b.Kind, v, c.Train, then), func() (claims.Measured, claims.Measured, error) {
			defer x.slot()()
			t0 := time.Now()
			defer func() { work.Add(int64(time.Since(t0))) }()
			return exp(x, v, c.Train, then)
		})
	}
	var then *Live
	if c.Then != nil {
		then = &Live{Set: params.Values{}, Train: c.Then.Train}
		for name, text := range c.Then.Set {
			p, _ := b.Table.Lookup(name)
			val, _, err := p.Parse(text)
			if err != nil {
				out.Err = err
				return out
			}
			then.Set[name] = val
		}
	}
	// The main run and the comparison runs are independent: run them side
	// by side (x.slot bounds how many train at once).
	names := []string{""}
	for _, r := range c.Vs {
		names = append(names, r.Name)
	}
	got := make([][2]claims.Measured, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i := range names {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if i == 0 {
				got[i][0], got[i][1], errs[i] = measure(nil, then)
			} else {
				got[i][0], _, errs[i] = measure(c.Vs[i-1].Set, nil)
			}
		}(i)
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			if i > 0 {
				err = fmt.Errorf("vs.%s: %w", names[i], err)
			}
			out.Err = err
			return out
		}
	}
	vs := map[string]claims.Measured{}
	for i, n := range names[1:] {
		vs[n] = got[i+1][0]
	}
	out.Env = claims.EnvOf(kind, c, got[0][0], vs, got[0][1])
	for _, o := range c.Expect {
		ok, err := claims.Eval(o.Expr, out.Env)
		if err != nil {
			out.Err = fmt.Errorf("outcome %q: %w", o.Expr, err)
			return out
		}
		if !ok {
			out.Failed = append(out.Failed, o)
		}
	}
	return out
}
