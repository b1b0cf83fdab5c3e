package worker

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"time"

	"latentlab/core/infer"
	"latentlab/core/spec"
	"latentlab/wasm/protocol"
)

// benchWorkload returns a reference workload's name as the bench reports it
// and its model configuration (spec.Preset; "D1r", D1 through the row
// products of Network.DecodeInto, decodes with D1's model).
func benchWorkload(name string) (string, spec.Config, error) {
	if strings.EqualFold(name, "D1r") {
		cfg, err := spec.Preset("D1")
		return "D1r", cfg, err
	}
	cfg, err := spec.Preset(name)
	return strings.ToUpper(name), cfg, err
}

// SyntheticMNIST returns n deterministic MNIST-like rows: 28×28 pixels in
// [0,1], zero outside a centred 20×20 box and about 19% non-zero overall
// (MNIST's density), so that sparse kernels see realistic work.
func SyntheticMNIST(n int, seed uint64) *Dataset {
	rng := rand.New(rand.NewPCG(seed, 0x3a1))
	d := &Dataset{X: make([]float32, n*784), N: n, Dim: 784, Labels: make([]int, n), Width: 28, Height: 28}
	for i := range n {
		row := d.Row(i)
		for y := 4; y < 24; y++ {
			for x := 4; x < 24; x++ {
				if rng.Float64() < 0.37 {
					if rng.Float64() < 0.5 {
						row[y*28+x] = 1
					} else {
						row[y*28+x] = float32(rng.Float64())
					}
				}
			}
		}
		d.Labels[i] = i % 10
	}
	return d
}

// RunBench times a reference workload: warmup untimed steps, then steps timed
// one by one. For "D1" a step is one decode of a latent point by R1's decoder
// prepared once for decoding (infer.Compile: the weights in the trainer's
// In×Out layout, each layer a sum of the weight rows of its non-zero inputs,
// so half of the hidden ReLU units cost nothing); for "D1r" by the snapshot's
// row products (Network.DecodeInto: one dot product of all 256 hidden units
// per pixel; the page's widgets decode in the column form too).
func RunBench(b Backend, workload string, steps, warmup int, data *Dataset) (protocol.BenchReply, error) {
	r, _, err := runBench(b, workload, steps, warmup, data)
	return r, err
}

// runBench is RunBench that also returns the trained model.
func runBench(b Backend, workload string, steps, warmup int, data *Dataset) (protocol.BenchReply, Trainer, error) {
	workload, cfg, err := benchWorkload(workload)
	if err != nil {
		return protocol.BenchReply{}, nil, err
	}
	cfg.Input = data.Dim
	if steps < 1 {
		steps = 20
	}
	tr, err := b.NewTrainer(cfg, data)
	if err != nil {
		return protocol.BenchReply{}, nil, err
	}
	ms := make([]float64, 0, steps)
	switch workload {
	case "D1", "D1r":
		net := tr.Network()
		dst := make([]float32, net.Input)
		z := []float32{0.3, -0.7}
		c := infer.Compile(net.Decoder)
		decode := func() { c.Forward(dst, z) }
		if workload == "D1r" {
			var ws infer.Workspace
			decode = func() { net.DecodeInto(&ws, dst, z) }
		}
		const reps = 100 // one decode is ~µs: time batches of decodes
		for i := range warmup + steps {
			t := time.Now()
			for range reps {
				decode()
				z[0] += 1e-3
			}
			if i >= warmup {
				ms = append(ms, float64(time.Since(t).Nanoseconds())/1e6/reps)
			}
		}
	default:
		for i := range warmup + steps {
			t := time.Now()
			if _, err := tr.Step(); err != nil {
				return protocol.BenchReply{}, nil, fmt.Errorf("bench %s step %d: %w", workload, i, err)
			}
			if i >= warmup {
				ms = append(ms, float64(time.Since(t).Nanoseconds())/1e6)
			}
		}
	}
	med := Median(ms)
	r := protocol.BenchReply{Workload: workload, Millis: ms, MedianMs: med, Float: b.Float(), GoArch: runtime.GOARCH}
	if med > 0 {
		r.StepsPerS = 1000 / med
	}
	return r, tr, nil
}

// Median returns the median of v (0 for none).
func Median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func (w *Worker) bench(m protocol.Message, _ []float32) (any, []float32, error) {
	b := protocol.BenchBody{Steps: 20, Warmup: 3}
	if err := m.DecodeBody(&b); err != nil {
		return nil, nil, err
	}
	if b.Steps < 1 || b.Steps > 1000 || b.Warmup < 0 || b.Warmup > 100 {
		return nil, nil, fmt.Errorf("bench steps %d / warmup %d out of range", b.Steps, b.Warmup)
	}
	var data *Dataset
	switch b.Data {
	case "", "synthetic":
		b.Data = "synthetic"
		data = SyntheticMNIST(1000, 1)
	case "mnist":
		var err error
		if data, err = w.mnistSplit(0); err != nil {
			return nil, nil, err
		}
	default:
		return nil, nil, fmt.Errorf("unknown bench data %q (synthetic or mnist)", b.Data)
	}
	r, tr, err := runBench(w.backend, b.Workload, b.Steps, b.Warmup, data)
	if err != nil {
		return nil, nil, err
	}
	r.Data = b.Data
	if b.Keep {
		_, cfg, _ := benchWorkload(b.Workload)
		w.slots[m.Slot] = &slot{cfg: protocol.CreateBody{Model: cfg, Data: protocol.DataConfig{Source: b.Data}},
			tr: tr, train: data, width: data.Width, height: data.Height}
	}
	return &r, nil, nil
}
