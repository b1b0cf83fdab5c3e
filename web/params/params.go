// Package params is the one declarative table of widget parameters: each
// parameter's name, kind, default and range drive lesson validation, URL
// decoding and encoding alike, so a shared link reproduces a run exactly.
package params

import (
	"fmt"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// Kind says how a parameter's value is written and read.
type Kind uint8

// The kinds of parameter.
const (
	Int Kind = iota
	Float
	Bool
	Choice
	String
)

// Param describes one widget parameter.
type Param struct {
	Name    string   // key in lesson YAML and in URL queries, e.g. "beta"
	Kind    Kind     // how the value is parsed
	Default any      // int, float64, bool or string, matching Kind
	Min     float64  // inclusive lower bound for Int and Float
	Max     float64  // inclusive upper bound for Int and Float
	Choices []string // allowed values for Choice
	Doc     string   // one line for the authoring guide
	// Sets names the spec.Config field (its JSON name, e.g. "batch") this
	// parameter sets, if any: its range may be narrower than core's limit
	// for that field, never wider (web/widgets_test.go checks).
	Sets string
}

// Values holds decoded parameter values keyed by name. Read them through
// the parameter's typed handle (Of.Get), so a misspelt name cannot compile.
type Values map[string]any

// Note is a human-readable message about a value that was refused or clamped.
type Note struct {
	Param   string
	Message string
}

// Table is an ordered list of parameters for one widget.
type Table []Param

// Lookup returns the parameter called name.
func (t Table) Lookup(name string) (Param, bool) {
	for _, p := range t {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

// Defaults returns every parameter at its default value.
func (t Table) Defaults() Values {
	v := make(Values, len(t))
	for _, p := range t {
		v[p.Name] = p.Default
	}
	return v
}

// Parse converts the text s into a value of p's kind, clamping numbers into
// [Min, Max]. It returns the value, a note when the input was clamped, and an
// error when s cannot be read at all.
func (p Param) Parse(s string) (any, *Note, error) {
	s = strings.TrimSpace(s)
	switch p.Kind {
	case Int:
		n, err := strconv.Atoi(s)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %q is not a whole number", p.Name, s)
		}
		c := int(math.Max(p.Min, math.Min(p.Max, float64(n))))
		if c != n {
			return c, &Note{p.Name, fmt.Sprintf("%s=%d is out of range [%g, %g]; using %d", p.Name, n, p.Min, p.Max, c)}, nil
		}
		return n, nil, nil
	case Float:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, nil, fmt.Errorf("%s: %q is not a finite number", p.Name, s)
		}
		c := math.Max(p.Min, math.Min(p.Max, f))
		if c != f {
			return c, &Note{p.Name, fmt.Sprintf("%s=%g is out of range [%g, %g]; using %g", p.Name, f, p.Min, p.Max, c)}, nil
		}
		return f, nil, nil
	case Bool:
		switch strings.ToLower(s) {
		case "1", "true", "yes", "on":
			return true, nil, nil
		case "0", "false", "no", "off":
			return false, nil, nil
		}
		return nil, nil, fmt.Errorf("%s: %q is not true or false", p.Name, s)
	case Choice:
		for _, c := range p.Choices {
			if c == s {
				return s, nil, nil
			}
		}
		return nil, nil, fmt.Errorf("%s: %q is not one of %s", p.Name, s, strings.Join(p.Choices, ", "))
	default:
		if len(s) > 200 {
			return nil, nil, fmt.Errorf("%s: value longer than 200 characters", p.Name)
		}
		return s, nil, nil
	}
}

// Format writes a value of p's kind as text (the inverse of Parse).
func (p Param) Format(v any) string {
	switch x := v.(type) {
	case int:
		return strconv.Itoa(x)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		if x {
			return "1"
		}
		return "0"
	case string:
		return x
	}
	return fmt.Sprint(v)
}

// FromQuery decodes the parameters of t present in q over the defaults.
// Unknown keys are ignored; unreadable values fall back to the default and
// produce a Note; out-of-range numbers are clamped and produce a Note.
func (t Table) FromQuery(q url.Values) (Values, []Note) {
	v := t.Defaults()
	var notes []Note
	for _, p := range t {
		raw, ok := q[p.Name]
		if !ok || len(raw) == 0 {
			continue
		}
		val, note, err := p.Parse(raw[0])
		if err != nil {
			notes = append(notes, Note{p.Name, err.Error() + "; using the default"})
			continue
		}
		if note != nil {
			notes = append(notes, *note)
		}
		v[p.Name] = val
	}
	return v, notes
}

// ToQuery encodes the values that differ from their defaults, in table order.
func (t Table) ToQuery(v Values) url.Values { return t.Diff(nil, v) }

// Diff encodes the values of v that differ from base (a lesson's declared
// values; a parameter base lacks is compared with its default). A link built
// from Diff over what the lesson declares reproduces v exactly, including
// values equal to the widget's default where the lesson set another.
func (t Table) Diff(base, v Values) url.Values {
	q := url.Values{}
	for _, p := range t {
		val, ok := v[p.Name]
		if !ok {
			continue
		}
		ref, ok := base[p.Name]
		if !ok {
			ref = p.Default
		}
		if p.Format(val) == p.Format(ref) {
			continue
		}
		q.Set(p.Name, p.Format(val))
	}
	return q
}

// Encode writes every value of v (all parameters, in table order) as a query
// string; it is how a page reports a widget's current values.
func (t Table) Encode(v Values) string {
	parts := make([]string, 0, len(t))
	for _, p := range t {
		if val, ok := v[p.Name]; ok {
			parts = append(parts, url.QueryEscape(p.Name)+"="+url.QueryEscape(p.Format(val)))
		}
	}
	return strings.Join(parts, "&")
}

// Names lists the parameter names in sorted order.
func (t Table) Names() []string {
	names := make([]string, len(t))
	for i, p := range t {
		names[i] = p.Name
	}
	sort.Strings(names)
	return names
}
