package build

import (
	"fmt"
	"html"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
	"go.yaml.in/yaml/v3"

	"latentlab/web/claims"
	"latentlab/web/lesson"
	"latentlab/web/lesson/build/yamlfields"
	"latentlab/web/params"
)

// This file makes the "Try this" buttons (package lesson, TrySetup). A
// lesson asks for one in two ways, both where the item that describes the
// setup stands (at the top level or indented under a list item):
//
//   - a ```claim``` block with set: — the button applies the claim's setup
//     (its set: on top of the widget block's parameters);
//   - a ```try``` block, for an item without a claim:
//
//     ```try
//     widget: lab
//     set: {dataset: moons}
//     label: the two moons      # optional; default: the values, "λ = 3, latent 8"
//     ```
//
// The linter checks that the widget block exists and that every value is one
// of its parameters, readable and in range. The page shows the button in
// place of the block.

// tryFields are the fields of a try block.
var tryFields = []string{"widget", "set", "label"}

// tryMark is a button the lesson asks for, until it is placed.
type tryMark struct {
	node      ast.Node // the fenced block it replaces
	line      int
	setup     lesson.TrySetup
	fromClaim bool // the claim's own checks report a bad widget or value
}

// addTry parses a ```try``` block.
func (s *source) addTry(n ast.Node, fenceLine int, body []byte) {
	s.claimNodes[n] = true // never shown as a block
	first := fenceLine + 1
	at := func(y *yaml.Node) int { return first + y.Line - 1 }
	var doc yaml.Node
	if err := yaml.Unmarshal(body, &doc); err != nil {
		s.add(fenceLine, "try: bad YAML: %v", err)
		return
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		s.add(fenceLine, "a try block's body must be YAML fields: widget, set, and optionally label")
		return
	}
	m := &tryMark{node: n, line: fenceLine}
	root := doc.Content[0]
	dup := func(k *yaml.Node) { s.add(at(k), "try: duplicate field %q", k.Value) }
	seen := yamlfields.Each(root, dup, func(k, v *yaml.Node) {
		switch k.Value {
		case "widget", "label":
			if v.Kind != yaml.ScalarNode || strings.TrimSpace(v.Value) == "" {
				s.add(at(v), "try: %s must be a single non-empty value", k.Value)
				return
			}
			if k.Value == "widget" {
				m.setup.Widget = v.Value
			} else {
				m.setup.Label = strings.TrimSpace(v.Value)
			}
		case "set":
			if v.Kind != yaml.MappingNode || len(v.Content) == 0 {
				s.add(at(v), "try: set must map parameter names to values, e.g. set: {beta: 8, latent: 8}")
				return
			}
			m.setup.Set = map[string]string{}
			for j := 0; j+1 < len(v.Content); j += 2 {
				pk, pv := v.Content[j], v.Content[j+1]
				if pv.Kind != yaml.ScalarNode {
					s.add(at(pv), "try: set.%s must be a single value", pk.Value)
					continue
				}
				m.setup.Set[pk.Value] = pv.Value
			}
		default:
			s.add(at(k), "try: unknown field %q (fields: %s)", k.Value, strings.Join(tryFields, ", "))
		}
	})
	for _, f := range []string{"widget", "set"} {
		if !seen[f] {
			s.add(fenceLine, "a try block needs %s:", f)
		}
	}
	if m.setup.Widget != "" && len(m.setup.Set) > 0 {
		s.tries = append(s.tries, m)
	}
}

// addClaimTry asks for the button of a claim with a setup of its own.
func (s *source) addClaimTry(n ast.Node, line int, widgetID string, set map[string]string) {
	if widgetID == "" || len(set) == 0 {
		return
	}
	s.tries = append(s.tries, &tryMark{node: n, line: line, fromClaim: true,
		setup: lesson.TrySetup{Widget: widgetID, Set: set}})
}

// placeTries checks every button against the lesson's widget blocks and puts
// the valid ones in place of their blocks.
func (s *source) placeTries() {
	for _, m := range s.tries {
		b, ok := s.widgets[m.setup.Widget]
		if !ok {
			if !m.fromClaim {
				s.add(m.line, "try: no widget block with id %q in this lesson (widget ids: %s)", m.setup.Widget, strings.Join(s.widgetIDs(), ", "))
			}
			continue
		}
		if !s.checkTrySet(m, b.Kind, b.Table) {
			continue
		}
		if m.setup.Label == "" {
			m.setup.Label = TryLabel(m.setup.Set, b.Table)
		}
		parent := m.node.Parent()
		if parent == nil {
			continue
		}
		parent.ReplaceChild(parent, m.node, &TryNode{Setup: m.setup})
		delete(s.claimNodes, m.node)
		s.setups = append(s.setups, m.setup)
	}
}

// checkTrySet reports values that are not the widget's parameters or not
// valid (a claim's own check reports them for claims).
func (s *source) checkTrySet(m *tryMark, kind string, t params.Table) bool {
	ok := true
	for _, name := range sortedNames(m.setup.Set) {
		p, known := t.Lookup(name)
		if !known {
			ok = false
			if !m.fromClaim {
				s.add(m.line, "try: unknown parameter %q for widget %s (parameters: %s)", name, kind, strings.Join(t.Names(), ", "))
			}
			continue
		}
		_, note, err := p.Parse(m.setup.Set[name])
		switch {
		case err != nil:
			ok = false
			if !m.fromClaim {
				s.add(m.line, "try: %v", err)
			}
		case note != nil:
			ok = false
			if !m.fromClaim {
				s.add(m.line, "try: %s=%s is out of range [%g, %g]", name, m.setup.Set[name], p.Min, p.Max)
			}
		}
	}
	return ok
}

func (s *source) widgetIDs() []string {
	ids := make([]string, 0, len(s.widgets))
	for id := range s.widgets {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

func sortedNames(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// symbols are parameter names written as the lessons write them.
var symbols = map[string]string{
	"beta": "β", "lambda": "λ", "sigma": "σ", "mu": "μ", "k": "K", "lr": "learning rate",
	"dnoise": "DAE corruption", "noise": "noise",
}

// TryLabel names a setup as its button does, parameters sorted by name:
// "β = 8, latent 8". Symbols and one-letter names take "=", others a space.
func TryLabel(set map[string]string, t params.Table) string {
	parts := make([]string, 0, len(set))
	for _, name := range sortedNames(set) {
		v := set[name]
		if p, ok := t.Lookup(name); ok && p.Kind == params.Bool {
			if x, _, err := p.Parse(v); err == nil && x == false {
				parts = append(parts, "no "+name)
			} else {
				parts = append(parts, name)
			}
			continue
		}
		sym, named := symbols[name]
		if !named {
			sym = name
		}
		if len([]rune(sym)) == 1 {
			parts = append(parts, sym+" = "+v)
		} else {
			parts = append(parts, sym+" "+v)
		}
	}
	return strings.Join(parts, ", ")
}

// KindTry is the ast.NodeKind of TryNode.
var KindTry = ast.NewNodeKind("Try")

// TryNode is a "Try this" button in the document, where its block stood.
type TryNode struct {
	ast.BaseBlock
	Setup lesson.TrySetup
}

// Kind implements ast.Node.
func (n *TryNode) Kind() ast.NodeKind { return KindTry }

// Dump implements ast.Node.
func (n *TryNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Widget": n.Setup.Widget}, nil)
}

// tryRenderer writes a TryNode as the link package lesson describes.
type tryRenderer struct{}

func (tryRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindTry, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(TryHTML(n.(*TryNode).Setup))
		}
		return ast.WalkSkipChildren, nil
	})
}

// TryHTML is the button's HTML (every value escaped).
func TryHTML(t lesson.TrySetup) string {
	label := "Try: " + t.Label
	return fmt.Sprintf(`<p class="try"><a class="%s" href="%s" data-%s="%s" data-%s="%s" aria-controls="widget-%s">%s</a></p>`+"\n",
		lesson.TryClass, html.EscapeString(t.Href()), lesson.TryWidget, html.EscapeString(t.Widget),
		lesson.TrySetAttr, html.EscapeString(t.Query()), html.EscapeString(t.Widget), html.EscapeString(label))
}

// LessonTries are the "Try this" buttons of one lesson file, in reading order.
type LessonTries struct {
	File    string
	Slug    string
	Tries   []lesson.TrySetup
	Widgets map[string]claims.Block // the lesson's widget blocks by id (claims.Values gives a setup's values)
}

// Tries parses every lesson of dir (no typesetting) and returns their
// buttons, with every lint problem found without typesetting.
func Tries(dir string) ([]LessonTries, []Problem, error) {
	var out []LessonTries
	probs, err := eachLesson(dir, func(f string, s *source) {
		if len(s.setups) > 0 {
			out = append(out, LessonTries{File: f, Slug: s.meta.Slug, Tries: s.setups, Widgets: s.widgets})
		}
	})
	if err != nil {
		return nil, nil, err
	}
	return out, probs, nil
}
