package worker

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"

	"latentlab/core/anomaly"
	"latentlab/core/data"
	"latentlab/core/spec"
	"latentlab/wasm/protocol"
)

// mnistFetch serves synthetic MNIST files in the real format.
func mnistFetch(t testing.TB) func(string) ([]byte, error) { return syntheticFetch(t, 60, 30) }

// syntheticFetch serves synthetic MNIST files of train and test digits in
// the real format.
func syntheticFetch(t testing.TB, train, test int) func(string) ([]byte, error) {
	t.Helper()
	files := map[string][]byte{}
	for path, n := range map[string]int{MNISTTrainPath: train, MNISTTestPath: test} {
		d := SyntheticMNIST(n, uint64(n))
		pix, lab := make([]uint8, len(d.X)), make([]uint8, n)
		for i, v := range d.X {
			pix[i] = uint8(v * 255)
		}
		for i := range lab {
			lab[i] = uint8(d.Labels[i])
		}
		var b bytes.Buffer
		if err := data.EncodeMNIST(&b, n, 28, 28, lab, pix); err != nil {
			t.Fatal(err)
		}
		files[path] = b.Bytes()
	}
	return func(path string) ([]byte, error) {
		if b, ok := files[path]; ok {
			return b, nil
		}
		return nil, errors.New("404 " + path)
	}
}

// A score request gives what scoring the reconstruct and encode replies
// in the page gave (core/anomaly.Score), the highest-scoring inputs, and
// scores corrupted digits and given inputs; bad requests are refused.
func TestScoreMatchesPageScoring(t *testing.T) {
	w := New(Engine{}, mnistFetch(t))
	cfg := spec.Default(spec.VAE)
	cfg.Hidden, cfg.Latent = []int{16}, 2
	mustCall(t, w, protocol.Create, "v", &protocol.CreateBody{Model: cfg, Data: protocol.DataConfig{Source: "mnist"}}, nil, nil)
	mustCall(t, w, protocol.Train, "v", &protocol.TrainBody{Steps: 3}, nil, nil)
	sel := protocol.EncodeBody{Split: "test", Count: 30}
	var rec protocol.ReconstructReply
	pairs := mustCall(t, w, protocol.Reconstruct, "v", &sel, nil, &rec)
	var enc protocol.EncodeReply
	codes := mustCall(t, w, protocol.Encode, "v", &sel, nil, &enc)
	x, r := pairs[:30*784], pairs[30*784:]
	for _, relative := range []bool{false, true} {
		want, err := anomaly.Score(x, r, 784, codes[:60], codes[60:], 2, relative)
		if err != nil {
			t.Fatal(err)
		}
		var sr protocol.ScoreReply
		f := mustCall(t, w, protocol.Score, "v", &protocol.ScoreBody{EncodeBody: sel, Relative: relative, Top: 3}, nil, &sr)
		if sr.N != 30 || sr.Dim != 784 || len(sr.Labels) != 30 || len(sr.Top) != 3 || len(f) != 30+3*784 {
			t.Fatalf("relative %v: reply %+v with %d values", relative, sr, len(f))
		}
		for i := range want {
			if math.Abs(float64(f[i])-want[i]) > 1e-5*math.Abs(want[i])+1e-6 {
				t.Fatalf("relative %v: score %d is %g, the page's scoring %g", relative, i, f[i], want[i])
			}
		}
		top := anomaly.Top(want, 3)
		for j, k := range sr.Top {
			if k != top[j] || f[30+j*784+400] != x[k*784+400] {
				t.Errorf("relative %v: top %v, want %v (inputs returned with them)", relative, sr.Top, top)
			}
		}
	}
	var plain, noisy protocol.ScoreReply
	pf := mustCall(t, w, protocol.Score, "v", &protocol.ScoreBody{EncodeBody: sel, Relative: true}, nil, &plain)
	nf := mustCall(t, w, protocol.Score, "v", &protocol.ScoreBody{EncodeBody: sel, Relative: true, Corrupt: anomaly.Noise, Seed: 1}, nil, &noisy)
	if len(nf) != 30 || nf[0] == pf[0] {
		t.Errorf("noise left score 0 at %g (was %g), %d values", nf[0], pf[0], len(nf))
	}
	var one protocol.ScoreReply
	of := mustCall(t, w, protocol.Score, "v", &protocol.ScoreBody{EncodeBody: protocol.EncodeBody{Inputs: true}, Relative: true}, x[784:2*784], &one)
	if one.N != 1 || len(of) != 1 || math.Abs(float64(of[0]-pf[1])) > 1e-6 {
		t.Errorf("a given input scores %v (%+v), as held-out digit 1 %g", of, one, pf[1])
	}
	for _, c := range []struct {
		body protocol.ScoreBody
		want string
	}{
		{protocol.ScoreBody{EncodeBody: sel, Corrupt: "blur"}, "unknown corruption"},
		{protocol.ScoreBody{EncodeBody: sel, Top: maxTop + 1}, "top"},
	} {
		if r, _ := call(t, w, protocol.Score, "v", &c.body, nil, nil); !strings.Contains(r.Error, c.want) {
			t.Errorf("%+v: error %q, want one containing %q", c.body, r.Error, c.want)
		}
	}
}

// With importance samples a VAE's score is core/anomaly.ImportanceWeighted
// of the encode reply's posteriors, sampled with the request's seed and
// decoded by the decode request; more samples tighten the bound on
// average; an AE or too many samples are refused.
func TestScoreImportanceWeighted(t *testing.T) {
	w := New(Engine{}, mnistFetch(t))
	cfg := spec.Default(spec.VAE)
	cfg.Hidden, cfg.Latent = []int{16}, 2
	mustCall(t, w, protocol.Create, "v", &protocol.CreateBody{Model: cfg, Data: protocol.DataConfig{Source: "mnist"}}, nil, nil)
	mustCall(t, w, protocol.Train, "v", &protocol.TrainBody{Steps: 20}, nil, nil)
	const n, k = 30, 8
	sel := protocol.EncodeBody{Split: "test", Count: n}
	var enc protocol.EncodeReply
	codes := mustCall(t, w, protocol.Encode, "v", &sel, nil, &enc)
	var rec protocol.ReconstructReply
	x := mustCall(t, w, protocol.Reconstruct, "v", &sel, nil, &rec)[:n*784]
	q := anomaly.Posterior{Mu: codes[:n*2], Sigma: codes[n*2:], Latent: 2}
	eps := anomaly.StandardNoise(q, k, 3)
	z, err := anomaly.Samples(q, eps, k)
	if err != nil {
		t.Fatal(err)
	}
	var dec protocol.ImagesReply
	probs := mustCall(t, w, protocol.Decode, "v", &protocol.DecodeBody{}, z, &dec)
	want, err := anomaly.ImportanceWeighted(x, probs, 784, q, eps, k)
	if err != nil {
		t.Fatal(err)
	}
	var sr protocol.ScoreReply
	got := mustCall(t, w, protocol.Score, "v", &protocol.ScoreBody{EncodeBody: sel, Samples: k, Seed: 3}, nil, &sr)
	for i := range want {
		if math.Abs(float64(got[i])-want[i]) > 1e-5*math.Abs(want[i]) {
			t.Fatalf("score %d is %g, from the encode and decode replies %g", i, got[i], want[i])
		}
	}
	mean := func(k int) float64 {
		f := mustCall(t, w, protocol.Score, "v", &protocol.ScoreBody{EncodeBody: sel, Samples: k, Seed: 5}, nil, &sr)
		s := 0.0
		for _, v := range f {
			s += float64(v) / n
		}
		return s
	}
	if m1, m50 := mean(1), mean(50); m50 >= m1 {
		t.Errorf("mean bound %g nats with 50 samples, not below %g with 1", m50, m1)
	}
	mustCall(t, w, protocol.Create, "a", &protocol.CreateBody{Model: spec.Default(spec.AE), Data: protocol.DataConfig{Source: "mnist"}}, nil, nil)
	for _, c := range []struct {
		slot string
		body protocol.ScoreBody
		want string
	}{
		{"a", protocol.ScoreBody{EncodeBody: sel, Samples: 4}, "need a VAE"},
		{"v", protocol.ScoreBody{EncodeBody: sel, Samples: maxImportance + 1}, "importance samples"},
	} {
		if r, _ := call(t, w, protocol.Score, c.slot, &c.body, nil, nil); !strings.Contains(r.Error, c.want) {
			t.Errorf("%+v: error %q, want one containing %q", c.body, r.Error, c.want)
		}
	}
}
