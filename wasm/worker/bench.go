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
// per pixel; the page's widgets decode in the column form too), and each
// timed step is a batch of decodes of at least decodeBatch, reported per
// decode.
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
		var ws infer.Workspace
		k, rows := 0, workload == "D1r"
		decode := func() { // latent points 0.3 … 6.3 apart by 0.001, over and over
			z[0] = 0.3 + float32(k%6000)*1e-3
			k++
			if rows {
				net.DecodeInto(&ws, dst, z)
			} else {
				c.Forward(dst, z)
			}
		}
		reps := decodeReps(decode)
		for i := range warmup + steps {
			t := time.Now()
			for range reps {
				decode()
			}
			if i >= warmup {
				ms = append(ms, float64(time.Since(t).Nanoseconds())/1e6/float64(reps))
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

// decodeBatch is how long one timed batch of decodes lasts at least. A
// decode takes tens of µs, and a browser worker's clock that is not
// cross-origin isolated (the page's is not) moves in 100 µs steps: a
// batch of 20 ms puts that step at 0.5 % of a batch, about 0.1 µs of a
// D1 decode, where batches of 100 decodes left it at 1 µs (4 %).
const decodeBatch = 20 * time.Millisecond

// decodeReps runs decode untimed in batches of 100, 200, 400, … (they
// warm it up) until one lasts 5 ms, and returns how many decodes a batch of
// decodeBatch holds.
func decodeReps(decode func()) int {
	n := 100
	for ; ; n *= 2 {
		t := time.Now()
		for range n {
			decode()
		}
		if took := time.Since(t); took >= 5*time.Millisecond || n >= 1<<20 {
			return max(100, int(int64(n)*int64(decodeBatch)/int64(max(took, 1)))+1)
		}
	}
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
