package params

import "fmt"

// Of is a typed handle on one parameter of a table. A widget keeps its
// parameters as package variables of this type and reads them with Get, so
// a misspelt parameter is a compile error and a value of the wrong type
// cannot be read; the constructors (NewInt, NewFloat, NewBool, NewChoice,
// NewText) check the declaration itself when the package loads, so a bad
// default fails every test that imports the widget.
type Of[T int | float64 | bool | string] struct {
	Param
}

// Get returns p's value in v (the zero value when absent).
func (p Of[T]) Get(v Values) T {
	x, _ := v[p.Name].(T)
	return x
}

// NewInt declares an integer parameter.
func NewInt(p Param) Of[int] { return typed[int](p, Int) }

// NewFloat declares a real-valued parameter.
func NewFloat(p Param) Of[float64] { return typed[float64](p, Float) }

// NewBool declares an on/off parameter.
func NewBool(p Param) Of[bool] { return typed[bool](p, Bool) }

// NewChoice declares a parameter that takes one of p.Choices.
func NewChoice(p Param) Of[string] {
	c := typed[string](p, Choice)
	if _, _, err := c.Parse(c.Default.(string)); err != nil {
		panic(fmt.Sprintf("params: %s: default %q is not a choice", p.Name, c.Default))
	}
	return c
}

// NewText declares a free-text parameter.
func NewText(p Param) Of[string] { return typed[string](p, String) }

func typed[T int | float64 | bool | string](p Param, k Kind) Of[T] {
	p.Kind = k
	if _, ok := p.Default.(T); !ok {
		panic(fmt.Sprintf("params: %s: default %v (%T) is not a %T", p.Name, p.Default, p.Default, *new(T)))
	}
	if (k == Int || k == Float) && !(p.Min <= p.Max) {
		panic(fmt.Sprintf("params: %s: range [%g, %g] is empty", p.Name, p.Min, p.Max))
	}
	return Of[T]{p}
}

// Declared is anything that declares a parameter: a Param or a typed Of.
type Declared interface{ Declaration() Param }

// Declaration returns p itself.
func (p Param) Declaration() Param { return p }

// NewTable makes a table of the declared parameters, in order.
func NewTable(ps ...Declared) Table {
	t := make(Table, len(ps))
	for i, p := range ps {
		t[i] = p.Declaration()
	}
	return t
}
