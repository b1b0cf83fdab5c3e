package build

import (
	"testing"

	"go.yaml.in/yaml/v3"
)

const quizYAML = `id: check
questions:
  - type: single
    prompt: Pick one
    choices: [A, B]
    answer: 1
    explain: B it is.
  - type: reflection
    prompt: Explain.
    model_answer: |
      Because.
`

func pathLineOf(t *testing.T, path string) int {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(quizYAML), &doc); err != nil {
		t.Fatal(err)
	}
	return pathLine(&doc, path)
}
