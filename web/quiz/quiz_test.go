package quiz

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

const sampleYAML = `
id: vae-check
title: Check your understanding
questions:
  - id: kl-term
    type: single
    prompt: Which term keeps the posterior close to the prior?
    choices: [Reconstruction term, KL divergence term]
    answer: 1
    explain: The KL term pulls q(z|x) towards p(z).
    feedback: [No — that one rewards faithful reconstructions., Yes.]
  - id: multi
    type: multiple
    prompt: Which are generative models?
    choices: [VAE, CAE, GAN, PCA]
    answer: [0, 2]
  - id: tf
    type: truefalse
    prompt: An autoencoder is a dimensionality reduction algorithm.
    answer: true
  - id: num
    type: numeric
    prompt: KL of N(1, 1) to N(0, 1)?
    answer: 0.5
    tolerance: 0.01
    unit: nats
  - id: txt
    type: text
    prompt: An autoencoder is a ___ learning model.
    answer: [unsupervised, self-supervised]
  - id: txt1
    type: text
    prompt: One word.
    answer: encoder
  - id: refl
    type: reflection
    prompt: Explain the VAE step by step.
    model_answer: "Encode, sample, decode."
  - id: param
    type: numeric
    prompt: KL of N({mu}, {sigma}²) to N(0,1)?
    formula: kl_gaussian
    params: {mu: {min: -2, max: 2, step: 0.5}, sigma: {min: 0.5, max: 2, step: 0.5}}
    tolerance: 0.01
`

func decodeSample(t *testing.T) *Quiz {
	t.Helper()
	var q Quiz
	if err := yaml.Unmarshal([]byte(sampleYAML), &q); err != nil {
		t.Fatal(err)
	}
	return &q
}

func TestDecodeYAMLAndValidate(t *testing.T) {
	q := decodeSample(t)
	if ps := q.Validate(); len(ps) != 0 {
		t.Fatalf("problems: %v", ps)
	}
	if i, ok := q.Questions[0].Answer.Index(); !ok || i != 1 {
		t.Errorf("single answer = %v %v", i, ok)
	}
	if l, ok := q.Questions[1].Answer.Indices(); !ok || !reflect.DeepEqual(l, []int{0, 2}) {
		t.Errorf("multiple answer = %v", l)
	}
	if b, ok := q.Questions[2].Answer.Bool(); !ok || !b {
		t.Errorf("truefalse answer")
	}
	if x, ok := q.Questions[3].Answer.Number(); !ok || x != 0.5 {
		t.Errorf("numeric answer %v", x)
	}
	if s, ok := q.Questions[5].Answer.Texts(); !ok || !reflect.DeepEqual(s, []string{"encoder"}) {
		t.Errorf("text answer %v", s)
	}
	// JSON round trip (the lesson bundle).
	b, err := json.Marshal(q)
	if err != nil {
		t.Fatal(err)
	}
	var back Quiz
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(q, &back) {
		t.Errorf("JSON round trip differs:\n%+v\n%+v", q, &back)
	}
}

func TestValidateProblems(t *testing.T) {
	tol := 0.1
	neg := -1.0
	cases := []struct {
		q        Question
		path, in string
	}{
		{Question{Type: "essay", Prompt: "p"}, "questions[0].type", "unknown question type"},
		{Question{Type: Single, Prompt: "p", Choices: []string{"a", "b"}, Answer: NewAnswer(2)}, "questions[0].answer", "out of range"},
		{Question{Type: Single, Prompt: "p", Choices: []string{"a", "b"}, Answer: NewAnswer(-1)}, "questions[0].answer", "out of range"},
		{Question{Type: Single, Prompt: "p", Choices: []string{"a"}, Answer: NewAnswer(0)}, "questions[0].choices", "two choices"},
		{Question{Type: Multiple, Prompt: "p", Choices: []string{"a", "b"}, Answer: NewAnswer([]int{0, 5})}, "questions[0].answer", "out of range"},
		{Question{Type: Multiple, Prompt: "p", Choices: []string{"a", "b"}, Answer: NewAnswer([]int{})}, "questions[0].answer", "list of choice indices"},
		{Question{Type: TrueFalse, Prompt: "p", Answer: NewAnswer(3)}, "questions[0].answer", "true or false"},
		{Question{Type: Numeric, Prompt: "p", Answer: NewAnswer(1.5)}, "questions[0].tolerance", "needs a tolerance"},
		{Question{Type: Numeric, Prompt: "p", Answer: NewAnswer(1.5), Tolerance: &neg}, "questions[0].tolerance", "≥ 0"},
		{Question{Type: Numeric, Prompt: "p", Answer: NewAnswer(true), Tolerance: &tol}, "questions[0].answer", "finite number"},
		{Question{Type: Numeric, Prompt: "p", Formula: "nope", Tolerance: &tol}, "questions[0].formula", "unknown formula"},
		{Question{Type: Numeric, Prompt: "p", Formula: "kl_gaussian", Tolerance: &tol, Params: map[string]Range{"mu": {0, 1, 0.5}}}, "questions[0].params", `needs parameter "sigma"`},
		{Question{Type: Numeric, Prompt: "p", Formula: "kl_gaussian", Tolerance: &tol, Params: map[string]Range{"mu": {0, 1, 0.5}, "sigma": {0, 1, 0.5}}}, "questions[0].params.sigma", "above 0"},
		{Question{Type: Numeric, Prompt: "p", Formula: "kl_gaussian", Tolerance: &tol, Params: map[string]Range{"mu": {0, 1, 0}, "sigma": {1, 2, 0.5}}}, "questions[0].params.mu", "step must be positive"},
		{Question{Type: Text, Prompt: "p", Answer: NewAnswer([]string{" ", ""})}, "questions[0].answer", "at least one accepted answer"},
		{Question{Type: Text, Prompt: "p"}, "questions[0].answer", "at least one accepted answer"},
		{Question{Type: Reflection, Prompt: "p"}, "questions[0].model_answer", "needs a model_answer"},
		{Question{Type: Single, Choices: []string{"a", "b"}, Answer: NewAnswer(0)}, "questions[0].prompt", "no prompt"},
		{Question{Type: Single, Prompt: "p", Choices: []string{"a", "b"}, Answer: NewAnswer(0), Feedback: []string{"x"}}, "questions[0].feedback", "one per choice"},
	}
	for _, c := range cases {
		q := Quiz{ID: "x", Questions: []Question{c.q}}
		ps := q.Validate()
		found := false
		for _, p := range ps {
			if p.Path == c.path && strings.Contains(p.Message, c.in) {
				found = true
			}
		}
		if !found {
			t.Errorf("%+v: want %s containing %q, got %v", c.q, c.path, c.in, ps)
		}
	}
	q := Quiz{ID: "bad id!", Questions: []Question{
		{ID: "a", Type: TrueFalse, Prompt: "p", Answer: NewAnswer(true)},
		{ID: "a", Type: TrueFalse, Prompt: "p", Answer: NewAnswer(false)},
	}}
	ps := q.Validate()
	if len(ps) != 2 || ps[0].Path != "id" || ps[1].Path != "questions[1].id" {
		t.Errorf("ids: %v", ps)
	}
	if ps := (&Quiz{ID: "e"}).Validate(); len(ps) != 1 || ps[0].Path != "questions" {
		t.Errorf("empty quiz: %v", ps)
	}
}

func TestAnswerRejectsMapping(t *testing.T) {
	var q Quiz
	err := yaml.Unmarshal([]byte("id: x\nquestions:\n  - type: single\n    answer: {a: 1}\n"), &q)
	if err == nil {
		t.Fatal("mapping answer accepted")
	}
}
