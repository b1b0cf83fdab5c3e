package run

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"latentlab/core/data"
	"latentlab/core/spec"
	"latentlab/wasm/protocol"
	"latentlab/wasm/worker"
	"latentlab/web/claims"
	"latentlab/web/params"
	"latentlab/web/widget"
	"latentlab/web/widget/apps"
	"latentlab/web/widget/vae"
)

// The mapping must read every parameter of the widget's table: a parameter
// added to the widget fails this test until vaeTrainerConfig knows it.
func TestVAETrainerMappingCoversTheWidgetTable(t *testing.T) {
	spec, ok := widget.Lookup("vae-trainer")
	if !ok {
		t.Fatal("vae-trainer is not registered")
	}
	names := spec.Params.Names()
	uses := slices.Clone(vaeTrainerUses)
	slices.Sort(names)
	slices.Sort(uses)
	if !slices.Equal(names, uses) {
		t.Fatalf("vae-trainer parameters %v; the claims mapping reads %v", names, uses)
	}
	d := spec.Params.Defaults()
	c := vaeTrainerConfig(d)
	m := c.Model
	if m.Kind != "vae" || m.Latent != d["latent"] || len(m.Hidden) != 1 || m.Hidden[0] != d["hidden"] ||
		m.Beta != d["beta"] || m.LR != d["lr"] || m.Batch != d["batch"] || int(m.Seed) != d["seed"] ||
		m.Output != "bernoulli" || c.Data.Source != "mnist" {
		t.Errorf("defaults %v map to %+v", d, c)
	}
	d["dataset"] = "circle"
	if c := vaeTrainerConfig(d); c.Model.Output != "gaussian" || c.Data.Source != "toy" || c.Data.Name != "circle" ||
		math.Abs(c.Model.OutputVar-d["dec_sigma"].(float64)*d["dec_sigma"].(float64)) > 1e-12 {
		t.Errorf("a toy set maps to %+v", c)
	}
}

// Every kind with claim metrics is a registered widget, and every
// experiment belongs to a declared kind.
func TestKindsAreWidgets(t *testing.T) {
	for name := range claims.Kinds {
		if _, ok := widget.Lookup(name); !ok {
			t.Errorf("claims.Kinds has %q, which is no registered widget", name)
		}
	}
	for name := range experiments {
		if _, ok := claims.Kinds[name]; !ok {
			t.Errorf("experiment %q has no claims.Kinds entry (its metrics)", name)
		}
	}
}

// tinyDist writes a small site folder: a synthetic MNIST subset (1,000
// training digits, enough for the classifier's 100 labelled per class), a
// VAE trained for a few steps on it, saved by the worker under the
// pretrained model's name, and small untrained AE, DAE and CAE under the
// served ones' names.
func tinyDist(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []struct {
		name string
		n    int
	}{{"mnist-train.bin", 1000}, {"mnist-test.bin", 40}} {
		d := worker.SyntheticMNIST(f.n, uint64(f.n))
		pix, lab := make([]uint8, len(d.X)), make([]uint8, f.n)
		for i, v := range d.X {
			pix[i] = uint8(v * 255)
		}
		for i := range lab {
			lab[i] = uint8(d.Labels[i])
		}
		var b bytes.Buffer
		if err := data.EncodeMNIST(&b, f.n, 28, 28, lab, pix); err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dir, "data", f.name), b.Bytes())
	}
	x := &Runner{Dist: dir}
	w := x.worker()
	m := spec.Default(spec.VAE)
	m.Hidden, m.Latent, m.Batch = []int{16}, 2, 20
	cfg := protocol.CreateBody{Model: m, Data: protocol.DataConfig{Source: "mnist"}}
	for _, req := range []struct {
		typ  string
		body any
	}{{protocol.Create, cfg}, {protocol.Train, protocol.TrainBody{Steps: 3}}} {
		if _, err := request(w, "s", req.typ, req.body, nil); err != nil {
			t.Fatal(err)
		}
	}
	saveModel(t, w, "s", vae.PretrainedName, dir)
	for _, name := range apps.ServedEncoders {
		c := spec.Default(strings.SplitN(name, "-", 2)[0])
		c.Hidden, c.Latent, c.CodeAct = []int{}, 4, "sigmoid"
		if _, err := request(w, name, protocol.Create, protocol.CreateBody{Model: c, Data: protocol.DataConfig{Source: "mnist"}}, nil); err != nil {
			t.Fatal(err)
		}
		saveModel(t, w, name, name, dir)
	}
	return dir
}

// saveModel saves the model in slot as dir/models/NAME.llm.
func saveModel(t *testing.T, w handler, slot, name, dir string) {
	t.Helper()
	reply, f, err := requestF(w, slot, protocol.Save, protocol.SaveBody{Name: name}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var body protocol.BytesReply
	if err := reply.DecodeBody(&body); err != nil {
		t.Fatal(err)
	}
	b, err := protocol.UnpackBytes(f, body.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "models", name+".llm"), b)
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Each experiment measures exactly the metrics its kind declares, with the
// declared shapes (so every outcome the linter accepts can be evaluated).
func TestExperimentsMeasureTheDeclaredMetrics(t *testing.T) {
	x := &Runner{Dist: tinyDist(t)}
	set := map[string]map[string]string{
		"vae-trainer":     {"dataset": "circle", "hidden": "16", "latent": "2"},
		"latent-explorer": {},
		"posterior-view":  {"digit": "3"},
		"estimator-lab":   {"trials": "100"},
		"mnist-features":  {"pretrained": "0"},
	}
	for name, exp := range experiments {
		t.Run(name, func(t *testing.T) {
			spec, _ := widget.Lookup(name)
			v := spec.Params.Defaults()
			for k, s := range set[name] {
				p, _ := spec.Params.Lookup(k)
				val, _, err := p.Parse(s)
				if err != nil {
					t.Fatal(err)
				}
				v[k] = val
			}
			var then *Live
			// A then: phase changing the first live parameter, or training
			// on where nothing changes live but more training is allowed.
			if k := claims.Kinds[name]; len(k.Live) > 0 {
				p, _ := spec.Params.Lookup(k.Live[0])
				then = &Live{Set: params.Values{p.Name: otherValue(p)}, Train: 2}
			} else if k.Trains && trainsOn[name] {
				then = &Live{Set: params.Values{}, Train: 2}
			}
			if then != nil && name == "mnist-features" {
				then.Set = params.Values{"corruption": "salt", "noise": 0.2}
			}
			main, after, err := exp(x, v, 5, then)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range []claims.Measured{main, after} {
				if m == nil && then == nil {
					continue
				}
				checkShapes(t, claims.Kinds[name], m)
			}
		})
	}
}

// trainsOn are the training widgets without live parameters whose claims may
// still have a then: phase that trains more.
var trainsOn = map[string]bool{"inpainting": true}

// otherValue is a valid value of p other than its default: the next choice,
// or 0.5 (0.25 where the default is 0.5), which every live number parameter
// of the widgets allows.
func otherValue(p params.Param) any {
	if p.Kind == params.Choice {
		for _, c := range p.Choices {
			if c != p.Default {
				return c
			}
		}
	}
	if p.Kind == params.Int {
		if d, ok := p.Default.(int); ok && float64(d) == p.Min {
			return int(p.Max)
		}
		return int(p.Min)
	}
	if p.Default == 0.5 {
		return 0.25
	}
	return 0.5
}

func checkShapes(t *testing.T, k claims.Kind, m claims.Measured) {
	t.Helper()
	if len(m) != len(k.Metrics) {
		t.Errorf("measured %d values, declared %d: %v", len(m), len(k.Metrics), m)
	}
	for _, d := range k.Metrics {
		v, ok := m[d.Name]
		switch d.Shape {
		case claims.Scalar:
			_, ok = v.(float64)
		case claims.List:
			_, ok = v.([]float64)
		case claims.Flag:
			_, ok = v.(bool)
		}
		if !ok {
			t.Errorf("%s = %#v: not of its declared shape", d.Name, v)
		}
	}
}

// A failing claim names its file, line, seed, outcome and the measured
// values; a pending claim that holds is a problem too (remove the mark).
func TestRunReportsFailuresAndPendingThatHolds(t *testing.T) {
	dir := t.TempDir()
	lesson := "---\ntitle: T\nslug: t\norder: 1\nsummary: S\nobjectives: [O]\nminutes: 5\n---\n\n" +
		"```widget vae-trainer\nid: tr\ndataset: circle\nhidden: 16\n```\n\n" + // lines 10–14
		"```claim\nid: holds\nwidget: tr\ntrain: 4\nseeds: [1, 2]\nexpect: steps == 4\n```\n\n" + // 16–22
		"```claim\nid: fails\nwidget: tr\ntrain: 4\nexpect:\n  - steps == 4\n  - kl < 0\n```\n\n" + // 24–31
		"```claim\nid: early\nwidget: tr\ntrain: 4\nexpect: steps == 4\npending: waits for a widget change\n```\n" // 33–
	write(t, filepath.Join(dir, "t.md"), []byte(lesson))
	jobs, err := Jobs(dir, nil)
	if err != nil || len(jobs) != 3 {
		t.Fatalf("jobs %v, %v", jobs, err)
	}
	x := &Runner{Dist: t.TempDir()}
	want := []string{
		"",
		dir + "/t.md:30: claim fails (seed 1): kl < 0 does not hold: measured kl = ",
		dir + "/t.md:33: claim early is marked pending (waits for a widget change) but now holds on seeds [1]: remove pending:",
	}
	for i, j := range jobs {
		r := x.Run(j, nil)
		p := r.Problem()
		if want[i] == "" && p != "" || want[i] != "" && !bytes.HasPrefix([]byte(p), []byte(want[i])) {
			t.Errorf("claim %s: problem %q; want prefix %q", j.Claim.ID, p, want[i])
		}
	}
	if r := x.Run(jobs[0], nil); len(r.Seeds) != 2 || r.Seeds[1].Seed != 2 || !r.Holds() {
		t.Errorf("seeds: %+v", r.Seeds)
	}
}

// Claims on the same settings share one run; other steps, values or a live
// phase are other runs.
func TestRunsAreShared(t *testing.T) {
	x := &Runner{}
	n := 0
	f := func() (claims.Measured, claims.Measured, error) {
		n++
		return claims.Measured{"a": float64(n)}, nil, nil
	}
	key := runKey("k", params.Values{"a": 1, "b": 0.3}, 10, nil)
	if k := runKey("k", params.Values{"b": 0.3, "a": 1}, 10, nil); k != key {
		t.Fatalf("the same values give keys %q and %q", key, k)
	}
	for _, k := range []string{
		runKey("k", params.Values{"a": 1, "b": 0.3}, 20, nil),
		runKey("k", params.Values{"a": 1, "b": 0.4}, 10, nil),
		runKey("k", params.Values{"a": 1, "b": 0.3}, 10, &Live{Set: params.Values{"b": 1.0}, Train: 5}),
	} {
		if k == key {
			t.Errorf("different runs share the key %q", k)
		}
	}
	m1, _, _ := x.cached(key, f)
	m2, _, _ := x.cached(key, f)
	if n != 1 || m1["a"] != m2["a"] {
		t.Errorf("the run ran %d times (%v, %v)", n, m1, m2)
	}
}

// With TrainSeeds (make test's budget) a claim that trains runs on its
// first seeds only; an explicit seed list (make claims) still runs them all.
func TestTrainSeedsCapsClaimsThatTrain(t *testing.T) {
	dir := t.TempDir()
	lesson := "---\ntitle: T\nslug: t\norder: 1\nsummary: S\nobjectives: [O]\nminutes: 5\n---\n\n" +
		"```widget vae-trainer\nid: tr\ndataset: circle\nhidden: 16\n```\n\n" +
		"```claim\nid: three\nwidget: tr\ntrain: 4\nseeds: [3, 1, 2]\nexpect: steps == 4\n```\n"
	write(t, filepath.Join(dir, "t.md"), []byte(lesson))
	jobs, err := Jobs(dir, nil)
	if err != nil || len(jobs) != 1 {
		t.Fatalf("jobs %v, %v", jobs, err)
	}
	seedsOf := func(r Result) []int {
		var s []int
		for _, sd := range r.Seeds {
			s = append(s, sd.Seed)
		}
		return s
	}
	for _, c := range []struct {
		cap   int
		given []int
		want  []int
	}{
		{0, nil, []int{3, 1, 2}},
		{1, nil, []int{3}},
		{2, nil, []int{3, 1}},
		{5, nil, []int{3, 1, 2}},
		{1, []int{4, 5}, []int{4, 5}},
	} {
		x := &Runner{Dist: t.TempDir(), TrainSeeds: c.cap}
		r := x.Run(jobs[0], c.given)
		if got := seedsOf(r); !slices.Equal(got, c.want) || !r.Holds() {
			t.Errorf("TrainSeeds %d, seeds %v: ran %v (holds %v), want %v", c.cap, c.given, got, r.Holds(), c.want)
		}
	}
}
