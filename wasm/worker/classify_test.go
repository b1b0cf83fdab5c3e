package worker

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"latentlab/core/data"
	"latentlab/core/spec"
	"latentlab/wasm/protocol"
)

// stripedMNIST is an MNIST subset file of n digits whose class c lights
// rows 2c+3…2c+4 of the image (plus a little noise): separable by pixels.
func stripedMNIST(t *testing.T, n int, seed uint64) []byte {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 2))
	labels, pixels := make([]uint8, n), make([]uint8, n*784)
	for i := range labels {
		c := i % 10
		labels[i] = uint8(c)
		for p := 0; p < 784; p++ {
			v := rng.IntN(40)
			if r := p / 28; r == 2*c+3 || r == 2*c+4 {
				v += 180
			}
			pixels[i*784+p] = uint8(v)
		}
	}
	var b bytes.Buffer
	if err := data.EncodeMNIST(&b, n, 28, 28, labels, pixels); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestClassifyCodesAndPixels(t *testing.T) {
	train, test := stripedMNIST(t, 300, 1), stripedMNIST(t, 100, 2)
	w := New(Engine{}, func(path string) ([]byte, error) {
		switch path {
		case MNISTTrainPath:
			return train, nil
		case MNISTTestPath:
			return test, nil
		}
		return nil, errors.New("404 " + path)
	})
	c := spec.Default(spec.AE)
	c.Latent, c.Hidden = 8, []int{32}
	mustCall(t, w, protocol.Create, "s", &protocol.CreateBody{Model: c, Data: protocol.DataConfig{Source: "mnist"}}, nil, &protocol.CreatedBody{})
	for _, features := range []string{"pixels", "code"} {
		var r protocol.ClassifyReply
		mustCall(t, w, protocol.Classify, "s", &protocol.ClassifyBody{Features: features, Labelled: []int{10, 100}, Seed: 3, Decay: 0.01}, nil, &r)
		if len(r.Accuracy) != 2 || r.Test != 100 {
			t.Fatalf("%s: reply %+v", features, r)
		}
		if features == "pixels" && (r.Dim != 784 || r.Accuracy[1] < 0.99) {
			t.Errorf("pixels of separable digits: %+v, want 784 features and accuracy ≈ 1 with 100 labels", r)
		}
		if features == "code" && r.Dim != 8 {
			t.Errorf("codes: %d features, want 8", r.Dim)
		}
		var again protocol.ClassifyReply
		mustCall(t, w, protocol.Classify, "s", &protocol.ClassifyBody{Features: features, Labelled: []int{10, 100}, Seed: 3, Decay: 0.01}, nil, &again)
		if again.Accuracy[0] != r.Accuracy[0] || again.Accuracy[1] != r.Accuracy[1] {
			t.Errorf("%s: two requests measured %v and %v", features, r.Accuracy, again.Accuracy)
		}
	}
	for body, want := range map[*protocol.ClassifyBody]string{
		{Features: "colour", Labelled: []int{10}}:          "features",
		{Features: "code", Labelled: []int{15}}:            "multiple",
		{Features: "code"}:                                 "labelled sizes",
		{Features: "code", Labelled: []int{10000}}:         "fewer than",
		{Features: "code", Labelled: []int{10}, Decay: -1}: "decay",
	} {
		if r, _ := call(t, w, protocol.Classify, "s", body, nil, nil); !strings.Contains(r.Error, want) {
			t.Errorf("%+v: error %q, want it to mention %q", *body, r.Error, want)
		}
	}
}
