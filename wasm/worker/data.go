package worker

import (
	"errors"
	"fmt"

	"latentlab/wasm/protocol"
)

// Limits on what a request may ask for (a model's own limits are spec's).
const (
	maxSteps = 5000 // per train request
	maxToyN  = 100000
)

// loadData returns the train and test sets for d, with d's defaults filled in.
func (w *Worker) loadData(d protocol.DataConfig) (train, test *Dataset, _ protocol.DataConfig, err error) {
	switch d.Source {
	case "mnist":
		if d.HeldOutOnly {
			test, err := w.mnistSplit(1)
			if err != nil {
				return nil, nil, d, err
			}
			if d.Test <= 0 || d.Test > test.N {
				d.Test = test.N
			}
			d.N = 0
			return nil, prefix(test, d.Test), d, nil
		}
		if train, err = w.mnistSplit(0); err == nil {
			test, err = w.mnistSplit(1)
		}
		if err != nil {
			return nil, nil, d, err
		}
		d.DeferTrain = false
		if d.N <= 0 || d.N > train.N {
			d.N = train.N
		}
		if d.Test <= 0 || d.Test > test.N {
			d.Test = test.N
		}
		kept, err := withoutClasses(prefix(train, d.N), d.Exclude)
		return kept, prefix(test, d.Test), d, err
	case "toy":
		if d.N == 0 {
			d.N = 1000
		}
		if d.Test == 0 {
			d.Test = 500
		}
		if d.N < 1 || d.N > maxToyN || d.Test < 0 || d.Test > maxToyN {
			return nil, nil, d, fmt.Errorf("toy set sizes %d/%d out of range 1…%d", d.N, d.Test, maxToyN)
		}
		if d.Seed == 0 {
			d.Seed = 1
		}
		train, err := w.backend.Toy(d.Name, d.N, d.Noise, d.Seed)
		if err != nil {
			return nil, nil, d, fmt.Errorf("toy set %q: %w", d.Name, err)
		}
		if d.Test > 0 {
			// The held-out set comes from the same generator with another seed.
			if test, err = w.backend.Toy(d.Name, d.Test, d.Noise, d.Seed^0x9e3779b97f4a7c15); err != nil {
				return nil, nil, d, fmt.Errorf("toy set %q: %w", d.Name, err)
			}
		}
		return train, test, d, nil
	case "own":
		train, test, err := ownData(d.Points, d.Dim)
		d.Points, d.N = nil, train.N
		if test != nil {
			d.Test = test.N
		}
		return train, test, d, err
	case "":
		return nil, nil, d, errors.New(`dataset source is missing ("mnist", "toy" or "own")`)
	}
	return nil, nil, d, fmt.Errorf("unknown dataset source %q (mnist, toy or own)", d.Source)
}

// mnistSplit fetches and decodes one split of the MNIST subset (0: train,
// 1: held out) once; each is fetched only when first needed.
func (w *Worker) mnistSplit(i int) (*Dataset, error) {
	if w.mnist[i] != nil {
		return w.mnist[i], nil
	}
	p := []string{MNISTTrainPath, MNISTTestPath}[i]
	b, err := w.fetch(p)
	if err != nil {
		return nil, fmt.Errorf("load MNIST: %w", err)
	}
	d, err := w.backend.DecodeMNIST(b)
	if err != nil {
		return nil, fmt.Errorf("load MNIST %s: %w", p, err)
	}
	w.mnist[i] = d
	return d, nil
}

// prefix returns the first n points of d (sharing memory).
func prefix(d *Dataset, n int) *Dataset {
	if n >= d.N {
		return d
	}
	p := *d
	p.N = n
	p.X = d.X[:n*d.Dim]
	if d.Labels != nil {
		p.Labels = d.Labels[:n]
	}
	return &p
}
