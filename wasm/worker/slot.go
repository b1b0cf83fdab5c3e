package worker

import (
	"errors"
	"fmt"
	"math"
	"time"

	"latentlab/core/infer"
	"latentlab/wasm/protocol"
)

// slot is one named model with its data.
type slot struct {
	cfg         protocol.CreateBody // effective configuration
	tr          Trainer
	train, test *Dataset // test may be nil (then evaluations are skipped)
	width       int      // image shape of the inputs (0 for points)
	height      int

	netCache infer.Network // the network at netStep, for analysis requests
	netStep  int
	netOK    bool
}

// Limits on what a request may ask for.
const (
	maxSteps  = 5000 // per train request
	maxHidden = 4096
	maxLayers = 8
	maxLatent = 64
	maxBatch  = 1024
	maxToyN   = 100000
)

// withDefaults validates cfg and fills its zero fields for data of dimension dim.
func withDefaults(c protocol.ModelConfig, dim int, source string) (protocol.ModelConfig, error) {
	switch c.Kind {
	case "ae", "dae", "cae", "vae":
	case "":
		return c, errors.New("model kind is missing (ae, dae, cae or vae)")
	default:
		return c, fmt.Errorf("unknown model kind %q (want ae, dae, cae or vae)", c.Kind)
	}
	if c.Hidden == nil {
		switch {
		case c.Kind == "cae": // the CAE penalty is defined for a one-layer encoder
			c.Hidden = []int{}
		case dim > 16:
			c.Hidden = []int{256}
		default:
			c.Hidden = []int{32, 32}
		}
	}
	if len(c.Hidden) > maxLayers {
		return c, fmt.Errorf("%d hidden layers; at most %d", len(c.Hidden), maxLayers)
	}
	for _, h := range c.Hidden {
		if h < 1 || h > maxHidden {
			return c, fmt.Errorf("hidden width %d out of range 1…%d", h, maxHidden)
		}
	}
	if c.Latent == 0 {
		switch {
		case c.Kind == "cae" && dim > 16:
			c.Latent = 128
		case c.Kind == "cae":
			c.Latent = 8
		case dim <= 3:
			c.Latent = 1
		default:
			c.Latent = 2
		}
	}
	if c.Latent < 1 || c.Latent > maxLatent {
		return c, fmt.Errorf("latent size %d out of range 1…%d", c.Latent, maxLatent)
	}
	if c.Activation == "" {
		c.Activation = "relu"
		if c.Kind == "cae" {
			c.Activation = "sigmoid"
		}
	}
	if _, err := infer.ParseActivation(c.Activation); err != nil {
		return c, err
	}
	if c.CodeAct == "" {
		c.CodeAct = "identity"
		if c.Kind == "cae" && len(c.Hidden) == 0 {
			c.CodeAct = c.Activation
		}
	}
	if c.Kind == "vae" {
		c.CodeAct = "identity"
	}
	if _, err := infer.ParseActivation(c.CodeAct); err != nil {
		return c, err
	}
	if c.Output == "" {
		c.Output = "gaussian"
		if source == "mnist" {
			c.Output = "bernoulli"
		}
	}
	if c.Output != "bernoulli" && c.Output != "gaussian" {
		return c, fmt.Errorf("unknown output distribution %q (bernoulli or gaussian)", c.Output)
	}
	if c.LR == 0 {
		c.LR = 1e-3
	}
	if !(c.LR > 0 && c.LR <= 10) {
		return c, fmt.Errorf("learning rate %g out of range (0, 10]", c.LR)
	}
	if c.Batch == 0 {
		c.Batch = 100
	}
	if c.Batch < 1 || c.Batch > maxBatch {
		return c, fmt.Errorf("batch size %d out of range 1…%d", c.Batch, maxBatch)
	}
	if c.Optimizer == "" {
		c.Optimizer = "adam"
	}
	if c.Beta == nil {
		one := 1.0
		c.Beta = &one
	}
	if *c.Beta < 0 || math.IsNaN(*c.Beta) {
		return c, fmt.Errorf("β = %g must be ≥ 0", *c.Beta)
	}
	if c.Kind == "cae" && c.Lambda == 0 {
		c.Lambda = 0.1
	}
	if c.Kind == "dae" && c.Noise == 0 {
		c.Noise = 0.3
	}
	if c.Lambda < 0 || c.Noise < 0 || c.Noise > 1 {
		return c, fmt.Errorf("λ = %g and noise = %g must be ≥ 0 (noise ≤ 1)", c.Lambda, c.Noise)
	}
	if c.Seed == 0 {
		c.Seed = 1
	}
	return c, nil
}

// loadData returns the train and test sets for d, with d's defaults filled in.
func (w *Worker) loadData(d protocol.DataConfig) (train, test *Dataset, _ protocol.DataConfig, err error) {
	switch d.Source {
	case "mnist":
		if err := w.loadMNIST(); err != nil {
			return nil, nil, d, err
		}
		train, test = w.mnist[0], w.mnist[1]
		if d.N <= 0 || d.N > train.N {
			d.N = train.N
		}
		if d.Test <= 0 || d.Test > test.N {
			d.Test = test.N
		}
		return prefix(train, d.N), prefix(test, d.Test), d, nil
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
	case "":
		return nil, nil, d, errors.New(`dataset source is missing ("mnist" or "toy")`)
	}
	return nil, nil, d, fmt.Errorf("unknown dataset source %q (mnist or toy)", d.Source)
}

// loadMNIST fetches and decodes the MNIST subset once.
func (w *Worker) loadMNIST() error {
	if w.mnist[0] != nil {
		return nil
	}
	var sets [2]*Dataset
	for i, p := range []string{MNISTTrainPath, MNISTTestPath} {
		b, err := w.fetch(p)
		if err != nil {
			return fmt.Errorf("load MNIST: %w", err)
		}
		if sets[i], err = w.backend.DecodeMNIST(b); err != nil {
			return fmt.Errorf("load MNIST %s: %w", p, err)
		}
	}
	w.mnist = sets
	return nil
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

func (w *Worker) create(m protocol.Message, _ []float32) (any, []float32, error) {
	var b protocol.CreateBody
	if err := m.DecodeBody(&b); err != nil {
		return nil, nil, err
	}
	train, test, data, err := w.loadData(b.Data)
	if err != nil {
		return nil, nil, err
	}
	cfg, err := withDefaults(b.Model, train.Dim, data.Source)
	if err != nil {
		return nil, nil, err
	}
	if cfg.Batch > train.N {
		cfg.Batch = train.N
	}
	tr, err := w.backend.NewTrainer(cfg, train)
	if err != nil {
		return nil, nil, err
	}
	s := &slot{cfg: protocol.CreateBody{Model: cfg, Data: data}, tr: tr, train: train, test: test,
		width: train.Width, height: train.Height}
	w.slots[m.Slot] = s
	return s.created(), nil, nil
}

func (s *slot) created() *protocol.CreatedBody {
	net := s.tr.Network()
	c := &protocol.CreatedBody{Kind: net.Kind, Params: s.tr.Params(), Input: net.Input, Latent: net.Latent,
		Width: s.width, Height: s.height, Step: s.tr.Steps()}
	if s.train != nil {
		c.Train = s.train.N
	}
	if s.test != nil {
		c.Test = s.test.N
	}
	cfg := s.cfg
	c.Config = &cfg
	return c
}

func finiteNet(n *infer.Network) bool {
	for _, m := range []infer.MLP{n.Encoder, n.Decoder} {
		for _, d := range m {
			for _, s := range [][]float32{d.W, d.B} {
				for _, v := range s {
					if v-v != 0 { // NaN or ±Inf
						return false
					}
				}
			}
		}
	}
	return true
}

// checkpointEvery is how often (in steps) a train chunk refreshes the weights
// it falls back to when the loss diverges.
const checkpointEvery = 25

func (w *Worker) train(m protocol.Message, _ []float32) (any, []float32, error) {
	s, err := w.slotOf(m)
	if err != nil {
		return nil, nil, err
	}
	if s.train == nil {
		return nil, nil, errors.New("this model was loaded without a dataset: load it with data to train")
	}
	b := protocol.TrainBody{Steps: 1}
	if err := m.DecodeBody(&b); err != nil {
		return nil, nil, err
	}
	if b.Steps < 1 || b.Steps > maxSteps {
		return nil, nil, fmt.Errorf("steps = %d out of range 1…%d", b.Steps, maxSteps)
	}
	start := time.Now()
	s.netOK = false
	ckpt, ckptStep := s.tr.Network(), s.tr.Steps()
	out := &protocol.TrainedBody{Metrics: make([]protocol.StepMetrics, 0, b.Steps)}
	for i := 0; i < b.Steps; i++ {
		met, err := s.tr.Step()
		kept := err != nil // a trainer that reports divergence may have kept its last finite weights
		if err == nil && !(met.Loss-met.Loss == 0 && math.Abs(met.Loss) < 1e30) {
			err = fmt.Errorf("loss is %v at step %d", met.Loss, met.Step)
		}
		if err != nil {
			// Keep the trainer's weights (and step count) if it says it undid
			// the step and they are finite; otherwise go back to the checkpoint.
			if n := s.tr.Network(); !kept || !finiteNet(&n) {
				if rerr := s.tr.Restore(ckpt, ckptStep); rerr != nil {
					return nil, nil, fmt.Errorf("%v; restoring the weights failed too: %v", err, rerr)
				}
			}
			ckptStep = s.tr.Steps()
			out.Restored = ckptStep
			out.Diverged = fmt.Sprintf("training diverged: %v (learning rate %g may be too large); weights restored to step %d",
				err, s.cfg.Model.LR, ckptStep)
			break
		}
		out.Metrics = append(out.Metrics, met)
		last := i == b.Steps-1 || (b.MaxMs > 0 && float64(time.Since(start).Microseconds())/1000 >= b.MaxMs)
		if s.test != nil && s.test.N > 0 && ((b.EvalEvery > 0 && met.Step%b.EvalEvery == 0) || (last && b.EvalEnd)) {
			n := b.EvalN
			if n <= 0 {
				n = 500
			}
			n = min(n, s.test.N)
			ev, err := s.tr.Eval(s.test.X[:n*s.test.Dim], n)
			if err != nil {
				return nil, nil, fmt.Errorf("evaluate at step %d: %w", met.Step, err)
			}
			out.Eval = append(out.Eval, ev)
		}
		if last {
			break
		}
		if met.Step-ckptStep >= checkpointEvery {
			if n := s.tr.Network(); finiteNet(&n) {
				ckpt, ckptStep = n, met.Step
			}
		}
	}
	out.Step = s.tr.Steps()
	out.Millis = float64(time.Since(start).Microseconds()) / 1000
	return out, nil, nil
}

func (w *Worker) set(m protocol.Message, _ []float32) (any, []float32, error) {
	s, err := w.slotOf(m)
	if err != nil {
		return nil, nil, err
	}
	var b protocol.SetBody
	if err := m.DecodeBody(&b); err != nil {
		return nil, nil, err
	}
	for name, p := range map[string]*float64{"lr": b.LR, "beta": b.Beta, "lambda": b.Lambda, "noise": b.Noise} {
		if p != nil && (math.IsNaN(*p) || math.IsInf(*p, 0) || *p < 0) {
			return nil, nil, fmt.Errorf("%s = %g must be finite and ≥ 0", name, *p)
		}
	}
	if b.LR != nil && (*b.LR <= 0 || *b.LR > 10) {
		return nil, nil, fmt.Errorf("learning rate %g out of range (0, 10]", *b.LR)
	}
	r, err := s.tr.Set(b)
	if err != nil {
		return nil, nil, err
	}
	s.cfg.Model.LR = r.LR
	s.cfg.Model.Lambda = r.Lambda
	s.cfg.Model.Noise = r.Noise
	beta := r.Beta
	s.cfg.Model.Beta = &beta
	return &r, nil, nil
}

func (w *Worker) snapshot(m protocol.Message, _ []float32) (any, []float32, error) {
	s, err := w.slotOf(m)
	if err != nil {
		return nil, nil, err
	}
	net := s.tr.Network()
	body, f := protocol.SnapshotOf(&net)
	body.Step = s.tr.Steps()
	body.Width, body.Height = s.width, s.height
	return &body, f, nil
}

func (w *Worker) save(m protocol.Message, _ []float32) (any, []float32, error) {
	s, err := w.slotOf(m)
	if err != nil {
		return nil, nil, err
	}
	var b protocol.SaveBody
	if err := m.DecodeBody(&b); err != nil {
		return nil, nil, err
	}
	meta := map[string]string{}
	for k, v := range b.Meta {
		meta[k] = v
	}
	if b.Name != "" {
		meta["name"] = b.Name
	}
	bs, err := w.backend.SaveModel(s.tr.Network(), s.cfg, s.tr.Steps(), meta)
	if err != nil {
		return nil, nil, err
	}
	return &protocol.BytesReply{Bytes: len(bs)}, protocol.PackBytes(bs), nil
}

func (w *Worker) load(m protocol.Message, f []float32) (any, []float32, error) {
	var b protocol.LoadBody
	if err := m.DecodeBody(&b); err != nil {
		return nil, nil, err
	}
	var bs []byte
	var err error
	switch {
	case b.Bytes > 0:
		if bs, err = protocol.UnpackBytes(f, b.Bytes); err != nil {
			return nil, nil, err
		}
	case b.Name != "":
		if !validModelName(b.Name) {
			return nil, nil, fmt.Errorf("bad model name %q", b.Name)
		}
		if bs, err = w.fetch(fmt.Sprintf(ModelPathFmt, b.Name)); err != nil {
			return nil, nil, fmt.Errorf("load model %q: %w", b.Name, err)
		}
	default:
		return nil, nil, errors.New("load needs model bytes or a model name")
	}
	net, fileCfg, step, err := w.backend.LoadModel(bs)
	if err != nil {
		return nil, nil, fmt.Errorf("load model %q: %w", b.Name, err)
	}
	var cfg protocol.CreateBody
	if fileCfg != nil {
		cfg = *fileCfg
	}
	cfg.Model = modelConfigOf(&net, cfg.Model)
	s := &slot{cfg: cfg}
	if net.Input == 784 {
		s.width, s.height = 28, 28
	}
	if b.Data != nil {
		train, test, data, err := w.loadData(*b.Data)
		if err != nil {
			return nil, nil, err
		}
		if train.Dim != net.Input {
			return nil, nil, fmt.Errorf("model takes %d inputs but dataset %q has %d", net.Input, data.Source, train.Dim)
		}
		s.train, s.test, s.cfg.Data = train, test, data
		s.width, s.height = train.Width, train.Height
	}
	if s.cfg.Model, err = withDefaults(s.cfg.Model, net.Input, s.cfg.Data.Source); err != nil {
		return nil, nil, fmt.Errorf("model file config: %w", err)
	}
	if s.train != nil && s.cfg.Model.Batch > s.train.N {
		s.cfg.Model.Batch = s.train.N
	}
	if s.tr, err = w.backend.FromNetwork(net, s.cfg.Model, step, s.train); err != nil {
		return nil, nil, err
	}
	w.slots[m.Slot] = s
	return s.created(), nil, nil
}

// modelConfigOf makes c agree with the architecture of net.
func modelConfigOf(net *infer.Network, c protocol.ModelConfig) protocol.ModelConfig {
	c.Kind = net.Kind
	c.Latent = net.Latent
	c.Output = net.OutputDist
	c.Hidden = make([]int, 0, len(net.Encoder)) // non-nil: "no hidden layer" is not "default"
	for i := 0; i+1 < len(net.Encoder); i++ {
		c.Hidden = append(c.Hidden, net.Encoder[i].Out)
	}
	if len(net.Encoder) > 1 {
		c.Activation = net.Encoder[0].Act.String()
	}
	if net.Kind != "vae" && len(net.Encoder) > 0 {
		c.CodeAct = net.Encoder[len(net.Encoder)-1].Act.String()
		if len(net.Encoder) == 1 {
			c.Activation = c.CodeAct
		}
	}
	return c
}

func (w *Worker) dispose(m protocol.Message, _ []float32) (any, []float32, error) {
	delete(w.slots, m.Slot)
	return nil, nil, nil
}
