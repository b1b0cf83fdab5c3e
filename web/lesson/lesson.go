// Package lesson holds the types of the compiled lesson bundle: the files
// dist/web/lessons/index.json and dist/web/lessons/{slug}.json that the lesson
// compiler (web/lesson/build, command web/cmd/lessonc) writes and the UI reads.
//
// The package is deliberately tiny and dependency-free apart from the quiz
// types: the UI binary (app.wasm) imports it, so Markdown, YAML and KaTeX stay
// on the build side.
package lesson

import "latentlab/web/quiz"

// Block kinds.
const (
	KindHTML   = "html"   // sanitised HTML, math already typeset
	KindWidget = "widget" // a registered widget to mount
	KindQuiz   = "quiz"   // a quiz for the quiz engine
	KindError  = "error"  // a block that failed to compile, shown as an error box
)

// Meta is a lesson's front matter plus the file it came from.
type Meta struct {
	Title      string   `json:"title"`
	Slug       string   `json:"slug"`
	Summary    string   `json:"summary"`
	Order      int      `json:"order"`
	Minutes    int      `json:"minutes"`
	Objectives []string `json:"objectives"`
	File       string   `json:"file"` // e.g. "lessons/vae.md"
}

// Heading is one entry of a lesson's table of contents.
type Heading struct {
	ID    string `json:"id"`    // the id attribute of the heading element
	Text  string `json:"text"`  // plain text; a formula appears as its visible text (β), never TeX
	Level int    `json:"level"` // 1 to 6
}

// Block is one piece of a lesson body, in reading order.
type Block struct {
	Kind   string            `json:"kind"`             // KindHTML, KindWidget, KindQuiz or KindError
	HTML   string            `json:"html,omitempty"`   // KindHTML: sanitised HTML with typeset math
	Widget string            `json:"widget,omitempty"` // KindWidget: registered name
	ID     string            `json:"id,omitempty"`     // widget or quiz id
	Params map[string]string `json:"params,omitempty"` // KindWidget: values as text, read with params.Param.Parse
	Quiz   *quiz.Quiz        `json:"quiz,omitempty"`   // KindQuiz
	Line   int               `json:"line,omitempty"`   // line of the block in the .md file
	Error  string            `json:"error,omitempty"`  // KindError: "lessons/x.md:12: message"
}

// Lesson is one compiled lesson: {slug}.json.
type Lesson struct {
	Meta     Meta      `json:"meta"`
	Headings []Heading `json:"headings"`
	Blocks   []Block   `json:"blocks"`
}

// Index is index.json: every lesson's metadata, sorted by Order then Slug.
type Index struct {
	Lessons []Meta `json:"lessons"`
}

// IndexFile and LessonFile name the bundle's files relative to its folder
// (served from /web/lessons/).
const IndexFile = "index.json"

// LessonFile returns the bundle file name of the lesson with the given slug.
func LessonFile(slug string) string { return slug + ".json" }

// Widget returns the embeddable block with the given id, as used by
// /embed/{slug}/{id}: a widget, a quiz, or the error box that stands in for
// a widget or quiz that failed to compile.
func (l *Lesson) Widget(id string) (Block, bool) { return l.Block(id) }

// Block returns the block with the given id (widget, quiz or error).
func (l *Lesson) Block(id string) (Block, bool) {
	if id == "" {
		return Block{}, false
	}
	for _, b := range l.Blocks {
		if b.ID == id && (b.Kind == KindWidget || b.Kind == KindQuiz || b.Kind == KindError) {
			return b, true
		}
	}
	return Block{}, false
}
