package worker

import (
	"fmt"

	"latentlab/core/analysis"
	"latentlab/core/classify"
	"latentlab/wasm/protocol"
)

// Limits on classify requests.
const (
	maxLabelledSizes = 8
	defaultUnlabeled = 2000
	mnistClasses     = 10
)

// classify fits softmax classifiers on the slot's codes or pixels of a few
// labelled training digits and scores them on the held-out digits.
func (w *Worker) classify(m protocol.Message, _ []float32) (any, []float32, error) {
	s, err := w.slotOf(m)
	if err != nil {
		return nil, nil, err
	}
	b := protocol.ClassifyBody{Unlabelled: defaultUnlabeled}
	if err := m.DecodeBody(&b); err != nil {
		return nil, nil, err
	}
	if len(b.Labelled) == 0 || len(b.Labelled) > maxLabelledSizes {
		return nil, nil, fmt.Errorf("classify: %d labelled sizes (1 to %d)", len(b.Labelled), maxLabelledSizes)
	}
	if b.Unlabelled <= 0 || b.Unlabelled > maxPoints {
		return nil, nil, fmt.Errorf("classify: %d unlabelled digits (1 to %d)", b.Unlabelled, maxPoints)
	}
	var features classify.Features
	switch b.Features {
	case "code":
		net := s.net()
		features = func(x []float32) ([]float32, int, error) {
			mu, _, err := analysis.Encode(net, x)
			return mu, net.Latent, err
		}
	case "pixels":
		features = func(x []float32) ([]float32, int, error) { return x, s.net().Input, nil }
	default:
		return nil, nil, fmt.Errorf("classify: features %q (code or pixels)", b.Features)
	}
	train, err := s.split("train")
	if err != nil {
		return nil, nil, err
	}
	test, err := s.split("test")
	if err != nil {
		return nil, nil, err
	}
	if train.Labels == nil || test.Labels == nil {
		return nil, nil, fmt.Errorf("classify: this model's data has no labels (MNIST only)")
	}
	e := classify.Experiment{Labelled: b.Labelled, Classes: mnistClasses, Seed: b.Seed, Decay: b.Decay, Unlabelled: b.Unlabelled,
		Yield: w.yield}
	acc, err := e.Run(classify.Set{X: train.X, Dim: train.Dim, Labels: train.Labels},
		classify.Set{X: test.X, Dim: test.Dim, Labels: test.Labels}, features)
	if err != nil {
		return nil, nil, err
	}
	_, dim, _ := features(test.X[:test.Dim])
	return &protocol.ClassifyReply{Accuracy: acc, Dim: dim, Test: test.N}, nil, nil
}
