package engine

import (
	"fmt"
	"time"

	"latentlab/core/infer"
	"latentlab/core/spec"
	"latentlab/wasm/protocol"
)

// Model is a handle on one model in the engine worker: a named slot and the
// current "life" of the model in it. Its methods send one request each and
// call back with a typed result; run ids, sequence numbers and stale
// replies stay inside: Create and Load start a new life, and the replies of
// requests sent before it never reach their callbacks. A Model is used from
// the browser's single thread (callbacks and UI code alike).
//
// Callbacks run through Deliver: nil calls them at once on the JS event
// loop; a go-app widget sets it to run them on the UI goroutine (see
// kit.Session, which does this for training widgets).
type Model struct {
	c    *Client
	slot string
	run  uint64
	// Deliver runs a callback (nil: call it directly).
	Deliver func(func())
	cost    time.Duration
}

// Cost returns the engine's own time for the request whose callback is
// running (or ran last): not the time it waited behind others. A widget
// paces what it asks for besides training by it (kit.Share).
func (m *Model) Cost() time.Duration { return m.cost }

// Model returns a handle on the model in slot (a name unique on the page,
// such as "vae:" + the widget's id). Nothing is sent until Create or Load.
func (c *Client) Model(slot string) *Model { return &Model{c: c, slot: slot} }

// NewModel is Shared().Model(slot).
func NewModel(slot string) *Model { return Shared().Model(slot) }

// OnStop registers fn to be called when the worker running the model
// stops (Client.OnCrash: it crashed, could not start or stopped answering;
// every model in it is lost). Call the returned function to unregister.
func (m *Model) OnStop(fn func(err error)) (cancel func()) { return m.c.OnCrash(fn) }

// Slot returns the model's slot name.
func (m *Model) Slot() string { return m.slot }

func (m *Model) deliver(fn func()) {
	if m.Deliver != nil {
		m.Deliver(fn)
		return
	}
	fn()
}

// renew starts a new life: replies to the requests of older ones are
// dropped (and the worker skips those still queued).
func (m *Model) renew() {
	m.run = NewRun()
	m.c.Drop(m.slot, m.run)
}

// send sends one request of this life and decodes its reply into body (if
// not nil) before calling done with the float payload.
func (m *Model) send(typ string, req any, f []float32, body any, done func(f []float32, err error)) {
	m.c.Do(m.slot, m.run, typ, req, f, func(r protocol.Message, rf []float32) {
		err := r.Err()
		if ce := m.c.Crashed(); err != nil && ce != nil && r.Error == ce.Error() {
			err = ce // the worker stopped: errors.Is(err, ErrStopped)
		}
		if err == nil && body != nil {
			err = r.DecodeBody(body)
		}
		if done != nil {
			ms := r.Millis
			m.deliver(func() { m.cost = time.Duration(ms * float64(time.Millisecond)); done(rf, err) })
		}
	})
}

// Data selects a training set; see MNIST and Toy.
type Data = protocol.DataConfig

// MNIST is the MNIST subset (10,000 training digits, 2,000 held out);
// test > 0 keeps only the first test held-out digits.
func MNIST(test int) Data { return Data{Source: "mnist", Test: test} }

// HeldOut is the first test held-out MNIST digits alone, for a model that
// is loaded to be shown, not trained: the worker does not fetch the
// training digits (1.4 MB with brotli) for it.
func HeldOut(test int) Data { return Data{Source: "mnist", Test: test, HeldOutOnly: true} }

// Toy is a 2-D or 3-D toy set of core/data ("circle", "spiral", "moons",
// "blobs", "swissroll") with n training points and test held-out ones (from
// another seed), Gaussian noise of standard deviation noise.
func Toy(name string, n, test int, noise float64, seed uint64) Data {
	return Data{Source: "toy", Name: name, N: n, Test: test, Noise: noise, Seed: seed}
}

// Own is the student's own data set: N points of dim coordinates in x
// (N×dim, row-major), which travel to the worker with the create request;
// every fifth is held out when there are at least 20.
func Own(x []float32, dim int) Data { return Data{Source: "own", Dim: dim, Points: x} }

// Info describes a model after Create or Load.
type Info struct {
	Kind          string
	Params        int         // trainable parameters
	Input, Latent int         // sizes
	Width, Height int         // image shape of the inputs (0 for points)
	Train, Test   int         // training and held-out examples (0: loaded without data)
	Step          int         // steps already taken (a loaded model keeps its count)
	Config        spec.Config // the complete configuration in force
	Data          Data        // the data it trains on
}

func infoOf(b protocol.CreatedBody) Info {
	in := Info{Kind: b.Kind, Params: b.Params, Input: b.Input, Latent: b.Latent, Width: b.Width, Height: b.Height,
		Train: b.Train, Test: b.Test, Step: b.Step}
	if b.Config != nil {
		in.Config, in.Data = b.Config.Model, b.Config.Data
	}
	return in
}

// recover restarts a crashed worker before a new model is built in it.
func (m *Model) recover() {
	if m.c.Crashed() != nil {
		m.c.Reset()
	}
}

// Create builds a fresh model for cfg (completed for the data by
// spec.Config.WithDefaults) trained on d, replacing any model in the slot.
func (m *Model) Create(cfg spec.Config, d Data, done func(Info, error)) {
	m.recover()
	m.renew()
	var b protocol.CreatedBody
	m.send(protocol.Create, &protocol.CreateBody{Model: cfg, Data: d}, d.Points, &b, func(_ []float32, err error) {
		done(infoOf(b), err)
	})
}

// Source is where Load reads a model: a model file's bytes, or the
// pretrained model Name under /web/models. With Data the dataset is loaded
// too (to train on, or for held-out examples); with Kind a model of another
// kind is refused.
type Source struct {
	File []byte
	Name string
	Data *Data
	Kind string
}

// Load replaces the slot's model by the one from src. A load that fails
// for any reason leaves the slot's current model as it was (but replies to
// requests sent before it are dropped all the same).
func (m *Model) Load(src Source, done func(Info, error)) {
	m.recover()
	m.renew()
	var b protocol.CreatedBody
	body := &protocol.LoadBody{Name: src.Name, Data: src.Data, Kind: src.Kind}
	var f []float32
	if src.File != nil {
		body.Bytes, f = len(src.File), protocol.PackBytes(src.File)
	}
	if src.Data != nil { // an own data set's points, after the file
		f = append(f, src.Data.Points...)
	}
	m.send(protocol.Load, body, f, &b, func(_ []float32, err error) { done(infoOf(b), err) })
}

// Dispose frees the slot; replies still in flight are dropped.
func (m *Model) Dispose() {
	m.renew()
	m.send(protocol.Dispose, nil, nil, nil, nil)
}

// Chunk asks for up to Steps optimiser steps: held-out evaluations every
// EvalEvery steps and/or after the last (EvalEnd) on EvalN examples, and
// the chunk ends early after MaxMs milliseconds.
type Chunk = protocol.TrainBody

// Trained is the reply to a chunk: the metrics of each step, evaluations,
// and — when the engine's divergence policy stopped the chunk — Diverged
// says why and Restored the step the weights went back to.
type Trained = protocol.TrainedBody

// Metrics are one training step's loss terms (batch means; nats for a
// Bernoulli decoder).
type Metrics = protocol.StepMetrics

// Eval are held-out metrics.
type Eval = protocol.EvalMetrics

// Train takes a chunk of steps.
func (m *Model) Train(c Chunk, done func(Trained, error)) {
	var b Trained
	m.send(protocol.Train, &c, nil, &b, func(_ []float32, err error) { done(b, err) })
}

// SetLR changes the learning rate between steps (done may be nil).
func (m *Model) SetLR(v float64, done func(error)) { m.set(protocol.SetBody{LR: &v}, done) }

// SetBeta changes a VAE's KL weight β between steps (done may be nil).
func (m *Model) SetBeta(v float64, done func(error)) { m.set(protocol.SetBody{Beta: &v}, done) }

// SetLambda changes a CAE's penalty weight λ between steps (done may be nil).
func (m *Model) SetLambda(v float64, done func(error)) { m.set(protocol.SetBody{Lambda: &v}, done) }

// SetCorruption changes a DAE's corruption between steps: Gaussian noise σ,
// masking probability p and salt-and-pepper probability ν (done may be nil).
func (m *Model) SetCorruption(noise, mask, salt float64, done func(error)) {
	m.set(protocol.SetBody{Noise: &noise, Mask: &mask, Salt: &salt}, done)
}

func (m *Model) set(b protocol.SetBody, done func(error)) {
	m.send(protocol.Set, &b, nil, nil, func(_ []float32, err error) {
		if done != nil {
			done(err)
		}
	})
}

// Snapshot is a copy of a model's weights for local inference.
type Snapshot struct {
	Net           *infer.Network
	Step          int
	Width, Height int // image shape of the inputs (0 for points)
}

// Snapshot copies the current weights to the page.
func (m *Model) Snapshot(done func(Snapshot, error)) {
	var b protocol.SnapshotReply
	m.send(protocol.Snapshot, nil, nil, &b, func(f []float32, err error) {
		if err != nil {
			done(Snapshot{}, err)
			return
		}
		net, err := protocol.NetworkFromSnapshot(b, f)
		if err != nil {
			done(Snapshot{}, fmt.Errorf("snapshot: %w", err))
			return
		}
		done(Snapshot{Net: &net, Step: b.Step, Width: b.Width, Height: b.Height}, nil)
	})
}

// Points selects examples: Count examples of a split of the model's data
// ("test", the default, or "train") from Offset, or the Inputs given
// (rows of the input size).
type Points struct {
	Split         string
	Offset, Count int
	Inputs        []float32
}

func (p Points) body() (protocol.EncodeBody, []float32) {
	return protocol.EncodeBody{Split: p.Split, Offset: p.Offset, Count: p.Count, Inputs: p.Inputs != nil}, p.Inputs
}

// Codes are examples encoded by a model: μ and, for a VAE, σ (N×Latent,
// row-major), with the examples' labels when they have some.
type Codes struct {
	N, Latent int
	Mu, Sigma []float32
	Labels    []int
}

// Encode encodes examples.
func (m *Model) Encode(p Points, done func(Codes, error)) {
	var b protocol.EncodeReply
	body, in := p.body()
	m.send(protocol.Encode, &body, in, &b, func(f []float32, err error) {
		if err != nil {
			done(Codes{}, err)
			return
		}
		c, err := codesOf(b, f)
		done(c, err)
	})
}

func codesOf(b protocol.EncodeReply, f []float32) (Codes, error) {
	nl := b.N * b.Latent
	if b.N <= 0 || b.Latent <= 0 || len(f) < nl || b.Sigma && len(f) < 2*nl {
		return Codes{}, fmt.Errorf("encode: %d values for %d codes of %d", len(f), b.N, b.Latent)
	}
	c := Codes{N: b.N, Latent: b.Latent, Mu: f[:nl:nl], Labels: b.Labels}
	if b.Sigma {
		c.Sigma = f[nl : 2*nl : 2*nl]
	}
	return c, nil
}

// Pairs are examples and their reconstructions (N×Dim each, row-major).
type Pairs struct {
	N, Dim          int
	Width, Height   int // image shape (0 for points)
	Inputs, Outputs []float32
	Labels          []int
}

// Input returns example i.
func (p Pairs) Input(i int) []float32 { return p.Inputs[i*p.Dim : (i+1)*p.Dim : (i+1)*p.Dim] }

// Output returns the reconstruction of example i.
func (p Pairs) Output(i int) []float32 { return p.Outputs[i*p.Dim : (i+1)*p.Dim : (i+1)*p.Dim] }

// Reconstruct encodes and decodes examples (the code μ of a VAE).
func (m *Model) Reconstruct(p Points, done func(Pairs, error)) {
	var b protocol.ReconstructReply
	body, in := p.body()
	m.send(protocol.Reconstruct, &body, in, &b, func(f []float32, err error) {
		if err == nil && (b.N < 0 || len(f) < 2*b.N*b.Dim) {
			err = fmt.Errorf("reconstruct: %d values for %d pairs of %d", len(f), b.N, b.Dim)
		}
		if err != nil {
			done(Pairs{}, err)
			return
		}
		n := b.N * b.Dim
		done(Pairs{N: b.N, Dim: b.Dim, Width: b.Width, Height: b.Height, Labels: b.Labels,
			Inputs: f[:n:n], Outputs: f[n : 2*n : 2*n]}, nil)
	})
}

// ScoreOptions say how Score scores: by the relative error or the model's
// loss, after which corruption (core/anomaly.Corruptions; "" for none, its
// randomness drawn from Seed), with the Top highest-scoring inputs.
type ScoreOptions struct {
	Relative bool
	Corrupt  string
	Seed     uint64
	Top      int
	// Samples K > 0 scores a VAE by the K-sample importance-weighted bound
	// instead of its −ELBO at the posterior mean.
	Samples int
}

// Scores are the anomaly scores of examples (scored in the worker), their
// labels when they have some, and the highest-scoring inputs.
type Scores struct {
	N, Dim        int
	Width, Height int
	Scores        []float64
	Labels        []int
	Top           []int     // indices of the highest-scoring examples, highest first
	TopInputs     []float32 // their inputs (as scored), len(Top)×Dim
}

// Score scores examples as anomalies in the worker (core/anomaly.Score), so
// that their reconstructions never cross to the page.
func (m *Model) Score(p Points, o ScoreOptions, done func(Scores, error)) {
	var b protocol.ScoreReply
	eb, in := p.body()
	body := protocol.ScoreBody{EncodeBody: eb, Relative: o.Relative, Corrupt: o.Corrupt, Seed: o.Seed, Top: o.Top, Samples: o.Samples}
	m.send(protocol.Score, &body, in, &b, func(f []float32, err error) {
		if err == nil && (b.N < 0 || len(f) != b.N+len(b.Top)*b.Dim) {
			err = fmt.Errorf("score: %d values for %d scores and %d inputs of %d", len(f), b.N, len(b.Top), b.Dim)
		}
		if err != nil {
			done(Scores{}, err)
			return
		}
		s := Scores{N: b.N, Dim: b.Dim, Width: b.Width, Height: b.Height, Labels: b.Labels, Top: b.Top,
			Scores: make([]float64, b.N), TopInputs: f[b.N:]}
		for i, v := range f[:b.N] {
			s.Scores[i] = float64(v)
		}
		done(s, nil)
	})
}

// Images are decoder outputs (N×Dim, row-major).
type Images struct {
	N, Dim        int
	Width, Height int
	Pixels        []float32
}

// Image returns output i.
func (im Images) Image(i int) []float32 { return im.Pixels[i*im.Dim : (i+1)*im.Dim : (i+1)*im.Dim] }

// Decode decodes latent points (rows of the latent size) in the worker.
func (m *Model) Decode(z []float32, done func(Images, error)) {
	var b protocol.ImagesReply
	m.send(protocol.Decode, &protocol.DecodeBody{}, z, &b, func(f []float32, err error) {
		if err == nil && len(f) < b.N*b.Dim {
			err = fmt.Errorf("decode: %d values for %d images of %d", len(f), b.N, b.Dim)
		}
		done(Images{N: b.N, Dim: b.Dim, Width: b.Width, Height: b.Height, Pixels: f}, err)
	})
}

// Filters are the first encoder layer's weights: N rows of In values.
type Filters struct {
	N, In         int
	Width, Height int // image shape of a row (0 unless the inputs are images)
	W             []float32
}

// Row returns filter j.
func (f Filters) Row(j int) []float32 { return f.W[j*f.In : (j+1)*f.In : (j+1)*f.In] }

// Weights fetches at most max first-layer filters (0: all).
func (m *Model) Weights(max int, done func(Filters, error)) {
	var b protocol.WeightsReply
	m.send(protocol.Weights, &protocol.WeightsBody{Max: max}, nil, &b, func(f []float32, err error) {
		if err == nil && len(f) < b.N*b.In {
			err = fmt.Errorf("weights: %d values for %d filters of %d", len(f), b.N, b.In)
		}
		done(Filters{N: b.N, In: b.In, Width: b.Width, Height: b.Height, W: f}, err)
	})
}

// Sensitivity asks how much the model's code (or, with Of "reconstruction",
// its reconstruction) moves under input noise: the mean over Count
// examples of a split ("test" by default) and Draws draws of ε ~ N(0, σ²I)
// of ‖f(x+ε) − f(x)‖/‖ε‖, for each σ in Sigmas.
type Sensitivity = protocol.ContractionBody

// Ratios are the measured ratios, one per σ, with their standard errors
// over the examples.
type Ratios = protocol.ContractionReply

// Contraction measures a sensitivity curve.
func (m *Model) Contraction(s Sensitivity, done func(Ratios, error)) {
	var b Ratios
	m.send(protocol.Contraction, &s, nil, &b, func(_ []float32, err error) { done(b, err) })
}

// Save returns the model as a .llm model file with meta in its metadata.
func (m *Model) Save(meta map[string]string, done func([]byte, error)) {
	var b protocol.BytesReply
	m.send(protocol.Save, &protocol.SaveBody{Meta: meta}, nil, &b, func(f []float32, err error) {
		if err != nil {
			done(nil, err)
			return
		}
		file, err := protocol.ViewBytes(f, b.Bytes) // f is this reply's own: no second copy of the file
		done(file, err)
	})
}

// ValidModelName reports whether name can name a pretrained model
// (protocol.ValidModelName): check before Load by name.
func ValidModelName(name string) bool { return protocol.ValidModelName(name) }

// Classifier asks for softmax classifiers fitted on a few labelled digits'
// features (protocol.ClassifyBody): Features "code" (μ for a VAE) or
// "pixels", Labelled sizes, subset Seed, weight Decay.
type Classifier = protocol.ClassifyBody

// Accuracies are the held-out accuracies, one per labelled size.
type Accuracies = protocol.ClassifyReply

// Classify fits the classifiers in the worker and scores them on the
// model's held-out digits.
func (m *Model) Classify(c Classifier, done func(Accuracies, error)) {
	var b Accuracies
	m.send(protocol.Classify, &c, nil, &b, func(_ []float32, err error) { done(b, err) })
}
