// Package claims turns what a lesson promises about its widgets into checks.
//
// A lesson states a claim in a fenced ```claim``` block next to the prose
// that makes it. The block names a widget block of the same lesson by id, the
// setup to put it in (overrides from that widget's own parameter table — the
// same values a "Try this" button applies), how long to train, the seeds to
// run, and the outcomes the prose promises as expressions over what the
// widget measures:
//
//	```claim
//	id: beta-collapse
//	widget: beta
//	set: {latent: 8, beta: 4}
//	train: 1500
//	seeds: [1, 2, 3]
//	expect:
//	  - count(kl_dims, # < 0.05) >= 4
//	```
//
// This package parses and validates claim blocks (the lesson linter calls
// Parse and Check) and evaluates outcomes; package latentlab/web/claims/run
// runs them with the engine the page uses. The metrics a widget kind offers
// are declared once, in Kinds.
package claims

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"latentlab/web/lesson/build/yamlfields"
	"latentlab/web/params"
)

// Claim is one parsed claim block.
type Claim struct {
	File string // lesson file, e.g. "lessons/vae.md"
	Line int    // line of the ```claim fence

	ID     string            // unique within the lesson
	Widget string            // id of the widget block the claim is about
	Set    map[string]string // parameter overrides (the widget's own names), as text
	Train  int               // training steps (training widgets)
	Seeds  []int             // seeds the claim must hold on (nil: the widget's own seed); make test runs the first when it trains
	Vs     []Run             // comparison runs, measured the same way
	Then   *Phase            // a second phase continuing the same run
	Expect []Outcome         // what must hold on every seed
	// Pending says why the claim does not hold yet (a widget change it
	// waits for). A pending claim is reported, never counted as passing,
	// and fails once it holds, so that the mark is removed.
	Pending string
}

// Run is a comparison run: the claim's setup with further overrides.
type Run struct {
	Name string
	Set  map[string]string
}

// Phase continues a run after its first Train steps: Set changes parameters
// the widget applies live (without a reset), then Train more steps.
type Phase struct {
	Set   map[string]string
	Train int
}

// Outcome is one expected outcome: an expression over the measured values
// that must be true, with the line it was written on.
type Outcome struct {
	Expr string
	Line int
}

// Problem is a mistake in a claim block, at a file line.
type Problem struct {
	Line    int
	Message string
}

var (
	yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	idRE       = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	nameRE     = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)
)

// Limits that keep a claim affordable in make test.
const (
	MaxTrain = 20000
	MaxSeeds = 10
)

var fields = []string{"id", "widget", "set", "train", "seeds", "vs", "then", "expect", "pending"}

// Parse reads the YAML body of a claim block whose fence is on fenceLine of
// file. It checks the block's own shape; Check validates it against the
// lesson's widgets.
func Parse(file string, fenceLine int, body []byte) (*Claim, []Problem) {
	c := &Claim{File: file, Line: fenceLine}
	var probs []Problem
	bad := func(line int, format string, args ...any) {
		probs = append(probs, Problem{line, fmt.Sprintf(format, args...)})
	}
	first := fenceLine + 1
	at := func(n *yaml.Node) int { return first + n.Line - 1 }
	var doc yaml.Node
	if err := yaml.Unmarshal(body, &doc); err != nil {
		line, msg := fenceLine, err.Error()
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			line, msg = first+n-1, m[2]
		}
		bad(line, "claim: bad YAML: %s (quote a value that contains \": \" or starts with a special character)", msg)
		return c, probs
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		bad(fenceLine, "a claim block's body must be YAML fields: id, widget, expect, and optionally %s",
			strings.Join(fields[2:], ", "))
		return c, probs
	}
	root := doc.Content[0]
	dup := func(k *yaml.Node) { bad(at(k), "duplicate field %q", k.Value) }
	seen := yamlfields.Each(root, dup, func(k, v *yaml.Node) {
		switch k.Value {
		case "id", "widget", "pending":
			if v.Kind != yaml.ScalarNode || v.Value == "" {
				bad(at(v), "%s must be a single non-empty value", k.Value)
				return
			}
			switch k.Value {
			case "id":
				if !idRE.MatchString(v.Value) {
					bad(at(v), "claim id %q must be 1–64 letters, digits, '-' or '_'", v.Value)
				}
				c.ID = v.Value
			case "widget":
				c.Widget = v.Value
			default:
				c.Pending = v.Value
			}
		case "set":
			c.Set = overrides(v, at, bad, "set")
		case "train":
			c.Train = steps(v, at, bad, "train")
		case "seeds":
			c.Seeds = seeds(v, at, bad)
		case "vs":
			c.Vs = runs(v, at, bad)
		case "then":
			c.Then = phase(v, at, bad)
		case "expect":
			c.Expect = outcomes(v, at, bad)
		default:
			bad(at(k), "unknown field %q in a claim (fields: %s)", k.Value, strings.Join(fields, ", "))
		}
	})
	for _, f := range []string{"id", "widget", "expect"} {
		if !seen[f] {
			bad(fenceLine, "a claim needs %s:", f)
		}
	}
	return c, probs
}

type badFunc func(line int, format string, args ...any)

// overrides reads a mapping of parameter names to scalar values.
func overrides(v *yaml.Node, at func(*yaml.Node) int, bad badFunc, field string) map[string]string {
	if v.Kind != yaml.MappingNode {
		bad(at(v), "%s must map parameter names to values, e.g. %s: {beta: 4, latent: 8}", field, field)
		return nil
	}
	m := map[string]string{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, x := v.Content[i], v.Content[i+1]
		if x.Kind != yaml.ScalarNode {
			bad(at(x), "%s.%s must be a single value", field, k.Value)
			continue
		}
		if _, dup := m[k.Value]; dup {
			bad(at(k), "%s: duplicate parameter %q", field, k.Value)
		}
		m[k.Value] = x.Value
	}
	return m
}

func steps(v *yaml.Node, at func(*yaml.Node) int, bad badFunc, field string) int {
	n, err := strconv.Atoi(v.Value)
	if v.Kind != yaml.ScalarNode || err != nil || n < 1 || n > MaxTrain {
		bad(at(v), "%s must be a whole number of steps from 1 to %d", field, MaxTrain)
		return 0
	}
	return n
}

func seeds(v *yaml.Node, at func(*yaml.Node) int, bad badFunc) []int {
	if v.Kind != yaml.SequenceNode || len(v.Content) == 0 || len(v.Content) > MaxSeeds {
		bad(at(v), "seeds must be a list of 1 to %d whole numbers, e.g. seeds: [1, 2, 3]", MaxSeeds)
		return nil
	}
	var out []int
	for _, x := range v.Content {
		n, err := strconv.Atoi(x.Value)
		if x.Kind != yaml.ScalarNode || err != nil || n < 0 {
			bad(at(x), "seed %q is not a whole number ≥ 0", x.Value)
			continue
		}
		out = append(out, n)
	}
	return out
}

func runs(v *yaml.Node, at func(*yaml.Node) int, bad badFunc) []Run {
	if v.Kind != yaml.MappingNode || len(v.Content) == 0 {
		bad(at(v), "vs must name comparison runs, e.g. vs: {small: {latent: 2}}")
		return nil
	}
	var out []Run
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, x := v.Content[i], v.Content[i+1]
		if !nameRE.MatchString(k.Value) {
			bad(at(k), "run name %q must be lower-case letters, digits or _ (it is used as vs.%s.metric)", k.Value, k.Value)
			continue
		}
		out = append(out, Run{Name: k.Value, Set: overrides(x, at, bad, "vs."+k.Value)})
	}
	return out
}

func phase(v *yaml.Node, at func(*yaml.Node) int, bad badFunc) *Phase {
	if v.Kind != yaml.MappingNode {
		bad(at(v), "then must have set: and train:, e.g. then: {set: {beta: 1}, train: 500}")
		return nil
	}
	p := &Phase{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, x := v.Content[i], v.Content[i+1]
		switch k.Value {
		case "set":
			p.Set = overrides(x, at, bad, "then.set")
		case "train":
			p.Train = steps(x, at, bad, "then.train")
		default:
			bad(at(k), "unknown field %q in then (set, train)", k.Value)
		}
	}
	if p.Train == 0 {
		bad(at(v), "then needs train: (steps after the change)")
	}
	return p
}

func outcomes(v *yaml.Node, at func(*yaml.Node) int, bad badFunc) []Outcome {
	if v.Kind == yaml.ScalarNode && v.Value != "" {
		return []Outcome{{v.Value, at(v)}}
	}
	if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
		bad(at(v), "expect must be an outcome or a list of outcomes, e.g. expect: [kl < 5]")
		return nil
	}
	var out []Outcome
	for _, x := range v.Content {
		if x.Kind != yaml.ScalarNode || strings.TrimSpace(x.Value) == "" {
			bad(at(x), "an outcome must be one expression on one line, e.g. - nelbo < 170")
			continue
		}
		out = append(out, Outcome{strings.TrimSpace(x.Value), at(x)})
	}
	return out
}

// Block is what Check needs to know about a widget block of the lesson.
type Block struct {
	Kind   string            // registered widget name, e.g. "vae-trainer"
	Line   int               // line of its fence
	Params map[string]string // values written in the lesson
	Table  params.Table      // the widget's parameter table
}

// Check validates c against the lesson's widget blocks (by id): the widget
// exists and has an experiment, every override is a parameter of its table
// with a valid value (live changes only for parameters the widget applies
// without a reset), training steps and seeds fit the kind, and every
// outcome compiles against the metrics the kind measures.
func Check(c *Claim, blocks map[string]Block) []Problem {
	var probs []Problem
	bad := func(line int, format string, args ...any) {
		probs = append(probs, Problem{line, fmt.Sprintf(format, args...)})
	}
	if c.Widget == "" {
		return nil // Parse reported it
	}
	b, ok := blocks[c.Widget]
	if !ok {
		ids := make([]string, 0, len(blocks))
		for id := range blocks {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		bad(c.Line, "claim %s: no widget block with id %q in this lesson (widget ids: %s)", c.ID, c.Widget, strings.Join(ids, ", "))
		return probs
	}
	k, ok := Kinds[b.Kind]
	if !ok {
		bad(c.Line, "claim %s: widget %s (%s) has no claim experiment (kinds with one: %s)", c.ID, c.Widget, b.Kind, strings.Join(KindNames(), ", "))
		return probs
	}
	checkSet := func(what string, set map[string]string, live bool) {
		for _, name := range sortedKeys(set) {
			p, ok := b.Table.Lookup(name)
			if !ok {
				bad(c.Line, "claim %s: %s: unknown parameter %q for widget %s (parameters: %s)", c.ID, what, name, b.Kind, strings.Join(b.Table.Names(), ", "))
				continue
			}
			if _, note, err := p.Parse(set[name]); err != nil {
				bad(c.Line, "claim %s: %s: %v", c.ID, what, err)
			} else if note != nil {
				bad(c.Line, "claim %s: %s: %s=%s is out of range [%g, %g]", c.ID, what, name, set[name], p.Min, p.Max)
			}
			if live && !k.livable(name) {
				bad(c.Line, "claim %s: %s: %s does not change live in %s (it resets the model); live: %s", c.ID, what, name, b.Kind, strings.Join(k.Live, ", "))
			}
		}
	}
	checkSet("set", c.Set, false)
	for _, r := range c.Vs {
		checkSet("vs."+r.Name, r.Set, false)
	}
	if c.Then != nil {
		checkSet("then.set", c.Then.Set, true)
	}
	switch {
	case k.Trains && c.Train == 0:
		bad(c.Line, "claim %s: %s trains: say how many steps with train: N", c.ID, b.Kind)
	case !k.Trains && (c.Train > 0 || c.Then != nil):
		bad(c.Line, "claim %s: %s does not train: train: and then: do not apply", c.ID, b.Kind)
	}
	if len(c.Seeds) > 0 {
		if _, ok := b.Table.Lookup("seed"); !ok {
			bad(c.Line, "claim %s: widget %s has no seed parameter: leave seeds: out", c.ID, b.Kind)
		}
	}
	env := Env(k, c)
	for _, o := range c.Expect {
		if _, err := compile(o.Expr, env); err != nil {
			bad(o.Line, "claim %s: bad outcome %q: %v", c.ID, o.Expr, err)
		}
	}
	return probs
}

func sortedKeys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Values returns the parameter values of one run of c on widget block b:
// the table's defaults, then the lesson's values, then set, then extra, then
// the seed (when seed ≥ 0 and the widget has one). Check has validated them.
func Values(b Block, c *Claim, extra map[string]string, seed int) (params.Values, error) {
	v := b.Table.Defaults()
	for _, layer := range []map[string]string{b.Params, c.Set, extra} {
		for _, name := range sortedKeys(layer) {
			p, ok := b.Table.Lookup(name)
			if !ok {
				return nil, fmt.Errorf("unknown parameter %q", name)
			}
			x, _, err := p.Parse(layer[name])
			if err != nil {
				return nil, err
			}
			v[name] = x
		}
	}
	if _, ok := b.Table.Lookup("seed"); ok && seed >= 0 {
		v["seed"] = seed
	}
	return v, nil
}
