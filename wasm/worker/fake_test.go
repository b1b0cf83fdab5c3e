package worker

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"latentlab/core/infer"
	"latentlab/core/spec"
	"latentlab/wasm/protocol"
)

// fakeBackend is a stand-in engine for dispatcher tests: its "training" only
// shrinks (or, for a huge learning rate, blows up) the weights, and its loss
// is their mean square, so every code path of the worker can be driven
// deterministically. A model whose Kind is "ae" and Seed 666 panics on Step.
type fakeBackend struct{}

type fakeTrainer struct {
	net   infer.Network
	cfg   spec.Config
	steps int
}

func fakeMLP(rng *rand.Rand, widths []int, hidden, last infer.Activation) infer.MLP {
	m := make(infer.MLP, len(widths)-1)
	for i := range m {
		in, out := widths[i], widths[i+1]
		d := infer.Dense{In: in, Out: out, W: make([]float32, in*out), B: make([]float32, out), Act: hidden}
		if i == len(m)-1 {
			d.Act = last
		}
		lim := math.Sqrt(6 / float64(in+out))
		for k := range d.W {
			d.W[k] = float32((2*rng.Float64() - 1) * lim)
		}
		m[i] = d
	}
	return m
}

func (fakeBackend) NewTrainer(cfg spec.Config, train *Dataset) (Trainer, error) {
	if train == nil {
		return nil, errors.New("fake: no data")
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 1))
	act, _ := infer.ParseActivation(cfg.HiddenAct)
	code, _ := infer.ParseActivation(cfg.CodeAct)
	enc := append([]int{train.Dim}, cfg.Hidden...)
	out := cfg.Latent
	if cfg.Kind == "vae" {
		out *= 2
	}
	enc = append(enc, out)
	dec := []int{cfg.Latent}
	for i := len(cfg.Hidden) - 1; i >= 0; i-- {
		dec = append(dec, cfg.Hidden[i])
	}
	dec = append(dec, train.Dim)
	outAct := infer.Identity
	if cfg.Output == "bernoulli" {
		outAct = infer.Sigmoid
	}
	net := infer.Network{Kind: cfg.Kind, Input: train.Dim, Latent: cfg.Latent, OutputDist: cfg.Output,
		Encoder: fakeMLP(rng, enc, act, code), Decoder: fakeMLP(rng, dec, act, outAct)}
	return &fakeTrainer{net: net, cfg: cfg}, nil
}

func (fakeBackend) FromNetwork(net infer.Network, cfg spec.Config, step int, train *Dataset) (Trainer, error) {
	if err := net.Check(); err != nil {
		return nil, err
	}
	return &fakeTrainer{net: net.Clone(), cfg: cfg, steps: step}, nil
}

func (t *fakeTrainer) loss() float64 {
	var s float32
	n := 0
	for _, m := range []infer.MLP{t.net.Encoder, t.net.Decoder} {
		for _, d := range m {
			for _, w := range d.W {
				s += w * w
			}
			n += len(d.W)
		}
	}
	return float64(s) / float64(n)
}

func (t *fakeTrainer) Step() (protocol.StepMetrics, error) {
	if t.cfg.Kind == "ae" && t.cfg.Seed == 666 {
		var s []int
		_ = s[3] // an engine bug
	}
	f := float32(1 - 0.01*t.cfg.LR)
	if t.cfg.LR > 1 {
		f = float32(10 * t.cfg.LR)
	}
	for _, m := range []infer.MLP{t.net.Encoder, t.net.Decoder} {
		for _, d := range m {
			for k := range d.W {
				d.W[k] *= f
			}
		}
	}
	t.steps++
	l := t.loss()
	met := protocol.StepMetrics{Step: t.steps, Loss: l, Recon: l}
	if t.cfg.Kind == "vae" {
		met.KLPerDim = make([]float64, t.cfg.Latent)
		met.ELBO = -l
	}
	return met, nil
}

func (t *fakeTrainer) Eval(x []float32, n int) (protocol.EvalMetrics, error) {
	return protocol.EvalMetrics{Step: t.steps, N: n, Loss: t.loss(), Recon: t.loss()}, nil
}

func (t *fakeTrainer) Set(b protocol.SetBody) (protocol.SetReply, error) {
	if b.LR != nil {
		t.cfg.LR = *b.LR
	}
	if b.Beta != nil {
		t.cfg.Beta = *b.Beta
	}
	if b.Lambda != nil {
		t.cfg.Lambda = *b.Lambda
	}
	if b.Noise != nil {
		t.cfg.NoiseStd = *b.Noise
	}
	return protocol.SetReply{LR: t.cfg.LR, Beta: t.cfg.Beta, Lambda: t.cfg.Lambda, Noise: t.cfg.NoiseStd}, nil
}

func (t *fakeTrainer) Network() infer.Network { return t.net.Clone() }

func (t *fakeTrainer) Restore(net infer.Network, step int) error {
	t.net, t.steps = net.Clone(), step
	return nil
}

func (t *fakeTrainer) Params() int {
	n := 0
	for _, m := range []infer.MLP{t.net.Encoder, t.net.Decoder} {
		for _, d := range m {
			n += len(d.W) + len(d.B)
		}
	}
	return n
}

func (t *fakeTrainer) Steps() int { return t.steps }

func (fakeBackend) Toy(name string, n int, noise float64, seed uint64) (*Dataset, error) {
	if name != "moons" && name != "circle" {
		return nil, fmt.Errorf("fake: unknown toy set %q", name)
	}
	rng := rand.New(rand.NewPCG(seed, 2))
	d := &Dataset{X: make([]float32, 2*n), N: n, Dim: 2, Labels: make([]int, n)}
	for i := range n {
		a := 2 * math.Pi * rng.Float64()
		d.X[2*i] = float32(math.Cos(a) + noise*rng.NormFloat64())
		d.X[2*i+1] = float32(math.Sin(a) + noise*rng.NormFloat64())
		d.Labels[i] = i % 2
	}
	return d, nil
}

// fakeMNISTFile is the fake's "file format": 4 bytes count, then 784 bytes per row.
func fakeMNISTFile(n int) []byte {
	b := make([]byte, 4+n*784)
	b[0] = byte(n)
	b[1] = byte(n >> 8)
	for i := 4; i < len(b); i++ {
		if i%7 == 0 {
			b[i] = byte(i)
		}
	}
	return b
}

func (fakeBackend) DecodeMNIST(b []byte) (*Dataset, error) {
	if len(b) < 4 {
		return nil, errors.New("fake: short MNIST file")
	}
	n := int(b[0]) | int(b[1])<<8
	if len(b) != 4+n*784 {
		return nil, errors.New("fake: bad MNIST size")
	}
	d := &Dataset{X: make([]float32, n*784), N: n, Dim: 784, Labels: make([]int, n), Width: 28, Height: 28}
	for i, v := range b[4:] {
		d.X[i] = float32(v) / 255
	}
	return d, nil
}

func (fakeBackend) SaveModel(net infer.Network, cfg protocol.CreateBody, step int, meta map[string]string) ([]byte, error) {
	s, f := protocol.SnapshotOf(&net)
	s.Step = step
	m := protocol.MustNew("x", &s)
	j, _ := protocol.Marshal(m)
	b := []byte{byte(len(j)), byte(len(j) >> 8)}
	b = append(b, j...)
	for _, v := range f {
		u := math.Float32bits(v)
		b = append(b, byte(u), byte(u>>8), byte(u>>16), byte(u>>24))
	}
	return b, nil
}

func (fakeBackend) LoadModel(b []byte) (infer.Network, *protocol.CreateBody, int, error) {
	if len(b) < 2 {
		return infer.Network{}, nil, 0, errors.New("fake: short model file")
	}
	n := int(b[0]) | int(b[1])<<8
	if len(b) < 2+n || (len(b)-2-n)%4 != 0 {
		return infer.Network{}, nil, 0, errors.New("fake: bad model file")
	}
	m, err := protocol.Unmarshal(b[2 : 2+n])
	if err != nil {
		return infer.Network{}, nil, 0, err
	}
	var s protocol.SnapshotReply
	if err := m.DecodeBody(&s); err != nil {
		return infer.Network{}, nil, 0, err
	}
	f := make([]float32, (len(b)-2-n)/4)
	for i := range f {
		o := 2 + n + 4*i
		f[i] = math.Float32frombits(uint32(b[o]) | uint32(b[o+1])<<8 | uint32(b[o+2])<<16 | uint32(b[o+3])<<24)
	}
	net, err := protocol.NetworkFromSnapshot(s, f)
	return net, nil, s.Step, err
}

func (fakeBackend) Version() string { return "fake" }
func (fakeBackend) Float() string   { return "float32" }
