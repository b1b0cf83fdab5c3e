package build

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"latentlab/web/params"
	"latentlab/web/quiz"
	"latentlab/web/widget"
)

// WidgetsMarkdown writes the reference of every registered widget and its
// parameters as Markdown (pasted into lessons/README.md).
func WidgetsMarkdown(w io.Writer) {
	for _, name := range widget.Names() {
		s, _ := widget.Lookup(name)
		fmt.Fprintf(w, "#### `%s` — %s\n\n%s\n\n", s.Name, s.Title, s.Summary)
		if len(s.Params) == 0 {
			fmt.Fprintf(w, "No parameters besides `id`.\n\n")
			continue
		}
		fmt.Fprintf(w, "| Parameter | Type | Default | Allowed | Meaning |\n|---|---|---|---|---|\n")
		for _, p := range s.Params {
			fmt.Fprintf(w, "| `%s` | %s | %s | %s | %s |\n", p.Name, kindName(p.Kind), defaultText(p), allowed(p), strings.ReplaceAll(p.Doc, "|", `\|`))
		}
		fmt.Fprintln(w)
	}
}

func kindName(k params.Kind) string {
	switch k {
	case params.Int:
		return "integer"
	case params.Float:
		return "number"
	case params.Bool:
		return "true/false"
	case params.Choice:
		return "choice"
	}
	return "text"
}

func allowed(p params.Param) string {
	switch p.Kind {
	case params.Int, params.Float:
		return strconv.FormatFloat(p.Min, 'f', -1, 64) + " to " + strconv.FormatFloat(p.Max, 'f', -1, 64)
	case params.Choice:
		return "`" + strings.Join(p.Choices, "`, `") + "`"
	case params.Bool:
		return "true, false"
	}
	return "up to 200 characters"
}

// FormulasMarkdown writes the table of formulas that parameterised numeric
// quiz questions may name in `formula:`.
func FormulasMarkdown(w io.Writer) {
	fmt.Fprintf(w, "| Formula | Parameters | Computes |\n|---|---|---|\n")
	for _, f := range quiz.Formulas() {
		fmt.Fprintf(w, "| `%s` | %s | %s |\n", f.Name, "`"+strings.Join(f.Params, "`, `")+"`", strings.ReplaceAll(f.Doc, "|", `\|`))
	}
}

func defaultText(p params.Param) string {
	if b, ok := p.Default.(bool); ok {
		return "`" + strconv.FormatBool(b) + "`"
	}
	if d := p.Format(p.Default); d != "" {
		return "`" + d + "`"
	}
	return "(empty)"
}
