// Package yamlfields walks the fields of a YAML mapping the way the lesson
// blocks (widget, try, claim) read them: in the order written, each key
// once. The YAML decoder accepts a repeated key in a node tree, and the
// second value would silently win, so a repeated key is reported at its
// own line and its value skipped.
package yamlfields

import "go.yaml.in/yaml/v3"

// Each calls field for the key and value nodes of every field of the
// mapping node m, in order, and dup for the key node of a field whose key
// came before (field is not called for it). It returns the keys seen, for
// the caller's checks of required fields.
func Each(m *yaml.Node, dup func(k *yaml.Node), field func(k, v *yaml.Node)) map[string]bool {
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if seen[k.Value] {
			dup(k)
			continue
		}
		seen[k.Value] = true
		field(k, v)
	}
	return seen
}
