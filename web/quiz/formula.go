package quiz

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
)

// Formula is a named closed form that computes the answer of a parameterised
// numeric question from the parameters drawn for the attempt. The formulas
// call core/formula, the functions the engine itself trains with, so a quiz
// and the lesson's widgets can never disagree.
type Formula struct {
	Name   string   // the name lesson files use in `formula:`
	Params []string // parameter names, each needs a range in `params:`
	Doc    string   // one line for the authoring guide
	// Eval computes the answer from drawn values (every name in Params is set).
	Eval func(v map[string]float64) float64
	// Check refuses a parameter range for which Eval is undefined (optional).
	Check func(name string, r Range) error
}

func (f Formula) has(name string) bool {
	for _, p := range f.Params {
		if p == name {
			return true
		}
	}
	return false
}

var formulas = map[string]Formula{}

// RegisterFormula adds a formula; it panics on a duplicate name (a
// programming error).
func RegisterFormula(f Formula) {
	if _, dup := formulas[f.Name]; dup || f.Name == "" || f.Eval == nil {
		panic(fmt.Sprintf("quiz: bad or duplicate formula %q", f.Name))
	}
	formulas[f.Name] = f
}

// LookupFormula returns the formula registered under name.
func LookupFormula(name string) (Formula, bool) {
	f, ok := formulas[name]
	return f, ok
}

// FormulaNames lists the registered formula names, sorted.
func FormulaNames() []string {
	names := make([]string, 0, len(formulas))
	for n := range formulas {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Formulas lists every registered formula, sorted by name (for the
// authoring guide).
func Formulas() []Formula {
	out := make([]Formula, 0, len(formulas))
	for _, n := range FormulaNames() {
		out = append(out, formulas[n])
	}
	return out
}

// positive refuses ranges that reach zero or below.
func positive(names ...string) func(string, Range) error {
	return func(name string, r Range) error {
		for _, n := range names {
			if n == name && r.Min <= 0 {
				return fmt.Errorf("%s must stay above 0 (min is %g)", name, r.Min)
			}
		}
		return nil
	}
}

// Draw returns a copy of the parameterised question q for one attempt: its
// parameters drawn from their ranges with a source seeded by seed, the
// {name} placeholders in Prompt, Hint and Explain replaced by the drawn
// values ({answer} in Explain by the computed answer), and Answer set to the
// formula's value. Other questions are returned unchanged. The same seed
// always gives the same draw.
func Draw(q Question, seed uint64) (Question, map[string]float64) {
	f, ok := LookupFormula(q.Formula)
	if q.Type != Numeric || !ok {
		return q, nil
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	vals := make(map[string]float64, len(f.Params))
	for _, name := range f.Params { // fixed order: the draw depends only on seed
		r := q.Params[name]
		vals[name] = drawValue(rng, r)
	}
	ans := f.Eval(vals)
	q.Answer = NewAnswer(ans)
	repl := make([]string, 0, 2*len(vals)+2)
	for name, v := range vals {
		repl = append(repl, "{"+name+"}", FormatNumber(v))
	}
	r := strings.NewReplacer(repl...)
	q.Prompt = r.Replace(q.Prompt)
	q.Hint = r.Replace(q.Hint)
	q.Explain = strings.ReplaceAll(r.Replace(q.Explain), "{answer}", FormatNumber(round(ans, 4)))
	return q, vals
}

func drawValue(rng *rand.Rand, r Range) float64 {
	if r.Step <= 0 || r.Max <= r.Min {
		return r.Min
	}
	n := int(math.Floor((r.Max-r.Min)/r.Step + 1e-9))
	v := r.Min + float64(rng.IntN(n+1))*r.Step
	return round(v, decimals(r.Step)+decimals(r.Min))
}

// decimals is the number of decimal places needed to write x.
func decimals(x float64) int {
	s := strconv.FormatFloat(math.Abs(x), 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return min(len(s)-i-1, 12)
	}
	return 0
}

func round(x float64, places int) float64 {
	if math.Abs(x) >= 1e15 {
		return x
	}
	p := math.Pow(10, float64(places))
	return math.Round(x*p) / p
}

// FormatNumber writes x briefly: up to 4 decimals, no trailing zeros.
func FormatNumber(x float64) string {
	if x == 0 || math.Abs(round(x, 4)) == 0 {
		if x != 0 && math.Abs(x) < 1e-4 {
			return strconv.FormatFloat(x, 'g', 4, 64)
		}
		return "0" // never "-0"
	}
	if x != 0 && (math.Abs(x) < 1e-4 || math.Abs(x) >= 1e9) {
		return strconv.FormatFloat(x, 'g', 4, 64)
	}
	return strconv.FormatFloat(round(x, 4), 'f', -1, 64)
}
