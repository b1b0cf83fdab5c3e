package quiz

import (
	"math"
	"strings"
	"testing"
)

func TestGradeSingleAndTrueFalse(t *testing.T) {
	q := decodeSample(t)
	kl := &q.Questions[0]
	r := Grade(kl, Response{Choices: []int{0}})
	if r.Correct || r.Score != 0 || !strings.Contains(r.Feedback, "faithful reconstructions") {
		t.Errorf("wrong pick: %+v", r)
	}
	r = Grade(kl, Response{Choices: []int{1}})
	if !r.Correct || r.Score != 1 || !strings.Contains(r.Feedback, "pulls q(z|x)") || r.Response != "KL divergence term" {
		t.Errorf("right pick: %+v", r)
	}
	if r := Grade(kl, Response{}); r.Answered || r.Correct {
		t.Errorf("empty: %+v", r)
	}
	if r := Grade(kl, Response{Choices: []int{7}}); r.Answered {
		t.Errorf("out of range pick graded: %+v", r)
	}
	tf := &q.Questions[2]
	if r := Grade(tf, Response{Choices: []int{0}}); !r.Correct || r.Response != "True" {
		t.Errorf("true: %+v", r)
	}
	if r := Grade(tf, Response{Choices: []int{1}}); r.Correct {
		t.Errorf("false graded correct")
	}
}

func TestGradeMultiplePartialCredit(t *testing.T) {
	q := Question{Type: Multiple, Prompt: "p", Choices: []string{"a", "b", "c", "d"}, Answer: NewAnswer([]int{0, 1, 2}),
		Feedback: []string{"fa", "fb", "fc", "fd"}, Explain: "because"}
	cases := []struct {
		picks   []int
		score   float64
		correct bool
	}{
		{[]int{0, 1, 2}, 1, true},
		{[]int{2, 1, 0, 0}, 1, true}, // order and duplicates do not matter
		{[]int{0, 1}, 2.0 / 3, false},
		{[]int{0}, 1.0 / 3, false},
		{[]int{0, 1, 2, 3}, 2.0 / 3, false},
		{[]int{0, 3}, 0, false},
		{[]int{3}, 0, false}, // clipped at zero, not negative
		{[]int{0, 9}, 1.0 / 3, false},
	}
	for _, c := range cases {
		r := Grade(&q, Response{Choices: c.picks})
		if r.Correct != c.correct || math.Abs(r.Score-c.score) > 1e-12 {
			t.Errorf("picks %v: got correct=%v score=%v, want %v %v", c.picks, r.Correct, r.Score, c.correct, c.score)
		}
	}
	r := Grade(&q, Response{Choices: []int{0, 3}})
	if !strings.Contains(r.Feedback, "d: fd") || !strings.Contains(r.Feedback, "1 of 3") {
		t.Errorf("feedback: %q", r.Feedback)
	}
	if r := Grade(&q, Response{}); r.Answered {
		t.Errorf("empty graded")
	}
}

func TestGradeNumericToleranceEdges(t *testing.T) {
	tol := 0.1
	q := Question{Type: Numeric, Prompt: "p", Answer: NewAnswer(0.5), Tolerance: &tol, Unit: "nats", Explain: "half a nat"}
	cases := []struct {
		in      string
		correct bool
	}{
		{"0.5", true}, {"0.6", true}, {"0.4", true}, // edges inclusive
		{"0.6000001", false}, {"0.3999999", false},
		{" .5 ", true}, {"0,55", true}, {"5e-1", true}, {"+0.45", true},
		{"0.5 nats", true}, {"0.5 NAT", true}, {"0.5nats", true},
		{"0.5 bits", false}, {"abc", false}, {"-0.5", false}, {"−0.5", false},
	}
	for _, c := range cases {
		if r := Grade(&q, Response{Text: c.in}); r.Correct != c.correct {
			t.Errorf("%q: correct=%v, want %v (%s)", c.in, r.Correct, c.correct, r.Feedback)
		}
	}
	if r := Grade(&q, Response{Text: "0.5 bits"}); !strings.Contains(r.Feedback, "expected in nats") {
		t.Errorf("unit feedback: %q", r.Feedback)
	}
	if r := Grade(&q, Response{Text: "0.9"}); !strings.Contains(r.Feedback, "too high") {
		t.Errorf("direction: %q", r.Feedback)
	}
	zero := 0.0
	exact := Question{Type: Numeric, Answer: NewAnswer(0.3), Tolerance: &zero}
	if r := Grade(&exact, Response{Text: "0.3"}); !r.Correct {
		t.Errorf("zero tolerance exact match failed")
	}
	big := Question{Type: Numeric, Answer: NewAnswer(1e6), Tolerance: &tol}
	if r := Grade(&big, Response{Text: "1000000.1"}); !r.Correct {
		t.Errorf("edge at large magnitude failed")
	}
}

func TestGradeTextNormalisation(t *testing.T) {
	q := Question{Type: Text, Prompt: "p", Answer: NewAnswer([]string{"unsupervised", "Straße", "KL divergence"})}
	for _, in := range []string{"unsupervised", "  UNSUPERVISED ", "Un supervised.", "un\u00a0supervised", "unsuper\u200bvised",
		"STRASSE"[:0] + "straße", "STRAßE", "kl  Divergence", "KLdivergence"} {
		if r := Grade(&q, Response{Text: in}); !r.Correct {
			t.Errorf("%q refused", in)
		}
	}
	for _, in := range []string{"supervised", "unsupervised learning", "", "   "} {
		if r := Grade(&q, Response{Text: in}); r.Correct {
			t.Errorf("%q accepted", in)
		}
	}
}

func TestGradeReflection(t *testing.T) {
	q := Question{Type: Reflection, Prompt: "p", ModelAnswer: "m"}
	want := map[string]float64{GotIt: 1, Partly: 0.5, NotYet: 0}
	for rating, s := range want {
		r := Grade(&q, Response{Text: "my words", Rating: rating})
		if r.Score != s || r.Correct != (rating == GotIt) || !r.Answered {
			t.Errorf("%s: %+v", rating, r)
		}
	}
	if r := Grade(&q, Response{Text: "x", Rating: "bogus"}); r.Answered {
		t.Errorf("bogus rating graded")
	}
}

func TestDrawParameterised(t *testing.T) {
	q := decodeSample(t)
	p := q.Questions[7]
	a, va := Draw(p, 42)
	b, vb := Draw(p, 42)
	if a.Prompt != b.Prompt || va["mu"] != vb["mu"] {
		t.Fatal("same seed, different draw")
	}
	if strings.Contains(a.Prompt, "{") {
		t.Errorf("placeholder left: %q", a.Prompt)
	}
	distinct := map[string]bool{}
	for seed := uint64(0); seed < 50; seed++ {
		d, v := Draw(p, seed)
		distinct[d.Prompt] = true
		mu, s := v["mu"], v["sigma"]
		if mu < -2 || mu > 2 || s < 0.5 || s > 2 || math.Mod(mu*2, 1) != 0 {
			t.Fatalf("draw out of range: %v", v)
		}
		want := 0.5 * (mu*mu + s*s - 1 - math.Log(s*s))
		ans, _ := d.Answer.Number()
		if math.Abs(ans-want) > 1e-12 {
			t.Fatalf("answer %v want %v", ans, want)
		}
		if r := Grade(&d, Response{Text: FormatNumber(ans)}); !r.Correct {
			t.Fatalf("own answer %s refused: %s", FormatNumber(ans), r.Feedback)
		}
	}
	if len(distinct) < 5 {
		t.Errorf("only %d distinct draws", len(distinct))
	}
}

func TestFormulas(t *testing.T) {
	kl, _ := LookupFormula("kl_gaussian")
	if got := kl.Eval(map[string]float64{"mu": 1, "sigma": 1}); math.Abs(got-0.5) > 1e-15 {
		t.Errorf("KL(N(1,1)‖N(0,1)) = %v", got)
	}
	cae, _ := LookupFormula("cae_penalty")
	// h = σ(0) = ½, (h(1−h))² = 1/16, w² sum = 1+4.
	if got := cae.Eval(map[string]float64{"w1": 1, "w2": 2, "b": 0, "x1": 0, "x2": 0}); math.Abs(got-5.0/16) > 1e-15 {
		t.Errorf("cae = %v", got)
	}
	klg, _ := LookupFormula("kl_gaussians")
	if got := klg.Eval(map[string]float64{"mu1": 1, "sigma1": 1, "mu2": 0, "sigma2": 1}); math.Abs(got-0.5) > 1e-15 {
		t.Errorf("kl_gaussians = %v", got)
	}
	th, _ := LookupFormula("cae_penalty_tanh")
	// h = tanh(0) = 0, (1−h²)² = 1.
	if got := th.Eval(map[string]float64{"w1": 1, "w2": 2, "b": 0, "x1": 0, "x2": 0}); math.Abs(got-5) > 1e-15 {
		t.Errorf("tanh cae = %v", got)
	}
	for _, f := range Formulas() {
		if f.Doc == "" || len(f.Params) == 0 {
			t.Errorf("%s undocumented", f.Name)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	for in, want := range map[float64]string{0: "0", math.Copysign(0, -1): "0", -0.5: "-0.5", 1.23456: "1.2346", 2e-5: "2e-05", 1e10: "1e+10", -1: "-1"} {
		if got := FormatNumber(in); got != want {
			t.Errorf("FormatNumber(%v) = %q, want %q", in, got, want)
		}
	}
}
