package build

import (
	"fmt"

	"github.com/yuin/goldmark/ast"

	"latentlab/web/claims"
	"latentlab/web/widget"
)

// This file handles ```claim``` blocks: what a lesson promises a widget will
// show, as a check (package claims). The linter validates them against the
// lesson's widget blocks; parse removes them from the document, so the page
// never shows them, wherever they stand (top level or under a list item).

// addClaim parses a claim block and keeps it for checkClaims.
func (s *source) addClaim(n ast.Node, fenceLine int, body []byte) {
	c, probs := claims.Parse(s.file, fenceLine, body)
	for _, p := range probs {
		s.add(p.Line, "%s", p.Message)
	}
	s.claims = append(s.claims, c)
	s.claimNodes[n] = true
	s.addClaimTry(n, fenceLine, c.Widget, c.Set) // its setup is the item's "Try this" button
}

// addWidgetBlock records a valid widget block for the claims that name it.
func (s *source) addWidgetBlock(p *pending) {
	b := p.block
	spec, ok := widget.Lookup(b.Widget)
	if !ok || b.ID == "" {
		return
	}
	s.widgets[b.ID] = claims.Block{Kind: b.Widget, Line: b.Line, Params: b.Params, Table: spec.Params}
}

// checkClaims validates every claim of the lesson against its widget blocks.
func (s *source) checkClaims(ids map[string]int) {
	for _, c := range s.claims {
		if c.ID != "" {
			if prev, dup := ids[c.ID]; dup {
				s.add(c.Line, "duplicate id %q (also used on line %d)", c.ID, prev)
			} else {
				ids[c.ID] = c.Line
			}
		}
		for _, p := range claims.Check(c, s.widgets) {
			s.add(p.Line, "%s", p.Message)
		}
	}
}

// LessonClaims are the claims of one lesson file and the widget blocks they
// name.
type LessonClaims struct {
	File    string
	Slug    string
	Claims  []*claims.Claim
	Widgets map[string]claims.Block // by widget id
}

// Claims parses every lesson of dir (no typesetting, so no KaTeX needed) and
// returns their claims. Problems are every lint problem found without
// typesetting; a claim runner should refuse to run when there are any.
func Claims(dir string) ([]LessonClaims, []Problem, error) {
	var out []LessonClaims
	probs, err := eachLesson(dir, func(f string, s *source) {
		if len(s.claims) > 0 {
			out = append(out, LessonClaims{File: f, Slug: s.meta.Slug, Claims: s.claims, Widgets: s.widgets})
		}
	})
	if err != nil {
		return nil, nil, err
	}
	return out, probs, nil
}

// eachLesson parses every lesson of dir without typesetting, hands each
// parsed lesson to keep, and returns every lint problem found.
func eachLesson(dir string, keep func(file string, s *source)) ([]Problem, error) {
	files, err := Files(dir)
	if err != nil {
		return nil, err
	}
	c := newCompiler()
	var probs []Problem
	for _, f := range files {
		s, err := c.parseFile(f)
		if err != nil {
			return nil, err
		}
		probs = append(probs, s.problems...)
		keep(f, s)
	}
	return probs, nil
}

// ClaimString formats a claim's place for messages: "lessons/vae.md:120: claim beta-collapse".
func ClaimString(c *claims.Claim) string { return fmt.Sprintf("%s:%d: claim %s", c.File, c.Line, c.ID) }
