package claims

import (
	"os"
	"strings"
	"testing"

	"latentlab/web/params"
)

func TestEvalAndShow(t *testing.T) {
	k := Kinds["vae-trainer"]
	c := &Claim{Vs: []Run{{Name: "small"}}, Then: &Phase{Train: 1}}
	main := k.Zero()
	main["kl_dims"] = []float64{0.01, 0.02, 2, 0.04, 3}
	main["nelbo"] = 150.0
	small := k.Zero()
	small["nelbo"] = 170.0
	then := k.Zero()
	then["kl"] = 9.5
	env := EnvOf(k, c, main, map[string]Measured{"small": small}, then)
	for _, tc := range []struct {
		expr string
		want bool
	}{
		{"below(kl_dims, 0.05) >= 3", true},
		{"below(kl_dims, 0.05) >= 4", false},
		{"above(kl_dims, 1) == 2", true},
		{"nelbo < vs.small.nelbo - 10", true},
		{"then.kl > 2 * nelbo", false},
		{"max(kl_dims) / sum(kl_dims) > 0.5", true},
		{"mean(kl_dims[-2:]) > 1.5", true},
		{"not diverged and steps == 0", true},
	} {
		got, err := Eval(tc.expr, env)
		if err != nil || got != tc.want {
			t.Errorf("%s = %v, %v; want %v", tc.expr, got, err, tc.want)
		}
	}
	if s := Show("nelbo < vs.small.nelbo and below(kl_dims, 0.05) > 1", env); s != "nelbo = 150, vs.small.nelbo = 170, below(kl_dims, 0.05) = 3, kl_dims = [0.01, 0.02, 2, 0.04, 3]" {
		t.Errorf("Show = %q", s)
	}
	env["train_kl"] = []float64{80, 60, 40, 20, 10, 6, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5}
	if s := Show("max(train_kl[0:5]) > 2 * mean(train_kl[-10:]) and kl_dims[2] > 1", env); s != "max(train_kl[0:5]) = 80, mean(train_kl[-10:]) = 5, kl_dims[2] = 2" {
		t.Errorf("Show = %q", s)
	}
	long := make([]float64, 40)
	long[39] = 7
	if s := Format(long); s != "[40 values: first 0, min 0, max 7, last 7]" {
		t.Errorf("Format(long) = %q", s)
	}
}

func TestEvalRefusesUnknownNames(t *testing.T) {
	k := Kinds["vae-trainer"]
	env := Env(k, &Claim{})
	for _, e := range []string{"klx < 1", "vs.a.kl < 1", "then.kl < 1", "kl +", "kl"} {
		if _, err := Eval(e, env); err == nil {
			t.Errorf("%q compiled", e)
		}
	}
}

func TestValuesLayers(t *testing.T) {
	table := params.Table{
		{Name: "beta", Kind: params.Float, Default: 1.0, Min: 0, Max: 20},
		{Name: "latent", Kind: params.Int, Default: 2, Min: 2, Max: 16},
		{Name: "seed", Kind: params.Int, Default: 1, Min: 0, Max: 100},
	}
	b := Block{Kind: "vae-trainer", Params: map[string]string{"latent": "8", "beta": "4"}, Table: table}
	c := &Claim{Set: map[string]string{"beta": "6"}}
	v, err := Values(b, c, map[string]string{"beta": "1"}, 7)
	if err != nil || v["beta"] != 1.0 || v["latent"] != 8 || v["seed"] != 7 {
		t.Errorf("Values = %v, %v", v, err)
	}
	v, _ = Values(b, c, nil, -1)
	if v["beta"] != 6.0 || v["seed"] != 1 {
		t.Errorf("Values without extra or seed = %v", v)
	}
}

func TestParseReportsShape(t *testing.T) {
	_, probs := Parse("l.md", 10, []byte("id: x\nwidget: w\ntrain: 0\nexpect: []\nthen: {train: 3, sett: {}}\n"))
	var msgs []string
	for _, p := range probs {
		msgs = append(msgs, p.Message)
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"train must be a whole number", "expect must be an outcome", `unknown field "sett" in then`} {
		if !strings.Contains(all, want) {
			t.Errorf("problems %q lack %q", all, want)
		}
	}
}

// The authoring guide carries the generated metrics reference verbatim
// (regenerate it with go run ./web/cmd/lessonc -claims-md).
func TestGuideListsTheMetrics(t *testing.T) {
	guide, err := os.ReadFile("../../lessons/README.md")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	Markdown(&b)
	if !strings.Contains(string(guide), strings.TrimSpace(b.String())) {
		t.Error("lessons/README.md lacks the current claims reference: paste the output of go run ./web/cmd/lessonc -claims-md")
	}
}
