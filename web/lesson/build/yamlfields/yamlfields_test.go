package yamlfields

import (
	"fmt"
	"reflect"
	"testing"

	"go.yaml.in/yaml/v3"
)

// A repeated key is reported at its own line and its value skipped; the
// other fields arrive in order.
func TestEachRefusesRepeatedKeys(t *testing.T) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte("id: a\nwidget: vae\nid: b\nset: {beta: 1}\n"), &doc); err != nil {
		t.Fatal(err)
	}
	var fields, dups []string
	seen := Each(doc.Content[0],
		func(k *yaml.Node) {
			dups = append(dups, fmt.Sprintf("lesson.md:%d: duplicate field %q", 10+k.Line, k.Value))
		},
		func(k, v *yaml.Node) { fields = append(fields, k.Value+"="+v.Value) })
	if want := []string{"id=a", "widget=vae", "set="}; !reflect.DeepEqual(fields, want) {
		t.Errorf("fields %q, want %q", fields, want)
	}
	if want := []string{`lesson.md:13: duplicate field "id"`}; !reflect.DeepEqual(dups, want) {
		t.Errorf("duplicates %q, want %q", dups, want)
	}
	if !seen["id"] || !seen["set"] || seen["label"] || len(seen) != 3 {
		t.Errorf("seen %v", seen)
	}
}
