package params

import (
	"strings"
	"testing"
)

func TestTypedParams(t *testing.T) {
	lr := NewFloat(Param{Name: "lr", Default: 0.001, Min: 1e-5, Max: 10})
	n := NewInt(Param{Name: "n", Default: 3, Min: 1, Max: 9})
	on := NewBool(Param{Name: "on", Default: true})
	ds := NewChoice(Param{Name: "ds", Default: "a", Choices: []string{"a", "b"}})
	name := NewText(Param{Name: "name", Default: "x"})
	tab := NewTable(lr, n, on, ds, name, Param{Name: "raw", Kind: Int, Default: 1, Max: 2})
	if len(tab) != 6 || tab[0].Kind != Float || tab[1].Kind != Int || tab[3].Kind != Choice || tab[4].Kind != String || tab[5].Name != "raw" {
		t.Fatalf("table %+v", tab)
	}
	v := tab.Defaults()
	if lr.Get(v) != 0.001 || n.Get(v) != 3 || !on.Get(v) || ds.Get(v) != "a" || name.Get(v) != "x" {
		t.Errorf("defaults read back as %v %v %v %q %q", lr.Get(v), n.Get(v), on.Get(v), ds.Get(v), name.Get(v))
	}
	if n.Get(Values{}) != 0 || lr.Get(Values{"lr": "oops"}) != 0 {
		t.Error("a missing or mistyped value must read as the zero value")
	}
}

// A declaration whose default does not fit its kind fails when the package
// loads, so every test that imports the widget fails.
func TestTypedParamsRefuseBadDeclarations(t *testing.T) {
	for name, declare := range map[string]func(){
		"int default for a float": func() { NewFloat(Param{Name: "x", Default: 1, Max: 2}) },
		"choice not offered":      func() { NewChoice(Param{Name: "x", Default: "c", Choices: []string{"a"}}) },
		"empty range":             func() { NewInt(Param{Name: "x", Default: 1, Min: 3, Max: 2}) },
		"string for a bool":       func() { NewBool(Param{Name: "x", Default: "yes"}) },
	} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(r.(string), "params: x") {
					t.Errorf("%s: panic %v", name, r)
				}
			}()
			declare()
		}()
	}
}
