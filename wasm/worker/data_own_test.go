package worker

import (
	"math"
	"strings"
	"testing"

	"latentlab/core/owndata"
	"latentlab/core/spec"
	"latentlab/wasm/protocol"
)

// ownPoints is a noisy-free ring of n points in the plane.
func ownPoints(n int) []float32 {
	x := make([]float32, 0, 2*n)
	for i := range n {
		a := 2 * math.Pi * float64(i) / float64(n)
		x = append(x, float32(math.Cos(a)), float32(math.Sin(a)))
	}
	return x
}

// TestOwnData: an own data set travels as the create payload, is split 4:1
// into training and held-out points, trains, and its points never come
// back in the reply's configuration.
func TestOwnData(t *testing.T) {
	w := New(Engine{}, nil)
	var created protocol.CreatedBody
	mustCall(t, w, protocol.Create, "own", &protocol.CreateBody{
		Model: spec.Config{Kind: "vae", Hidden: []int{16}, Latent: 2, LR: 0.01, Batch: 20, Output: "gaussian", OutputVar: 0.03},
		Data:  protocol.DataConfig{Source: "own", Dim: 2},
	}, ownPoints(100), &created)
	if created.Input != 2 || created.Train != 80 || created.Test != 20 {
		t.Fatalf("created %+v", created)
	}
	if d := created.Config.Data; d.Source != "own" || d.Dim != 2 || d.N != 80 || len(d.Points) != 0 {
		t.Errorf("effective data %+v", d)
	}
	var tr protocol.TrainedBody
	mustCall(t, w, protocol.Train, "own", &protocol.TrainBody{Steps: 200, EvalEnd: true}, nil, &tr)
	first, last := tr.Metrics[0].Loss, tr.Metrics[len(tr.Metrics)-1].Loss
	if !(last < first) || len(tr.Eval) != 1 {
		t.Errorf("loss %g → %g, %d evaluations", first, last, len(tr.Eval))
	}
}

// TestOwnDataLoad: a model file or its safetensors weights opened on an own
// data set carry the points after the file in the payload, and the model
// trains on them (a load used to arrive without them: "no points were sent").
func TestOwnDataLoad(t *testing.T) {
	w := New(Engine{}, nil)
	mustCall(t, w, protocol.Create, "own", &protocol.CreateBody{
		Model: spec.Config{Kind: "vae", Hidden: []int{16}, Latent: 2, LR: 0.01, Batch: 20, Output: "gaussian", OutputVar: 0.03},
		Data:  protocol.DataConfig{Source: "own", Dim: 2},
	}, ownPoints(100), nil)
	mustCall(t, w, protocol.Train, "own", &protocol.TrainBody{Steps: 5}, nil, nil)
	var br protocol.BytesReply
	file := mustCall(t, w, protocol.Save, "own", nil, nil, &br)
	var wf protocol.WeightsFileReply
	weights := mustCall(t, w, protocol.ExportWeights, "own", nil, nil, &wf)
	own := &protocol.DataConfig{Source: "own", Dim: 2}
	for _, c := range []struct {
		typ  string
		body any
		f    []float32
	}{
		{protocol.Load, &protocol.LoadBody{Bytes: br.Bytes, Data: own, Kind: "vae"}, append(file, ownPoints(60)...)},
		{protocol.ImportWeights, &protocol.ImportWeightsBody{Weights: wf.Weights, Sidecar: wf.Sidecar, Data: own, Kind: "vae"}, append(weights, ownPoints(60)...)},
	} {
		var created protocol.CreatedBody
		mustCall(t, w, c.typ, "again", c.body, c.f, &created)
		if created.Input != 2 || created.Train != 48 || created.Test != 12 || created.Step != 5 {
			t.Errorf("%s on own data: %+v", c.typ, created)
		}
		mustCall(t, w, protocol.Train, "again", &protocol.TrainBody{Steps: 3}, nil, nil)
	}
}

func TestOwnDataRefused(t *testing.T) {
	w := New(Engine{}, nil)
	nan := ownPoints(30)
	nan[17] = float32(math.NaN())
	for _, c := range []struct {
		name string
		f    []float32
		dim  int
		want string
	}{
		{"nothing sent", nil, 2, "no points were sent"},
		{"one point", []float32{1, 2}, 2, "at least 2"},
		{"ragged", []float32{1, 2, 3}, 2, "not whole points"},
		{"NaN", nan, 2, "point 9, coordinate 2 is NaN"},
		{"no dim", ownPoints(30), 0, "coordinates per point"},
	} {
		m := protocol.MustNew(protocol.Create, &protocol.CreateBody{Model: spec.Config{Kind: "ae", Latent: 1},
			Data: protocol.DataConfig{Source: "own", Dim: c.dim}})
		m.Slot = "own"
		r, _ := w.Handle(m, c.f)
		if err := r.Err(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

// TestOwnImages: own images (784 intensities each) train a Bernoulli VAE
// with the images' shape, so that reconstructions come back as 28×28
// images; an intensity outside [0, 1] is refused.
func TestOwnImages(t *testing.T) {
	w := New(Engine{}, nil)
	x := make([]float32, 30*owndata.ImagePixels)
	for i := range 30 {
		for p := range 100 {
			x[i*owndata.ImagePixels+300+p+i] = 1 // a bar that moves
		}
	}
	var created protocol.CreatedBody
	mustCall(t, w, protocol.Create, "img", &protocol.CreateBody{
		Model: spec.Config{Kind: "vae", Hidden: []int{32}, Latent: 2, LR: 0.003, Batch: 10, Output: "bernoulli"},
		Data:  protocol.DataConfig{Source: "own", Dim: owndata.ImagePixels},
	}, x, &created)
	if created.Input != 784 || created.Width != 28 || created.Height != 28 || created.Train != 24 || created.Test != 6 {
		t.Fatalf("created %+v", created)
	}
	var tr protocol.TrainedBody
	mustCall(t, w, protocol.Train, "img", &protocol.TrainBody{Steps: 50, EvalEnd: true}, nil, &tr)
	if first, last := tr.Metrics[0].Loss, tr.Metrics[len(tr.Metrics)-1].Loss; !(last < first) {
		t.Errorf("loss %g → %g", first, last)
	}
	x[5] = 2
	r, _ := call(t, w, protocol.Create, "img", &protocol.CreateBody{Model: spec.Config{Kind: "vae"}, Data: protocol.DataConfig{Source: "own", Dim: owndata.ImagePixels}}, x, nil)
	if err := r.Err(); err == nil || !strings.Contains(err.Error(), "image 1, pixel 6 is 2 (intensities are 0…1)") {
		t.Errorf("a bright pixel: %v", err)
	}
}
