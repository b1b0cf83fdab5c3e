package build

import (
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeTeX "typesets" a formula as <m>TeX</m> or <M>TeX</M> (display), so the
// parser's decisions can be checked without Node.
type fakeTeX struct{}

func (fakeTeX) Typeset(fs []Formula) ([]Typeset, error) {
	out := make([]Typeset, len(fs))
	for i, f := range fs {
		tag := "m"
		if f.Display {
			tag = "M"
		}
		out[i] = Typeset{HTML: "<" + tag + ">" + html.EscapeString(f.TeX) + "</" + tag + ">"}
	}
	return out, nil
}

func TestMathParsing(t *testing.T) {
	for _, c := range []struct{ name, md, want string }{
		{"inline", `a $x^2$ b`, `<p>a <m>x^2</m> b</p>`},
		{"two inline", `$a$ and $b$`, `<p><m>a</m> and <m>b</m></p>`},
		{"dollar amounts", `costs $5 and $10`, `<p>costs $5 and $10</p>`},
		{"amount then math", `costs $5 and $x$`, `<p>costs $5 and <m>x</m></p>`},
		{"space after opener", `a $ x$ b`, `<p>a $ x$ b</p>`},
		{"space before closer", `a $x $ b`, `<p>a $x $ b</p>`},
		{"digit after closer", `a $x$5 b`, `<p>a $x$5 b</p>`},
		{"escaped dollar", `a \$x\$ b`, `<p>a $x$ b</p>`},
		{"escaped dollar inside math", `$a \$ b$`, `<p><m>a \$ b</m></p>`},
		{"code span", "`$x$` and $y$", `<p><code>$x$</code> and <m>y</m></p>`},
		{"inline across lines", "a $x +\ny$ b", "<p>a <m>x +\ny</m> b</p>"},
		{"display inline", `see $$a=b$$ here`, `<p>see <M>a=b</M> here</p>`},
		{"display block", "$$\na = b\n\\\\ c\n$$", "<div class=\"math-display\"><M>a = b\n\\\\ c</M></div>"},
		{"display one line", "$$ a = b $$", "<div class=\"math-display\"><M>a = b</M></div>"},
		{"display interrupts paragraph", "text\n$$\nx\n$$", "<p>text</p>\n<div class=\"math-display\"><M>x</M></div>"},
		{"underscores stay math", `$a_1 * b_2$ and *em*`, `<p><m>a_1 * b_2</m> and <em>em</em></p>`},
		{"unclosed", `a $x b`, `<p>a $x b</p>`},
		{"fenced code", "```\n$x$\n```", "<pre><code>$x$\n</code></pre>"},
		{"indented code", "para\n\n    $x$", "<p>para</p>\n<pre><code>$x$\n</code></pre>"},
		{"math in link text", `[$x$](https://e.org)`, `<p><a href="https://e.org"><m>x</m></a></p>`},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			src := "---\ntitle: T\nslug: t\norder: 1\nsummary: s\nobjectives: [x]\nminutes: 1\n---\n" + c.md + "\n"
			if err := os.WriteFile(filepath.Join(dir, "t.md"), []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			r, err := Compile(dir, fakeTeX{})
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Problems) > 0 || len(r.Lessons) != 1 || len(r.Lessons[0].Blocks) != 1 {
				t.Fatalf("problems %v, lessons %+v", r.Problems, r.Lessons)
			}
			if got := strings.TrimSpace(r.Lessons[0].Blocks[0].HTML); got != c.want {
				t.Errorf("\n got %q\nwant %q", got, c.want)
			}
		})
	}
}

func TestUnclosedDisplayMath(t *testing.T) {
	dir := t.TempDir()
	src := "---\ntitle: T\nslug: t\norder: 1\nsummary: s\nobjectives: [x]\nminutes: 1\n---\n\n$$\nx\n\nmore\n"
	if err := os.WriteFile(filepath.Join(dir, "t.md"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := Compile(dir, fakeTeX{})
	if err != nil {
		t.Fatal(err)
	}
	want := dir + "/t.md:10: display math opened with $$ is never closed"
	if len(r.Problems) != 1 || r.Problems[0].String() != want {
		t.Errorf("got %v, want %q", r.Problems, want)
	}
}
