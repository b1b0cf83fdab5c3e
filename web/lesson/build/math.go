package build

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Math is a formula found in a lesson: inline $…$, or display $$…$$ (inline
// in a paragraph or as a block of its own lines). It is found by the Markdown
// parser itself, so dollars inside code spans and code blocks, and escaped
// dollars (\$), are never math.
type Math struct {
	ast.BaseInline
	TeX     string
	Display bool
	Offset  int // byte offset of the opening dollar in the Markdown source
}

// KindMath is the ast.NodeKind of Math.
var KindMath = ast.NewNodeKind("Math")

// Kind implements ast.Node.
func (n *Math) Kind() ast.NodeKind { return KindMath }

// Dump implements ast.Node.
func (n *Math) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"TeX": n.TeX}, nil)
}

// MathBlock is a display formula written on lines of its own:
//
//	$$
//	\mathcal L = …
//	$$
type MathBlock struct {
	ast.BaseBlock
	Math   Math
	Closed bool // false when the closing $$ never came
}

// KindMathBlock is the ast.NodeKind of MathBlock.
var KindMathBlock = ast.NewNodeKind("MathBlock")

// Kind implements ast.Node.
func (n *MathBlock) Kind() ast.NodeKind { return KindMathBlock }

// IsRaw implements ast.Node: the lines are TeX, not Markdown.
func (n *MathBlock) IsRaw() bool { return true }

// Dump implements ast.Node.
func (n *MathBlock) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"TeX": n.Math.TeX}, nil)
}

// inlineMath parses $…$ and $$…$$ inside paragraphs. An inline opener must
// be followed by a non-space and the closer preceded by a non-space and not
// followed by a digit (Pandoc's rule), so "costs $5 and $10" stays text.
type inlineMath struct{}

func (inlineMath) Trigger() []byte { return []byte{'$'} }

func (inlineMath) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	display := len(line) > 1 && line[1] == '$'
	open := 1
	if display {
		open = 2
	}
	start := seg.Start
	savedLine, savedPos := block.Position()
	// Collect the formula, possibly across the lines of one paragraph.
	var tex bytes.Buffer
	i := open
	if !display && (i >= len(line) || util.IsSpace(line[i])) {
		return nil
	}
	for {
		for ; i < len(line); i++ {
			c := line[i]
			if c == '\\' && i+1 < len(line) {
				tex.WriteByte(c)
				tex.WriteByte(line[i+1])
				i++
				continue
			}
			if c != '$' {
				tex.WriteByte(c)
				continue
			}
			if display {
				if i+1 < len(line) && line[i+1] == '$' {
					block.Advance(i + 2)
					return &Math{TeX: tex.String(), Display: true, Offset: start}
				}
				tex.WriteByte(c)
				continue
			}
			prevSpace := i == 0 || util.IsSpace(line[i-1])
			nextDigit := i+1 < len(line) && line[i+1] >= '0' && line[i+1] <= '9'
			if prevSpace || nextDigit || tex.Len() == 0 {
				block.SetPosition(savedLine, savedPos)
				return nil
			}
			block.Advance(i + 1)
			return &Math{TeX: tex.String(), Offset: start}
		}
		block.AdvanceLine()
		line, _ = block.PeekLine()
		if line == nil {
			block.SetPosition(savedLine, savedPos)
			return nil
		}
		i = 0
	}
}

// blockMath parses display formulas whose $$ fences stand on their own lines
// ("$$" alone, or "$$ … $$" filling the whole line).
type blockMath struct{}

func (blockMath) Trigger() []byte { return []byte{'$'} }

func (blockMath) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	t := bytes.TrimSpace(line)
	if !bytes.HasPrefix(t, []byte("$$")) {
		return nil, parser.NoChildren
	}
	n := &MathBlock{}
	n.Math.Display = true
	n.Math.Offset = seg.Start + bytes.Index(line, []byte("$$"))
	rest := t[2:]
	if len(rest) == 0 {
		reader.Advance(seg.Len() - 1)
		return n, parser.NoChildren
	}
	if len(rest) >= 2 && bytes.HasSuffix(rest, []byte("$$")) && !bytes.Contains(rest[:len(rest)-2], []byte("$$")) {
		n.Math.TeX = string(rest[:len(rest)-2])
		n.Closed = true
		reader.Advance(seg.Len() - 1)
		return n, parser.Close
	}
	return nil, parser.NoChildren
}

func (blockMath) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	n := node.(*MathBlock)
	line, seg := reader.PeekLine()
	if line == nil {
		return parser.Close
	}
	t := bytes.TrimSpace(line)
	if bytes.HasSuffix(t, []byte("$$")) {
		n.Math.TeX += string(t[:len(t)-2])
		n.Closed = true
		reader.Advance(seg.Len() - 1)
		return parser.Close
	}
	n.Math.TeX += string(line)
	reader.Advance(seg.Len() - 1)
	return parser.Continue | parser.NoChildren
}

func (blockMath) Close(node ast.Node, reader text.Reader, pc parser.Context) {}
func (blockMath) CanInterruptParagraph() bool                                { return true }
func (blockMath) CanAcceptIndentedLine() bool                                { return false }

// mathRenderer writes typeset formulas, looked up by the lesson compiler.
type mathRenderer struct {
	html func(m *Math) string
}

func (r *mathRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindMath, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(r.html(n.(*Math)))
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(KindMathBlock, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(`<div class="math-display">`)
			_, _ = w.WriteString(r.html(&n.(*MathBlock).Math))
			_, _ = w.WriteString("</div>\n")
		}
		return ast.WalkSkipChildren, nil
	})
	// Raw HTML in a lesson is shown as text, never passed through: lessons
	// may come from anyone, and goldmark's default drops it silently.
	reg.Register(ast.KindRawHTML, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			segs := n.(*ast.RawHTML).Segments
			for i := 0; i < segs.Len(); i++ {
				seg := segs.At(i)
				_, _ = w.Write(util.EscapeHTML(seg.Value(src)))
			}
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(ast.KindHTMLBlock, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		b := n.(*ast.HTMLBlock)
		_, _ = w.WriteString(`<pre class="raw-html">`)
		for i := 0; i < b.Lines().Len(); i++ {
			seg := b.Lines().At(i)
			_, _ = w.Write(util.EscapeHTML(seg.Value(src)))
		}
		if b.HasClosure() {
			c := b.ClosureLine
			_, _ = w.Write(util.EscapeHTML(c.Value(src)))
		}
		_, _ = w.WriteString("</pre>\n")
		return ast.WalkSkipChildren, nil
	})
}

// mathExtension installs the math parsers and the safe renderers.
type mathExtension struct{ r *mathRenderer }

func (e mathExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithInlineParsers(util.Prioritized(inlineMath{}, 150)),
		parser.WithBlockParsers(util.Prioritized(blockMath{}, 90)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(e.r, 10)))
}
