package build

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// pathLine finds the YAML line of a path such as "questions[2].choices[1]"
// in the tree under root (a document or mapping node). When part of the
// path does not exist (a missing field) it returns the line of the deepest
// node found, so the message still points at the right question.
func pathLine(root *yaml.Node, path string) int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	for _, part := range splitPath(path) {
		var next *yaml.Node
		if idx, err := strconv.Atoi(part); err == nil {
			if n.Kind == yaml.SequenceNode && idx >= 0 && idx < len(n.Content) {
				next = n.Content[idx]
			}
		} else if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == part {
					next = n.Content[i+1]
					// A scalar sits on its key's line; a block value may start
					// on the next line, but the key's line reads best.
					line = n.Content[i].Line
					break
				}
			}
			if next != nil {
				n = next
				if next.Kind != yaml.ScalarNode && next.Kind != yaml.AliasNode {
					// keep the key's line for containers
					continue
				}
				line = next.Line
				continue
			}
		}
		if next == nil {
			return line
		}
		n = next
		line = n.Line
	}
	return line
}

// splitPath cuts "a[1].b" into "a", "1", "b".
func splitPath(p string) []string {
	p = strings.NewReplacer("[", ".", "]", "").Replace(p)
	var out []string
	for _, s := range strings.Split(p, ".") {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
