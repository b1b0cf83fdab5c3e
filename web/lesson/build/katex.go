package build

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

//go:embed katex-render.cjs
var katexScript string

// Formula is one piece of TeX to typeset.
type Formula struct {
	TeX     string `json:"tex"`
	Display bool   `json:"display"`
}

// Typeset is the result for one formula: HTML, or KaTeX's parse error.
type Typeset struct {
	HTML  string `json:"html,omitempty"`
	Error string `json:"error,omitempty"`
}

// Typesetter turns formulas into HTML. KaTeX is the real one; tests may use
// a fake.
type Typesetter interface {
	Typeset(fs []Formula) ([]Typeset, error)
}

// ErrNoKaTeX says that node or the katex package is missing.
var ErrNoKaTeX = errors.New("KaTeX is not installed: run `npm ci --prefix web` (needs Node.js) to typeset lesson math")

// KaTeX typesets formulas by running KaTeX from web/node_modules in one Node
// process per batch.
type KaTeX struct {
	Dir  string // the folder holding node_modules/katex (normally web/)
	Node string // the node executable; "" means "node" on PATH
}

// FindKaTeX locates web/node_modules/katex by walking up from the working
// directory (or uses $LATENTLAB_KATEX_DIR, the folder holding node_modules).
func FindKaTeX() (*KaTeX, error) {
	if d := os.Getenv("LATENTLAB_KATEX_DIR"); d != "" {
		return checkKaTeX(d)
	}
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	for d := wd; ; d = filepath.Dir(d) {
		for _, c := range []string{filepath.Join(d, "web"), d} {
			if _, err := os.Stat(filepath.Join(c, "node_modules", "katex", "package.json")); err == nil {
				return checkKaTeX(c)
			}
		}
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil || filepath.Dir(d) == d {
			break
		}
	}
	return nil, ErrNoKaTeX
}

func checkKaTeX(dir string) (*KaTeX, error) {
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "katex", "package.json")); err != nil {
		return nil, fmt.Errorf("%w (looked in %s)", ErrNoKaTeX, dir)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("%w: node not found on PATH", ErrNoKaTeX)
	}
	return &KaTeX{Dir: dir, Node: node}, nil
}

// Assets returns the folder with KaTeX's CSS and fonts (katex/dist).
func (k *KaTeX) Assets() string { return filepath.Join(k.Dir, "node_modules", "katex", "dist") }

// Typeset runs all formulas through KaTeX in a single Node process.
func (k *KaTeX) Typeset(fs []Formula) ([]Typeset, error) {
	if len(fs) == 0 {
		return nil, nil
	}
	in, err := json.Marshal(fs)
	if err != nil {
		return nil, err
	}
	node := k.Node
	if node == "" {
		node = "node"
	}
	dir, err := filepath.Abs(k.Dir)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(node, "-e", katexScript)
	cmd.Env = append(os.Environ(), "KATEX_BASE="+dir)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("typeset math with KaTeX: %v: %s (run `npm ci --prefix web`?)", err, bytes.TrimSpace(stderr.Bytes()))
	}
	var res struct {
		Results []Typeset `json:"results"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		return nil, fmt.Errorf("typeset math with KaTeX: bad output: %w", err)
	}
	if len(res.Results) != len(fs) {
		return nil, fmt.Errorf("typeset math with KaTeX: %d results for %d formulas", len(res.Results), len(fs))
	}
	return res.Results, nil
}
