package build

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"go.yaml.in/yaml/v3"

	"latentlab/web/lesson"
	"latentlab/web/lesson/build/yamlfields"
	"latentlab/web/quiz"
	"latentlab/web/widget"
)

// idRE is what a widget or quiz id may look like: it appears in URLs
// (/embed/{slug}/{id}, query keys {id}.{param}) and storage keys.
var idRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// checkWidget validates a ```widget NAME``` block whose YAML body starts on
// the line after fenceLine.
func checkWidget(file string, fenceLine int, name string, body []byte) *pending {
	p := &pending{block: lesson.Block{Kind: lesson.KindWidget, Widget: name, Line: fenceLine, Params: map[string]string{}}}
	bad := func(line int, format string, args ...any) {
		p.errs = append(p.errs, Problem{file, line, fmt.Sprintf(format, args...)})
	}
	first := fenceLine + 1
	if name == "" {
		bad(fenceLine, "a widget block needs a name: ```widget NAME``` (one of %s)", strings.Join(widget.Names(), ", "))
		return p
	}
	spec, known := widget.Lookup(name)
	if !known {
		bad(fenceLine, "unknown widget %q (registered: %s)", name, strings.Join(widget.Names(), ", "))
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(body, &doc); err != nil {
		p.errs = append(p.errs, yamlErrors(file, first, err)...)
		return p
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		bad(fenceLine, "a widget block's body must be YAML fields, at least id: NAME")
		return p
	}
	root := doc.Content[0]
	at := func(n *yaml.Node) int { return first + n.Line - 1 }
	dup := func(k *yaml.Node) { bad(at(k), "duplicate field %q", k.Value) }
	seen := yamlfields.Each(root, dup, func(k, v *yaml.Node) {
		if v.Kind != yaml.ScalarNode {
			bad(at(v), "%s must be a single value", k.Value)
			return
		}
		if k.Value == "id" {
			if !idRE.MatchString(v.Value) {
				bad(at(v), "widget id %q must be 1–64 letters, digits, '-' or '_'", v.Value)
			}
			p.block.ID = v.Value
			return
		}
		if !known {
			return
		}
		par, ok := spec.Params.Lookup(k.Value)
		if !ok {
			bad(at(k), "unknown parameter %q for widget %s (parameters: %s)", k.Value, name, strings.Join(spec.Params.Names(), ", "))
			return
		}
		_, note, err := par.Parse(v.Value)
		switch {
		case err != nil:
			bad(at(v), "%s", err.Error())
		case note != nil:
			bad(at(v), "%s=%s is out of range [%g, %g]", k.Value, v.Value, par.Min, par.Max)
		default:
			p.block.Params[k.Value] = v.Value
		}
	})
	if !seen["id"] {
		bad(fenceLine, "widget block needs an id: field")
	}
	return p
}

// checkQuiz decodes and validates a ```quiz``` block whose YAML body starts
// on the line after fenceLine, and queues reflection model answers (Markdown
// with math) for rendering.
func (c *compiler) checkQuiz(s *source, fenceLine int, body []byte) *pending {
	file := s.file
	p := &pending{block: lesson.Block{Kind: lesson.KindQuiz, Line: fenceLine}}
	first := fenceLine + 1
	var doc yaml.Node
	if err := yaml.Unmarshal(body, &doc); err != nil {
		p.errs = append(p.errs, yamlErrors(file, first, err)...)
		return p
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		p.errs = append(p.errs, Problem{file, fenceLine, "a quiz block's body must be YAML: id, title, questions"})
		return p
	}
	var q quiz.Quiz
	dec := yaml.NewDecoder(bytes.NewReader(body))
	dec.KnownFields(true)
	if err := dec.Decode(&q); err != nil {
		p.errs = append(p.errs, yamlErrors(file, first, err)...)
		// keep the id for duplicate checks
		p.block.ID = q.ID
		return p
	}
	p.block.ID = q.ID
	for _, pr := range q.Validate() {
		p.errs = append(p.errs, Problem{file, first + pathLine(&doc, pr.Path) - 1, pr.Message})
	}
	p.errs = append(p.errs, c.quizMath(file, first, &doc, &q)...)
	if len(p.errs) > 0 {
		return p
	}
	p.answers = map[int]*snippet{}
	for i, qu := range q.Questions {
		if strings.TrimSpace(qu.ModelAnswer) != "" {
			line := first + pathLine(&doc, fmt.Sprintf("questions[%d].model_answer", i)) - 1
			p.answers[i] = c.registerSnippet(s, qu.ModelAnswer, line)
		}
	}
	p.block.Quiz = &q
	return p
}

// quizMath reports $…$ math in quiz fields that the quiz view shows as plain
// text (everything but model_answer): it would reach the page as raw LaTeX.
func (c *compiler) quizMath(file string, first int, doc *yaml.Node, q *quiz.Quiz) []Problem {
	var ps []Problem
	check := func(path, s string) {
		if !strings.Contains(s, "$") {
			return
		}
		found := false
		_ = ast.Walk(c.md.Parser().Parse(text.NewReader([]byte(s))), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if _, ok := n.(*Math); ok {
				found = true
			}
			if _, ok := n.(*MathBlock); ok {
				found = true
			}
			return ast.WalkContinue, nil
		})
		if found {
			ps = append(ps, Problem{file, first + pathLine(doc, path) - 1,
				"quiz text is shown as plain text, so $…$ math would appear as raw LaTeX: write it in Unicode (β, σ², ‖J‖²) or put it in model_answer"})
		}
	}
	check("title", q.Title)
	for i, qu := range q.Questions {
		at := fmt.Sprintf("questions[%d].", i)
		check(at+"prompt", qu.Prompt)
		check(at+"explain", qu.Explain)
		check(at+"hint", qu.Hint)
		for j, ch := range qu.Choices {
			check(fmt.Sprintf("%schoices[%d]", at, j), ch)
		}
		for j, f := range qu.Feedback {
			check(fmt.Sprintf("%sfeedback[%d]", at, j), f)
		}
	}
	return ps
}
