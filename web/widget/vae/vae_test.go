package vae

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"latentlab/core/formula"
	"latentlab/core/infer"
	"latentlab/core/modelfile"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/web/params"
	"latentlab/web/widget"
)

func TestWidgetsRegistered(t *testing.T) {
	for _, name := range []string{"vae-trainer", "latent-explorer", "manifold-grid", "interpolation", "prior-samples", "posterior-view", "draw-digit"} {
		s, ok := widget.Lookup(name)
		if !ok {
			t.Errorf("%s not registered", name)
			continue
		}
		seen := map[string]bool{}
		for _, p := range s.Params {
			if seen[p.Name] {
				t.Errorf("%s: parameter %s twice", name, p.Name)
			}
			seen[p.Name] = true
			// Every default must survive its own parser unchanged (no note).
			v, note, err := p.Parse(p.Format(p.Default))
			if err != nil || note != nil || p.Format(v) != p.Format(p.Default) {
				t.Errorf("%s.%s: default %v does not round-trip (%v, %v)", name, p.Name, p.Default, note, err)
			}
		}
		// The block's values reach the widget: set the last numeric
		// parameter to its maximum and read it back after OnInit.
		vals := s.Params.Defaults()
		var changed params.Param
		for _, p := range s.Params {
			switch p.Kind {
			case params.Int:
				vals[p.Name], changed = int(p.Max), p
			case params.Float:
				vals[p.Name], changed = p.Max, p
			}
		}
		c := s.New(widget.Block{Name: name, ID: "t", Params: vals, Page: widget.NewPage()})
		init, ok := c.(app.Initializer)
		if !ok {
			t.Fatalf("%s has no OnInit", name)
		}
		init.OnInit()
		got := c.(interface{ Values() params.Values }).Values()
		if got[changed.Name] != vals[changed.Name] {
			t.Errorf("%s: %s = %v after OnInit, the block says %v", name, changed.Name, got[changed.Name], vals[changed.Name])
		}
		if _, ok := c.(app.Dismounter); !ok {
			t.Errorf("%s does not release anything when it leaves the page", name)
		}
	}
}

func TestTrainerClampsWithNote(t *testing.T) {
	p, _ := trainerParams.Lookup("lr")
	v, note, err := p.Parse("50")
	if err != nil || note == nil || v.(float64) != 10 {
		t.Fatalf("lr=50 gave %v, %v, %v; want 10 with a note", v, note, err)
	}
	p, _ = trainerParams.Lookup("latent")
	if v, note, _ := p.Parse("40"); v.(int) != 16 || note == nil {
		t.Fatalf("latent=40 gave %v, %v", v, note)
	}
}

func TestGridAxis(t *testing.T) {
	ax := gridAxis(4, 3, false)
	if ax[0] != -3 || ax[3] != 3 || math.Abs(ax[1]+1) > 1e-12 {
		t.Errorf("linear axis %v", ax)
	}
	q := gridAxis(5, 3, true)
	if q[2] != 0 || math.Abs(q[0]+q[4]) > 1e-12 || q[0] >= q[1] {
		t.Errorf("quantile axis %v not symmetric increasing", q)
	}
	if math.Abs(q[4]-formula.NormalQuantile(0.9)) > 1e-12 {
		t.Errorf("quantile axis end %v, want Φ⁻¹(0.9)", q[4])
	}
}

func TestClampDims(t *testing.T) {
	cases := [][5]int{{0, 1, 2, 0, 1}, {5, 9, 2, 1, 0}, {3, 3, 8, 3, 4}, {0, 1, 16, 0, 1}, {15, 15, 16, 15, 0}}
	for _, c := range cases {
		if x, y := clampDims(c[0], c[1], c[2]); x != c[3] || y != c[4] {
			t.Errorf("clampDims(%d,%d,%d) = %d,%d want %d,%d", c[0], c[1], c[2], x, y, c[3], c[4])
		}
	}
}

func TestPadStroke(t *testing.T) {
	p := NewPad(28, 28)
	p.Stroke(4, 14, 24, 14, 1.3)
	if p.Pix[14*28+14] < 0.99 {
		t.Errorf("centre of stroke has ink %v", p.Pix[14*28+14])
	}
	if p.Pix[2*28+14] != 0 {
		t.Error("ink far from the stroke")
	}
	for _, v := range p.Pix {
		if v < 0 || v > 1 {
			t.Fatalf("intensity %v outside [0,1]", v)
		}
	}
	p.Stroke(-10, -10, 40, 40, 2) // off the pad: must not panic
	p.Clear()
	if p.Ink() != 0 {
		t.Error("Clear left ink")
	}
}

func TestSamplesDeterministic(t *testing.T) {
	a, b := samples(4, 3, 9), samples(4, 3, 9)
	for i := range a {
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				t.Fatal("same seed, different samples")
			}
		}
	}
	if c := samples(4, 3, 10); c[0][0] == a[0][0] {
		t.Error("different seeds gave the same first sample")
	}
	// σ = 0 posterior samples are μ.
	zs := posteriorSamples([]float32{1, -2}, []float32{-200, -200}, 3, 1)
	if math.Abs(float64(zs[2][0]-1)) > 1e-6 || math.Abs(float64(zs[2][1]+2)) > 1e-6 {
		t.Errorf("σ→0 samples %v, want μ", zs[2])
	}
}

func TestFirstOfDigit(t *testing.T) {
	c := &Codes{N: 2, Latent: 2, Mu: []float32{1, 2, 3, 4}, Labels: []int{3, 7}}
	s := &Source{Codes: c}
	if s.FirstOfDigit(7, 0) != 1 || s.FirstOfDigit(7, 1) != -1 || s.FirstOfDigit(5, 0) != -1 {
		t.Fatal("FirstOfDigit")
	}
}

func TestSubscript(t *testing.T) {
	if sub(1) != "₁" || sub(12) != "₁₂" {
		t.Fatalf("sub: %q %q", sub(1), sub(12))
	}
	var _ params.Table = explorerParams
}

func TestChooseSource(t *testing.T) {
	p := widget.NewPage()
	spec, _ := widget.Lookup("vae-trainer")
	spec.New(widget.Block{Name: "vae-trainer", ID: "tr", Page: p}) // a trainer on the page publishes its Source
	v := explorerParams.Defaults()
	v["source"] = "tr"
	if s := chooseSource(p, v); s.Key != pretrainedKey(PretrainedName) {
		t.Fatalf("pretrained=true chose %s", s.Key)
	}
	v["pretrained"] = false
	if s := chooseSource(p, v); s.Key != trainerKey("tr") || !s.live {
		t.Fatalf("pretrained=false chose %s", s.Key)
	}
	if s := chooseSource(widget.NewPage(), v); s.Key != pretrainedKey(PretrainedName) {
		t.Fatalf("another page's trainer was followed: %s", s.Key)
	}
	if chooseSource(p, v) != chooseSource(p, v) {
		t.Fatal("two widgets of one page follow different Sources")
	}
	v["source"] = "absent"
	if s := chooseSource(p, v); s.Key != pretrainedKey(PretrainedName) {
		t.Fatalf("unknown trainer chose %s", s.Key)
	}
	v["model"] = "../secret"
	if s := chooseSource(p, v); s.Err == "" {
		t.Fatal("a path as model name was accepted")
	}
}

func TestHeaderMeta(t *testing.T) {
	net := infer.Network{Kind: "vae", Input: 4, Latent: 1, OutputDist: "bernoulli",
		Encoder: infer.MLP{{In: 4, Out: 2, W: make([]float32, 8), B: make([]float32, 2)}},
		Decoder: infer.MLP{{In: 1, Out: 4, W: make([]float32, 4), B: make([]float32, 4), Act: infer.Sigmoid}}}
	var buf bytes.Buffer
	if err := modelfile.Save(&buf, &modelfile.File{Net: net, Step: 42, Meta: map[string]string{"test_neg_elbo": "166.5"}}); err != nil {
		t.Fatal(err)
	}
	step, meta := headerMeta(buf.Bytes())
	if step != 42 || meta["test_neg_elbo"] != "166.5" {
		t.Fatalf("headerMeta = %d, %v", step, meta)
	}
	if s, m := headerMeta([]byte("nonsense header bytes")); s != 0 || m != nil {
		t.Fatal("garbage accepted")
	}
	var src Source
	localLoad(&src, buf.Bytes())
	if src.Net == nil || src.Step != 42 {
		t.Fatal("localLoad")
	}
}

func TestHoldCode(t *testing.T) {
	c := &Source{Codes: &Codes{N: 3, Latent: 3, Mu: []float32{1, 2, 3, 4, 5, 6, 7, 8, 9}, Labels: []int{4, 9, 4}}}
	if got := holdCode(c, "9"); len(got) != 3 || got[0] != 4 || got[2] != 6 {
		t.Fatalf("hold 9 = %v, want the second code", got)
	}
	if got := holdCode(c, "4"); got[0] != 1 {
		t.Fatalf("hold 4 = %v, want the first 4's code", got)
	}
	for _, h := range []string{"zero", "7", "", "x", "10"} {
		if got := holdCode(c, h); got != nil {
			t.Errorf("hold %q = %v, want nil (all zeros)", h, got)
		}
	}
	if holdCode(&Source{}, "4") != nil {
		t.Error("no codes: want nil")
	}
	// The decoder's latent point keeps x, y on the axes and base elsewhere.
	var d decoder
	z := d.point(3, 0, 2, 0.5, -0.5, holdCode(c, "9"))
	if z[0] != 0.5 || z[1] != 5 || z[2] != -0.5 {
		t.Fatalf("point = %v", z)
	}
	v := explorerParams.Defaults()
	if v["hold"] != "zero" {
		t.Fatalf("default hold %q", v["hold"])
	}
}

func TestKLText(t *testing.T) {
	mu, logVar := []float32{1, 0}, []float32{0, float32(math.Log(4))}
	// KL_1 = ½(1 + 1 − 0 − 1) = 0.5; KL_2 = ½(0 + 4 − ln 4 − 1) ≈ 0.807.
	got := klText(mu, logVar)
	if !strings.Contains(got, "1.3 nats") || !strings.Contains(got, "KL₁ 0.5") || !strings.Contains(got, "KL₂ 0.807") {
		t.Errorf("klText = %q", got)
	}
	if got := klText(make([]float32, 6), make([]float32, 6)); !strings.Contains(got, "…") || strings.Contains(got, "KL₅") {
		t.Errorf("6 dimensions: %q (lists at most 4)", got)
	}
	if labelled("Architecture: ", "") != "" || labelled("A: ", "x") != "A: x" {
		t.Error("labelled")
	}
}

// TestTrainerTermsBeforeTraining: before any step the status has no loss
// terms (after a refused model file it read "recon 0 nats · KL 0 nats").
func TestTrainerTermsBeforeTraining(t *testing.T) {
	w := &trainer{}
	w.Init(trainerParams)
	w.plots.init("t")
	if terms := w.terms(); terms != nil {
		t.Errorf("terms before training: %+v", terms)
	}
	w.plots.recon.Add(1, 100)
	w.plots.last.Recon, w.plots.last.KL = 100, 5
	if terms := w.terms(); len(terms) != 3 || terms[2].Value != 105 {
		t.Errorf("terms after a step: %+v", terms)
	}
}

// TestModelNamesFromTheAddress: a model parameter takes only a model the
// site serves, so a crafted address is refused before any fetch, and the
// refusal names the parameter.
func TestModelNamesFromTheAddress(t *testing.T) {
	for _, bad := range []string{"../../web/lessons/index.json#", "cae-mnist", "vae-mnist-2d/../x", "<b>x</b>"} {
		v, notes := explorerParams.FromQuery(map[string][]string{"model": {bad}})
		if pModel.Get(v) != PretrainedName || len(notes) != 1 || !strings.HasPrefix(notes[0].Message, "model: ") ||
			!strings.Contains(notes[0].Message, "is not one of vae-mnist-2d") {
			t.Errorf("model=%s: value %q, notes %+v", bad, pModel.Get(v), notes)
		}
	}
}
