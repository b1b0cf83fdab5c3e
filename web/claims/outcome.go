package claims

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"
)

// Outcomes are expressions in the expr language (github.com/expr-lang/expr):
// arithmetic, comparisons, and, or, not, list indexing and slicing
// (train_kl[0:100], train_kl[-50:]), built-ins such as min, max, sum, mean,
// median, abs and len, and two of ours that need no predicate (expr's # would
// start a YAML comment): below(list, x) and above(list, x) count the
// elements under or over x, e.g. below(kl_dims, 0.05) >= 4.

// helpers are below and above as plain functions (for expr.Eval in Show).
var helpers = map[string]any{
	"below": func(list []float64, x float64) int {
		n, _ := countWhere([]any{list, x}, func(v, x float64) bool { return v < x })
		return n.(int)
	},
	"above": func(list []float64, x float64) int {
		n, _ := countWhere([]any{list, x}, func(v, x float64) bool { return v > x })
		return n.(int)
	},
}

// functions are the helpers outcomes may call besides expr's built-ins.
var functions = []expr.Option{
	expr.Function("below", func(a ...any) (any, error) { return countWhere(a, func(v, x float64) bool { return v < x }) },
		new(func([]float64, float64) int)),
	expr.Function("above", func(a ...any) (any, error) { return countWhere(a, func(v, x float64) bool { return v > x }) },
		new(func([]float64, float64) int)),
}

// countWhere counts the elements v of a[0] with keep(v, a[1]).
func countWhere(a []any, keep func(v, x float64) bool) (any, error) {
	list, ok := a[0].([]float64)
	if !ok {
		return nil, fmt.Errorf("want a list of numbers, got %T", a[0])
	}
	x, ok := toFloat(a[1])
	if !ok {
		return nil, fmt.Errorf("want a number, got %T", a[1])
	}
	n := 0
	for _, v := range list {
		if keep(v, x) {
			n++
		}
	}
	return n, nil
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	}
	return 0, false
}

// compile checks that expression s is a true/false outcome over env's names:
// it parses, names only metrics of env (vs.NAME.metric and then.metric
// included), and type-checks as a boolean.
func compile(s string, env map[string]any) (*vm.Program, error) {
	tree, err := parser.Parse(s)
	if err != nil {
		return nil, shortErr(err)
	}
	for _, r := range refs(tree.Node) {
		if r == "below" || r == "above" {
			continue
		}
		if !known(r, env) {
			return nil, fmt.Errorf("unknown value %s (measured: %s)", r, strings.Join(names(env), ", "))
		}
	}
	opts := append([]expr.Option{expr.Env(env), expr.AsBool()}, functions...)
	p, err := expr.Compile(s, opts...)
	if err != nil {
		return nil, shortErr(err)
	}
	return p, nil
}

// shortErr keeps the first line of expr's error (the rest draws a caret
// under the expression, which a file:line message cannot show).
func shortErr(err error) error {
	msg, _, _ := strings.Cut(err.Error(), "\n")
	return fmt.Errorf("%s", msg)
}

// Eval evaluates outcome s on env: whether it holds.
func Eval(s string, env map[string]any) (bool, error) {
	p, err := compile(s, env)
	if err != nil {
		return false, err
	}
	out, err := expr.Run(p, env)
	if err != nil {
		return false, shortErr(err)
	}
	ok, _ := out.(bool)
	return ok, nil
}

// refs lists the measured values an expression names, as dotted paths
// ("kl", "vs.small.nelbo", "then.kl"), in order of first use.
func refs(n ast.Node) []string {
	v := &refVisitor{seen: map[string]bool{}}
	ast.Walk(&n, v)
	return v.out
}

type refVisitor struct {
	out  []string
	seen map[string]bool
}

// Visit records the dotted path of an identifier or member chain. ast.Walk
// visits children first, so a chain a.b.c is recorded as a, a.b and a.b.c;
// Refs keeps the longest.
func (v *refVisitor) Visit(n *ast.Node) {
	path := chain(*n)
	if path != "" && !v.seen[path] {
		v.seen[path] = true
		v.out = append(v.out, path)
	}
}

// chain returns the dotted path of an identifier or of a chain of property
// accesses on one (a.b.c); "" otherwise.
func chain(n ast.Node) string {
	switch x := n.(type) {
	case *ast.IdentifierNode:
		return x.Value
	case *ast.MemberNode:
		s, ok := x.Property.(*ast.StringNode)
		if !ok {
			return ""
		}
		if base := chain(x.Node); base != "" {
			return base + "." + s.Value
		}
	}
	return ""
}

// known reports whether the dotted path names a value of env.
func known(path string, env map[string]any) bool {
	var cur any = env
	for _, p := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return false
		}
		if cur, ok = m[p]; !ok {
			return false
		}
	}
	return true
}

// lookup returns the value at a dotted path of env.
func lookup(path string, env map[string]any) any {
	var cur any = env
	for _, p := range strings.Split(path, ".") {
		m, _ := cur.(map[string]any)
		cur = m[p]
	}
	return cur
}

// names lists env's value paths (one level into vs and then), sorted.
func names(env map[string]any) []string {
	var out []string
	for k, v := range env {
		if _, ok := v.(map[string]any); ok {
			out = append(out, k+".…")
			continue
		}
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Refs lists the measured values outcome s names (dotted paths), or nil if
// it does not parse.
func Refs(s string) []string {
	tree, err := parser.Parse(s)
	if err != nil {
		return nil
	}
	// A metric used as a member chain also shows up as its leading
	// identifier (ast.Walk visits it first); keep only the longest paths.
	all := refs(tree.Node)
	var out []string
	for _, r := range all {
		prefix := false
		for _, o := range all {
			if o != r && strings.HasPrefix(o, r+".") {
				prefix = true
			}
		}
		if !prefix {
			out = append(out, r)
		}
	}
	return out
}

// Show formats the values an outcome is made of: each function call on
// measured values with its result (mean(train_kl[-50:]) = 4.7), and each
// measured value used outside a call (kl = 3.2, vs.b1.kl = 9.8).
func Show(s string, env map[string]any) string {
	tree, err := parser.Parse(s)
	if err != nil {
		return ""
	}
	v := &showVisitor{env: env, seen: map[string]bool{}}
	v.visit(tree.Node)
	return strings.Join(v.parts, ", ")
}

type showVisitor struct {
	env   map[string]any
	seen  map[string]bool
	parts []string
}

// visit walks n top-down: a call is shown whole (its arguments are not
// listed again); a value path is shown with its value.
func (v *showVisitor) visit(n ast.Node) {
	switch x := n.(type) {
	case *ast.BuiltinNode, *ast.CallNode, *ast.SliceNode:
		src := n.String()
		if v.seen[src] {
			return
		}
		v.seen[src] = true
		out, err := expr.Eval(src, withFunctions(v.env))
		if err != nil {
			v.parts = append(v.parts, src+" = ?")
			return
		}
		v.parts = append(v.parts, src+" = "+Format(toFloatAny(out)))
		// The short values it was computed from (a few KL bars, not a history).
		for _, r := range Refs(src) {
			if l, long := lookup(r, v.env).([]float64); r == "below" || r == "above" || v.seen[r] || long && len(l) > 16 {
				continue
			}
			v.seen[r] = true
			v.parts = append(v.parts, r+" = "+Format(lookup(r, v.env)))
		}
		return
	case *ast.IdentifierNode, *ast.MemberNode:
		if path := chain(n); path != "" {
			if !v.seen[path] {
				v.seen[path] = true
				v.parts = append(v.parts, path+" = "+Format(lookup(path, v.env)))
			}
			return
		}
		if src := n.String(); !v.seen[src] { // an index: kl_dims[0]
			v.seen[src] = true
			if out, err := expr.Eval(src, v.env); err == nil {
				v.parts = append(v.parts, src+" = "+Format(toFloatAny(out)))
			}
		}
	case *ast.BinaryNode:
		v.visit(x.Left)
		v.visit(x.Right)
	case *ast.UnaryNode:
		v.visit(x.Node)
	case *ast.ConditionalNode:
		v.visit(x.Cond)
		v.visit(x.Exp1)
		v.visit(x.Exp2)
	}
}

// withFunctions adds our helpers to env for expr.Eval.
func withFunctions(env map[string]any) map[string]any {
	e := make(map[string]any, len(env)+2)
	for k, x := range env {
		e[k] = x
	}
	for name, f := range helpers {
		e[name] = f
	}
	return e
}

// toFloatAny turns an int result into a float64 for Format.
func toFloatAny(v any) any {
	if i, ok := v.(int); ok {
		return float64(i)
	}
	return v
}

// Format writes a measured value compactly: 4 significant digits, lists in
// brackets (long lists summarised by length, first, min, max and last).
func Format(v any) string {
	switch x := v.(type) {
	case float64:
		return num(x)
	case bool:
		return strconv.FormatBool(x)
	case []float64:
		if len(x) > 16 {
			lo, hi := math.Inf(1), math.Inf(-1)
			for _, y := range x {
				lo, hi = math.Min(lo, y), math.Max(hi, y)
			}
			return fmt.Sprintf("[%d values: first %s, min %s, max %s, last %s]", len(x), num(x[0]), num(lo), num(hi), num(x[len(x)-1]))
		}
		ps := make([]string, len(x))
		for i, y := range x {
			ps[i] = num(y)
		}
		return "[" + strings.Join(ps, ", ") + "]"
	}
	return fmt.Sprint(v)
}

func num(x float64) string { return strconv.FormatFloat(x, 'g', 4, 64) }
