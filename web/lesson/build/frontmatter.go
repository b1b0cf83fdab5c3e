package build

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"latentlab/web/lesson"
)

// slugRE is what a slug may look like: it becomes a URL path segment.
var slugRE = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// frontMatterFields lists the front-matter keys, all required.
var frontMatterFields = []string{"title", "slug", "order", "summary", "objectives", "minutes"}

// splitFrontMatter cuts a lesson into its YAML front matter and its body.
// fmLine is the file line of the first YAML line, bodyLine that of the first
// body line. ok is false when the file does not start with a --- line or the
// closing --- is missing.
func splitFrontMatter(src []byte) (fm []byte, fmLine int, body []byte, bodyLine int, ok bool) {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	first, rest, found := bytes.Cut(src, []byte("\n"))
	if !found || strings.TrimRight(string(first), " \r\t") != "---" {
		return nil, 0, src, 1, false
	}
	line := 2
	off := 0
	for off < len(rest) {
		l := rest[off:]
		end := bytes.IndexByte(l, '\n')
		next := len(rest)
		if end >= 0 {
			l = l[:end]
			next = off + end + 1
		}
		if t := strings.TrimRight(string(l), " \r\t"); t == "---" || t == "..." {
			return rest[:off], 2, rest[next:], line + 1, true
		}
		off = next
		line++
	}
	return nil, 0, src, 1, false
}

// yamlLineRE finds "line N" in yaml.v3 error messages.
var unknownFieldRE = regexp.MustCompile(`field (\S+) not found in type`)

var yamlLineRE = regexp.MustCompile(`line (\d+)`)

// yamlErrors turns a yaml.v3 error into problems at file lines; first is the
// file line of the YAML's line 1.
func yamlErrors(file string, first int, err error) []Problem {
	var msgs []string
	if te, ok := err.(*yaml.TypeError); ok {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	var ps []Problem
	for _, m := range msgs {
		m = strings.TrimPrefix(m, "yaml: ")
		line := first
		if sm := yamlLineRE.FindStringSubmatchIndex(m); sm != nil {
			n, _ := strconv.Atoi(m[sm[2]:sm[3]])
			m = strings.TrimLeft(m[:sm[0]]+m[sm[1]:], ": ")
			// yaml.v3 reports parser errors ("did not find expected …")
			// with a 0-based line, scanner errors with a 1-based one.
			if strings.HasPrefix(m, "did not find expected") {
				n++
			}
			line = first + n - 1
		}
		if sm := unknownFieldRE.FindStringSubmatch(m); sm != nil {
			ps = append(ps, Problem{File: file, Line: line, Message: fmt.Sprintf("unknown field %q", sm[1])})
			continue
		}
		ps = append(ps, Problem{File: file, Line: line, Message: "invalid YAML: " + m})
	}
	return ps
}

// parseFrontMatter decodes and checks the front matter. It returns the meta,
// the line of the slug (for duplicate-slug messages) and the problems.
func parseFrontMatter(file string, fm []byte, first int) (lesson.Meta, int, []Problem) {
	meta := lesson.Meta{File: file}
	var doc yaml.Node
	if err := yaml.Unmarshal(fm, &doc); err != nil {
		return meta, 0, yamlErrors(file, first, err)
	}
	at := func(n *yaml.Node) int { return first + n.Line - 1 }
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return meta, 0, []Problem{{file, first, "front matter must be a YAML mapping with " + strings.Join(frontMatterFields, ", ")}}
	}
	root := doc.Content[0]
	var ps []Problem
	bad := func(n *yaml.Node, format string, args ...any) {
		ps = append(ps, Problem{file, at(n), fmt.Sprintf(format, args...)})
	}
	seen := map[string]bool{}
	slugLine := 0
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if seen[k.Value] {
			bad(k, "duplicate front-matter field %q", k.Value)
			continue
		}
		seen[k.Value] = true
		switch k.Value {
		case "title", "summary", "slug":
			var s string
			if v.Kind != yaml.ScalarNode || v.Decode(&s) != nil || strings.TrimSpace(s) == "" {
				bad(v, "front-matter field %s must be non-empty text", k.Value)
				continue
			}
			switch k.Value {
			case "title":
				meta.Title = s
			case "summary":
				meta.Summary = s
			case "slug":
				slugLine = at(v)
				if !slugRE.MatchString(s) {
					bad(v, "slug %q must be lower-case letters, digits and single hyphens", s)
				}
				meta.Slug = s
			}
		case "order", "minutes":
			var n int
			if v.Kind != yaml.ScalarNode || v.Decode(&n) != nil {
				bad(v, "front-matter field %s must be a whole number", k.Value)
				continue
			}
			if k.Value == "order" {
				meta.Order = n
			} else {
				if n < 1 || n > 600 {
					bad(v, "minutes must be between 1 and 600")
				}
				meta.Minutes = n
			}
		case "objectives":
			var l []string
			if v.Kind != yaml.SequenceNode || v.Decode(&l) != nil || len(l) == 0 {
				bad(v, "objectives must be a non-empty list of text items")
				continue
			}
			for j, o := range l {
				if strings.TrimSpace(o) == "" {
					bad(v.Content[j], "objective %d is empty", j+1)
				}
			}
			meta.Objectives = l
		default:
			bad(k, "unknown front-matter field %q (fields: %s)", k.Value, strings.Join(frontMatterFields, ", "))
		}
	}
	for _, f := range frontMatterFields {
		if !seen[f] {
			ps = append(ps, Problem{file, first - 1, fmt.Sprintf("missing front-matter field %q", f)})
		}
	}
	return meta, slugLine, ps
}
