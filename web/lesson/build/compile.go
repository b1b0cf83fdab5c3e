// Package build compiles lesson files (lessons/*.md) into the lesson bundle
// (package latentlab/web/lesson): it parses the YAML front matter and the
// Markdown body (goldmark), finds math before Markdown can mangle it and
// typesets it with KaTeX at build time (one Node process for all lessons),
// validates ```widget NAME``` blocks against the widget registry and
// ```quiz``` blocks with the quiz package, and reports every problem as
// "lessons/FILE.md:LINE: message".
//
// It runs natively only (the lesson compiler and tests); the UI binary reads
// the JSON bundle through package lesson.
package build

import (
	"bytes"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"latentlab/web/claims"
	"latentlab/web/lesson"
)

// Problem is one mistake in a lesson file.
type Problem struct {
	File    string // path as given, e.g. "lessons/vae.md"
	Line    int    // 1-based line in the file
	Message string
}

// String formats the problem as "file:line: message".
func (p Problem) String() string { return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message) }

// Result is a compiled set of lessons.
type Result struct {
	Index    lesson.Index
	Lessons  []lesson.Lesson // in Index order
	Problems []Problem       // sorted by file and line; empty when the lessons lint clean
}

// Files lists the lesson files of dir: every *.md except README.md and
// files whose name starts with "_" (drafts), sorted by name.
func Files(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read lessons: %w", err)
	}
	var files []string
	for _, e := range ents {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".md") || strings.EqualFold(n, "README.md") || strings.HasPrefix(n, "_") {
			continue
		}
		files = append(files, filepath.Join(dir, n))
	}
	sort.Strings(files)
	return files, nil
}

// source is one lesson file on its way through the compiler.
type source struct {
	file       string
	meta       lesson.Meta
	slugLine   int
	body       []byte
	lineStart  []int // byte offset of each body line
	bodyLine   int   // file line of the body's first line
	doc        ast.Node
	blocks     map[ast.Node]*pending // fenced widget/quiz blocks by node
	claimNodes map[ast.Node]bool     // fenced claim and try blocks, removed (or replaced by a button) after parsing
	claims     []*claims.Claim
	tries      []*tryMark              // "Try this" buttons asked for, in reading order
	setups     []lesson.TrySetup       // the buttons placed
	widgets    map[string]claims.Block // valid widget blocks by id, for the claims
	problems   []Problem
	bad        bool // no usable slug, or a duplicate: no bundle file
	fmProblems int  // how many of problems concern the front matter
}

// pending is a widget or quiz block, checked but not yet rendered.
type pending struct {
	block lesson.Block
	errs  []Problem
	// model answers of a quiz to render: question index → parsed Markdown
	answers map[int]*snippet
}

// snippet is a small piece of Markdown (a reflection's model answer).
type snippet struct {
	src  []byte
	doc  ast.Node
	line int // file line of the snippet's first line (approximate)
}

func (s *source) line(off int) int {
	i := sort.Search(len(s.lineStart), func(i int) bool { return s.lineStart[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	return s.bodyLine + i
}

func (s *source) add(line int, format string, args ...any) {
	s.problems = append(s.problems, Problem{s.file, line, fmt.Sprintf(format, args...)})
}

// mathSite is where a formula sits, for error messages.
type mathSite struct {
	s    *source
	line int
}

// compiler holds what one Compile call shares across lessons.
type compiler struct {
	md       goldmark.Markdown
	math     *mathRenderer
	typeset  map[Formula]Typeset
	mathFile map[*Math]mathSite
}

func newCompiler() *compiler {
	c := &compiler{typeset: map[Formula]Typeset{}, mathFile: map[*Math]mathSite{}}
	c.math = &mathRenderer{html: c.mathHTML}
	c.md = goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify, mathExtension{c.math}),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(tryRenderer{}, 10))),
	)
	return c
}

// Compile reads, validates and renders every lesson in dir, typesetting math
// with ts. Problems in the lessons are reported in Result.Problems (and bad
// blocks become error blocks); the error is for failures of the tools
// themselves (an unreadable folder, KaTeX missing).
func Compile(dir string, ts Typesetter) (*Result, error) {
	files, err := Files(dir)
	if err != nil {
		return nil, err
	}
	c := newCompiler()
	var srcs []*source
	for _, f := range files {
		s, err := c.parseFile(f)
		if err != nil {
			return nil, err
		}
		srcs = append(srcs, s)
	}
	checkSlugs(srcs)

	// Typeset every formula of every lesson in one batch.
	var formulas []Formula
	seen := map[Formula]bool{}
	for m := range c.mathFile {
		f := Formula{TeX: strings.TrimSpace(m.TeX), Display: m.Display}
		if !seen[f] {
			seen[f] = true
			formulas = append(formulas, f)
		}
	}
	sort.Slice(formulas, func(i, j int) bool {
		if formulas[i].TeX != formulas[j].TeX {
			return formulas[i].TeX < formulas[j].TeX
		}
		return !formulas[i].Display && formulas[j].Display
	})
	if len(formulas) > 0 {
		if ts == nil {
			return nil, ErrNoKaTeX
		}
		out, err := ts.Typeset(formulas)
		if err != nil {
			return nil, err
		}
		for i, f := range formulas {
			c.typeset[f] = out[i]
		}
	}
	for m, site := range c.mathFile {
		if t := c.typeset[Formula{strings.TrimSpace(m.TeX), m.Display}]; t.Error != "" {
			site.s.add(site.line, "math error: %s", t.Error)
		}
	}

	res := &Result{}
	for _, s := range srcs {
		if s.bad {
			res.Problems = append(res.Problems, s.problems...)
			continue
		}
		l := c.render(s)
		res.Problems = append(res.Problems, s.problems...)
		res.Lessons = append(res.Lessons, l)
	}
	sort.SliceStable(res.Lessons, func(i, j int) bool {
		a, b := res.Lessons[i].Meta, res.Lessons[j].Meta
		if a.Order != b.Order {
			return a.Order < b.Order
		}
		return a.Slug < b.Slug
	})
	for _, l := range res.Lessons {
		res.Index.Lessons = append(res.Index.Lessons, l.Meta)
	}
	sort.SliceStable(res.Problems, func(i, j int) bool {
		a, b := res.Problems[i], res.Problems[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		// Math errors are found in a map's order: the message decides
		// between problems of one line, so the linter's output is the same
		// on every run.
		return a.Message < b.Message
	})
	return res, nil
}

// checkSlugs reports a slug used by more than one lesson (at its second use).
func checkSlugs(srcs []*source) {
	first := map[string]*source{}
	for _, s := range srcs {
		if s.meta.Slug == "" {
			continue
		}
		if f, dup := first[s.meta.Slug]; dup {
			s.add(s.slugLine, "duplicate slug %q (also used by %s:%d)", s.meta.Slug, f.file, f.slugLine)
			s.bad = true
			continue
		}
		first[s.meta.Slug] = s
	}
}

// parseFile reads and parses one lesson file.
func (c *compiler) parseFile(f string) (*source, error) {
	raw, err := os.ReadFile(f)
	if err != nil {
		return nil, fmt.Errorf("read lesson: %w", err)
	}
	return c.parse(f, raw), nil
}

// parse reads the front matter, parses the Markdown, checks the widget and
// quiz blocks and registers the formulas for typesetting.
func (c *compiler) parse(file string, raw []byte) *source {
	s := &source{file: file, blocks: map[ast.Node]*pending{}, claimNodes: map[ast.Node]bool{}, widgets: map[string]claims.Block{}}
	fm, fmLine, body, bodyLine, ok := splitFrontMatter(raw)
	if !ok {
		s.add(1, "missing front matter: a lesson starts with a line ---, YAML fields %s, and a closing ---", strings.Join(frontMatterFields, ", "))
		s.bad = true
		return s
	}
	var ps []Problem
	s.meta, s.slugLine, ps = parseFrontMatter(file, fm, fmLine)
	s.problems = append(s.problems, ps...)
	if s.meta.Slug == "" || !slugRE.MatchString(s.meta.Slug) {
		s.bad = true // no URL to serve it at
	}
	if s.meta.Title == "" {
		s.meta.Title = s.meta.Slug
	}
	s.fmProblems = len(s.problems)
	s.body, s.bodyLine = body, bodyLine
	s.lineStart = []int{0}
	for i, b := range body {
		if b == '\n' {
			s.lineStart = append(s.lineStart, i+1)
		}
	}
	s.doc = c.md.Parser().Parse(text.NewReader(body))
	ids := map[string]int{}
	_ = ast.Walk(s.doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			if n.Level == 1 && n.Lines().Len() > 0 {
				s.add(s.line(n.Lines().At(0).Start), "a level-1 heading repeats the page title (the page shows title: as its heading): use ## for sections")
			}
		case *Math:
			c.mathFile[n] = mathSite{s, s.line(n.Offset)}
		case *MathBlock:
			c.mathFile[&n.Math] = mathSite{s, s.line(n.Math.Offset)}
			if !n.Closed {
				s.add(s.line(n.Math.Offset), "display math opened with $$ is never closed")
			}
		case *ast.FencedCodeBlock:
			kind, name, ok := blockKind(n, body)
			if !ok {
				return ast.WalkSkipChildren, nil
			}
			fenceLine := s.line(n.Info.Segment.Start)
			if kind == "claim" { // may sit anywhere, e.g. under the list item it checks
				s.addClaim(n, fenceLine, n.Lines().Value(body))
				return ast.WalkSkipChildren, nil
			}
			if kind == "try" { // a button, where the item it belongs to stands
				s.addTry(n, fenceLine, n.Lines().Value(body))
				return ast.WalkSkipChildren, nil
			}
			if n.Parent() != s.doc {
				s.add(fenceLine, "a %s block must stand at the top level, not inside a list or quote", kind)
				return ast.WalkSkipChildren, nil
			}
			yamlText := n.Lines().Value(body)
			var p *pending
			if kind == "widget" {
				p = checkWidget(file, fenceLine, name, yamlText)
			} else {
				p = c.checkQuiz(s, fenceLine, yamlText)
			}
			if id := p.block.ID; id != "" {
				if prev, dup := ids[id]; dup {
					p.errs = append(p.errs, Problem{file, fenceLine, fmt.Sprintf("duplicate id %q (also used on line %d)", id, prev)})
				} else {
					ids[id] = fenceLine
				}
			}
			s.problems = append(s.problems, p.errs...)
			s.blocks[n] = p
			if kind == "widget" && len(p.errs) == 0 {
				s.addWidgetBlock(p)
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	s.checkClaims(ids)
	s.placeTries()
	for n := range s.claimNodes { // a check, not content: the page never shows it
		n.Parent().RemoveChild(n.Parent(), n)
	}
	return s
}

// blockKind says whether a fenced block is a widget, a quiz, a claim or a try button.
func blockKind(n *ast.FencedCodeBlock, src []byte) (kind, name string, ok bool) {
	if n.Info == nil {
		return "", "", false
	}
	f := strings.Fields(string(n.Info.Segment.Value(src)))
	if len(f) == 0 || (f[0] != "widget" && f[0] != "quiz" && f[0] != "claim" && f[0] != "try") {
		return "", "", false
	}
	if len(f) > 1 {
		name = f[1]
	}
	return f[0], name, true
}

// render turns a parsed lesson into its bundle form.
func (c *compiler) render(s *source) lesson.Lesson {
	l := lesson.Lesson{Meta: s.meta, Headings: []lesson.Heading{}, Blocks: []lesson.Block{}}
	if s.fmProblems > 0 {
		p := s.problems[0]
		l.Blocks = append(l.Blocks, lesson.Block{Kind: lesson.KindError, Line: p.Line, Error: withMore(p, s.fmProblems)})
	}
	var buf bytes.Buffer
	flush := func() {
		if buf.Len() > 0 {
			l.Blocks = append(l.Blocks, lesson.Block{Kind: lesson.KindHTML, HTML: buf.String()})
			buf.Reset()
		}
	}
	for n := s.doc.FirstChild(); n != nil; n = n.NextSibling() {
		if p, ok := s.blocks[n]; ok {
			flush()
			if len(p.errs) > 0 {
				b := p.block
				l.Blocks = append(l.Blocks, lesson.Block{Kind: lesson.KindError, ID: b.ID, Line: b.Line, Error: withMore(p.errs[0], len(p.errs))})
				continue
			}
			if p.block.Quiz != nil {
				for i, sn := range p.answers {
					var ab bytes.Buffer
					if err := c.md.Renderer().Render(&ab, sn.src, sn.doc); err == nil {
						p.block.Quiz.Questions[i].ModelAnswerHTML = ab.String()
					}
				}
			}
			l.Blocks = append(l.Blocks, p.block)
			continue
		}
		if h, ok := n.(*ast.Heading); ok {
			id, _ := h.AttributeString("id")
			idb, _ := id.([]byte)
			l.Headings = append(l.Headings, lesson.Heading{ID: string(idb), Text: c.plainText(h, s.body), Level: h.Level})
		}
		if err := c.md.Renderer().Render(&buf, s.body, n); err != nil {
			flush()
			line := 0
			if n.Lines().Len() > 0 {
				line = s.line(n.Lines().At(0).Start)
			}
			p := Problem{s.file, line, "render: " + err.Error()}
			s.problems = append(s.problems, p)
			l.Blocks = append(l.Blocks, lesson.Block{Kind: lesson.KindError, Line: line, Error: p.String()})
		}
	}
	flush()
	return l
}

// withMore formats the first of n problems for an error box.
func withMore(p Problem, n int) string {
	switch {
	case n == 2:
		return p.String() + " (and 1 more problem: run lessonc -lint)"
	case n > 2:
		return fmt.Sprintf("%s (and %d more problems: run lessonc -lint)", p, n-1)
	}
	return p.String()
}

// mathHTML returns the typeset HTML of a formula, or a small error marker
// (never the raw TeX) when KaTeX refused it.
func (c *compiler) mathHTML(m *Math) string {
	t, ok := c.typeset[Formula{strings.TrimSpace(m.TeX), m.Display}]
	if ok && t.Error == "" && m.Display {
		return t.HTML + termKeys(t.HTML)
	}
	if ok && t.Error == "" {
		return t.HTML
	}
	msg := "formula not typeset"
	if t.Error != "" {
		msg = "math error: " + t.Error
	}
	return `<span class="math-error" role="note" title="` + html.EscapeString(msg) + `">[formula error]</span>`
}

// plainText is the text of a heading for the table of contents; a formula
// contributes the visible text of its typeset form (\beta → β), never TeX.
func (c *compiler) plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *Math:
			b.WriteString(visibleText(c.typeset[Formula{strings.TrimSpace(t.TeX), t.Display}].HTML))
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.CodeSpan:
			for c := t.FirstChild(); c != nil; c = c.NextSibling() {
				if tx, ok := c.(*ast.Text); ok {
					b.Write(tx.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

var (
	katexMathML = regexp.MustCompile(`(?s)<span class="katex-mathml">.*?</math></span>`)
	htmlTag     = regexp.MustCompile(`(?s)<[^>]*>`)
)

// visibleText is the text a reader sees in KaTeX's HTML output.
func visibleText(h string) string {
	h = katexMathML.ReplaceAllString(h, "")
	h = htmlTag.ReplaceAllString(h, "")
	h = strings.NewReplacer("\u200b", "", "\u2061", "", "\u2062", "", "\u2063", "").Replace(html.UnescapeString(h))
	return strings.TrimSpace(h)
}

// registerSnippet parses a Markdown snippet (a model answer) and queues its
// formulas for typesetting.
func (c *compiler) registerSnippet(s *source, md string, line int) *snippet {
	sn := &snippet{src: []byte(md), line: line}
	sn.doc = c.md.Parser().Parse(text.NewReader(sn.src))
	_ = ast.Walk(sn.doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch n := n.(type) {
			case *Math:
				c.mathFile[n] = mathSite{s, line}
			case *MathBlock:
				c.mathFile[&n.Math] = mathSite{s, line}
			}
		}
		return ast.WalkContinue, nil
	})
	return sn
}
