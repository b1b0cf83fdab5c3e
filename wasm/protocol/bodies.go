package protocol

import "latentlab/core/spec"

// This file holds the typed request and reply bodies. Every field is optional
// on the wire; the worker fills defaults for zero values where zero is not a
// setting (a model's configuration: spec.Config.WithDefaults). "f32:" in a
// comment describes the float payload that travels beside the body.

// HelloBody is the body of a "hello" request.
type HelloBody struct {
	Client string `json:"client,omitempty"` // free-form name of the caller, for logs
}

// ReadyBody is the body of the "ready" reply to "hello".
type ReadyBody struct {
	Protocol  int      `json:"protocol"`             // protocol.Version of the worker
	Engine    string   `json:"engine"`               // engine build/version string
	GoVersion string   `json:"go_version,omitempty"` // runtime.Version() of engine.wasm
	Datasets  []string `json:"datasets,omitempty"`   // "mnist" and toy set names
	Workloads []string `json:"workloads,omitempty"`  // bench workloads ("R1", …)
}

// DataConfig selects a dataset.
type DataConfig struct {
	Source string  `json:"source"`          // "mnist" | "toy" | "own"
	Name   string  `json:"name,omitempty"`  // toy set name: circle, spiral, moons, blobs, swissroll
	N      int     `json:"n,omitempty"`     // number of training points (mnist: a prefix of the subset; toy: generated)
	Test   int     `json:"test,omitempty"`  // held-out points (toy: generated with another seed)
	Noise  float64 `json:"noise,omitempty"` // toy noise level
	Seed   uint64  `json:"seed,omitempty"`  // toy generator seed
	// Exclude lists digit classes left out of the MNIST training set (the
	// held-out set keeps every class): the anomaly detector's "normal" data.
	Exclude []int `json:"exclude,omitempty"`
	// Dim is the coordinates per point of an "own" data set (the student's
	// drawing or CSV file), whose points travel as the create request's f32
	// payload (Points), never in the JSON body, nor in a model file or link.
	Dim    int       `json:"dim,omitempty"`
	Points []float32 `json:"-"`
	// HeldOutOnly (mnist, load only): fetch the held-out digits alone, not
	// the training file (1.4 MB with brotli). The model can then be
	// inspected (encode, decode, reconstruct held-out digits, a traced
	// step) but not trained; a create request refuses it.
	HeldOutOnly bool `json:"held_out_only,omitempty"`
	// DeferTrain (mnist, create, the whole training set): build the model
	// with the held-out digits alone and fetch the training digits at its
	// first train request, so that a page shows a fresh model (its initial
	// weights, held-out views) without downloading them. Training gives the
	// same bits as without it (the initial weights depend on the seed only);
	// the reply's Train and the config's N stay 0 until the digits arrive.
	DeferTrain bool `json:"defer_train,omitempty"`
}

// CreateBody is the body of a "create" request: build a fresh model in the
// message's slot, replacing any model there. Model is completed for the
// data by spec.Config.WithDefaults, then validated.
type CreateBody struct {
	Model spec.Config `json:"model"`
	Data  DataConfig  `json:"data"`
}

// CreatedBody is the reply to "create" and "load".
type CreatedBody struct {
	Kind   string      `json:"kind"`
	Params int         `json:"params"`           // trainable parameter count
	Input  int         `json:"input"`            // input dimension
	Latent int         `json:"latent"`           // code dimension
	Width  int         `json:"width,omitempty"`  // image width (28 for MNIST; 0 for points)
	Height int         `json:"height,omitempty"` // image height
	Train  int         `json:"train"`            // training set size (0 after a load without data)
	Test   int         `json:"test"`             // held-out set size
	Step   int         `json:"step"`             // steps already taken (a loaded model keeps its count)
	Config *CreateBody `json:"config,omitempty"` // the effective configuration, defaults filled in
}

// TrainBody is the body of a "train" request: take Steps optimiser steps.
type TrainBody struct {
	Steps     int  `json:"steps"`                // steps to take in this chunk (default 1)
	EvalEvery int  `json:"eval_every,omitempty"` // held-out evaluation every so many steps (0: only if EvalEnd)
	EvalEnd   bool `json:"eval_end,omitempty"`   // also evaluate after the last step of the chunk
	EvalN     int  `json:"eval_n,omitempty"`     // held-out points per evaluation (default: up to 500)
	// MaxMs ends the chunk early, after the step during which this many
	// milliseconds passed (0: no limit), so that a UI asking for "up to 50
	// steps, at most 100 ms" gets regular updates whatever the model's size.
	MaxMs float64 `json:"max_ms,omitempty"`
	// From, when > 0, is the step the model must be at for the chunk to
	// run; otherwise the reply takes no steps. A page that asks for a chunk
	// before the previous one's reply landed (so that the worker never
	// waits for it) names the step that chunk ends at: when it stopped
	// early (a divergence put the weights back), the chunk asked for ahead
	// is skipped instead of training on.
	From int `json:"from,omitempty"`
}

// StepMetrics are the loss terms of one training step, averaged over the batch.
// Terms that do not apply to the model kind are zero.
type StepMetrics struct {
	Step     int       `json:"step"`                 // 1-based step count after this step
	Loss     float64   `json:"loss"`                 // the objective minimised
	Recon    float64   `json:"recon"`                // reconstruction term (BCE or squared error)
	KL       float64   `json:"kl,omitempty"`         // VAE: KL(q(z|x)‖p(z)), summed over dims
	KLPerDim []float64 `json:"kl_per_dim,omitempty"` // VAE: KL per latent dimension
	Penalty  float64   `json:"penalty,omitempty"`    // CAE: ‖J‖²_F (before λ)
	ELBO     float64   `json:"elbo,omitempty"`       // VAE: −(Recon + KL)
}

// EvalMetrics are held-out metrics after a step.
type EvalMetrics struct {
	Step    int     `json:"step"`
	N       int     `json:"n"`
	Loss    float64 `json:"loss"`
	Recon   float64 `json:"recon"`
	KL      float64 `json:"kl,omitempty"`
	Penalty float64 `json:"penalty,omitempty"`
	ELBO    float64 `json:"elbo,omitempty"`
}

// TrainedBody is the reply to "train". A chunk that diverges stops early: the
// weights are restored to the last finite state and Diverged says why; the
// reply's Error is empty in that case (the metrics up to the failure are still
// useful), and the UI should show Diverged.
type TrainedBody struct {
	Step     int           `json:"step"`               // total steps after the chunk
	Metrics  []StepMetrics `json:"metrics"`            // one per step taken
	Eval     []EvalMetrics `json:"eval,omitempty"`     // held-out evaluations
	Diverged string        `json:"diverged,omitempty"` // e.g. "loss is NaN at step 812 (lr 3 is too large?); weights restored to step 811"
	Restored int           `json:"restored,omitempty"` // the step the weights were restored to (when Diverged)
	Millis   float64       `json:"ms"`                 // wall time of the chunk inside the worker
	EvalMs   float64       `json:"eval_ms,omitempty"`  // of Millis, the time the held-out evaluations took
}

// SetBody changes hyperparameters between steps. Nil fields are unchanged.
// Noise, Mask and Salt are a DAE's corruption (Gaussian σ, masking p,
// salt-and-pepper ν: spec.Config's NoiseStd, MaskProb, SaltProb).
type SetBody struct {
	LR     *float64 `json:"lr,omitempty"`
	Beta   *float64 `json:"beta,omitempty"`
	Lambda *float64 `json:"lambda,omitempty"`
	Noise  *float64 `json:"noise,omitempty"`
	Mask   *float64 `json:"mask,omitempty"`
	Salt   *float64 `json:"salt,omitempty"`
}

// SetReply reports the values in force after a "set".
type SetReply struct {
	LR     float64 `json:"lr"`
	Beta   float64 `json:"beta"`
	Lambda float64 `json:"lambda"`
	Noise  float64 `json:"noise"`
	Mask   float64 `json:"mask"`
	Salt   float64 `json:"salt"`
}

// EncodeBody selects the points for "encode" and "reconstruct": either Count
// points of a split of the slot's dataset (Split "test", the default, or
// "train"), starting at Offset, or — when Inputs is true — the inputs given in
// f32 (N×Input, row-major).
type EncodeBody struct {
	Split  string `json:"split,omitempty"`
	Offset int    `json:"offset,omitempty"`
	Count  int    `json:"count,omitempty"` // default 1000 (clipped to the split)
	Inputs bool   `json:"inputs,omitempty"`
}

// EncodeReply is the reply to "encode". f32: μ (N×Latent) then, when Sigma is
// true (VAE), σ (N×Latent).
type EncodeReply struct {
	N      int   `json:"n"`
	Latent int   `json:"latent"`
	Sigma  bool  `json:"sigma"`
	Labels []int `json:"labels,omitempty"` // dataset labels (absent for given inputs)
}

// DecodeBody is the body of "decode". f32: the codes, N×Latent row-major
// (N = len(f32)/Latent).
type DecodeBody struct {
	// Mean decodes to the output mean (pixel probabilities); it is the only
	// mode today and is kept for forward compatibility.
	Mean bool `json:"mean,omitempty"`
}

// ImagesReply is the reply to "decode" and "sample". f32: N×Dim outputs.
type ImagesReply struct {
	N      int `json:"n"`
	Dim    int `json:"dim"`
	Width  int `json:"width,omitempty"`
	Height int `json:"height,omitempty"`
	// Codes is set by "sample": f32 then also holds the N×Latent codes after the images.
	Latent int `json:"latent,omitempty"`
}

// ReconstructReply is the reply to "reconstruct". f32: inputs (N×Dim) then
// reconstructions (N×Dim).
type ReconstructReply struct {
	N      int   `json:"n"`
	Dim    int   `json:"dim"`
	Width  int   `json:"width,omitempty"`
	Height int   `json:"height,omitempty"`
	Labels []int `json:"labels,omitempty"`
}

// ScoreBody asks for the anomaly scores of points selected as by
// EncodeBody (core/anomaly.Score), optionally corrupted first
// (core/anomaly.Corrupt: "noise", "occlusion" or "rotation", drawn from
// Seed), so that the held-out digits' reconstructions never leave the
// worker.
type ScoreBody struct {
	EncodeBody
	// Relative scores by ‖x − x̂‖²/‖x‖²; otherwise by the reconstruction
	// cross-entropy plus, for a VAE, the posterior's KL (the −ELBO), in nats.
	Relative bool   `json:"relative,omitempty"`
	Corrupt  string `json:"corrupt,omitempty"`
	Seed     uint64 `json:"seed,omitempty"`
	// Top asks for the Top highest-scoring inputs (as scored, corrupted
	// or not) as well.
	Top int `json:"top,omitempty"`
	// Samples K > 0 scores a VAE by the K-sample importance-weighted
	// bound on −log p(x) (core/anomaly.ImportanceWeighted; its noise drawn
	// from Seed) instead of the −ELBO at the posterior mean.
	Samples int `json:"samples,omitempty"`
}

// ScoreReply is the reply to "score". f32: the N scores, then the inputs
// of the highest-scoring points, highest first (len(Top)×Dim); Top holds
// their indices.
type ScoreReply struct {
	N      int   `json:"n"`
	Dim    int   `json:"dim"`
	Width  int   `json:"width,omitempty"`
	Height int   `json:"height,omitempty"`
	Labels []int `json:"labels,omitempty"`
	Top    []int `json:"top,omitempty"`
}

// GridBody asks for an N×N grid of decoded images over two latent dimensions.
// The other dimensions are held at Base (default 0). With Quantile the axes
// run over Gaussian quantiles (Φ⁻¹ of evenly spaced probabilities in (0,1),
// the classic VAE manifold plot); otherwise they run linearly over
// [−Range, Range] (default 3).
type GridBody struct {
	DimX     int       `json:"dim_x"`
	DimY     int       `json:"dim_y"` // default 1 when the latent has two or more dims
	N        int       `json:"n"`     // default 10, at most 40
	Range    float64   `json:"range,omitempty"`
	Quantile bool      `json:"quantile,omitempty"`
	Base     []float64 `json:"base,omitempty"`
}

// GridReply is the reply to "grid". f32: N·N images of Dim values, row-major
// over the grid (row = y from high to low, column = x from low to high).
type GridReply struct {
	N      int       `json:"n"`
	Dim    int       `json:"dim"`
	Width  int       `json:"width,omitempty"`
	Height int       `json:"height,omitempty"`
	Xs     []float64 `json:"xs"` // axis values of the columns
	Ys     []float64 `json:"ys"` // axis values of the rows, top to bottom
}

// SampleBody asks for N samples from the prior decoded (z ~ N(0, I)).
type SampleBody struct {
	N    int    `json:"n"` // default 16, at most 1024
	Seed uint64 `json:"seed,omitempty"`
}

// JacobianBody asks for the encoder Jacobian ∂μ/∂x at one point: the inputs in
// f32 (len Input) or, when f32 is empty, point Index of the held-out split.
type JacobianBody struct {
	Index int    `json:"index,omitempty"`
	Split string `json:"split,omitempty"`
}

// JacobianReply is the reply to "jacobian". f32: J, Rows×Cols row-major
// (Rows = Latent, Cols = Input).
type JacobianReply struct {
	Rows      int       `json:"rows"`
	Cols      int       `json:"cols"`
	Singular  []float64 `json:"singular"`  // singular values, descending
	Frobenius float64   `json:"frobenius"` // ‖J‖_F²
}

// ContractionBody estimates the contraction ratio: the mean over Count
// points of a split (held-out by default) and Draws Gaussian perturbations
// of size σ of ‖m(x+ε) − m(x)‖ / ‖ε‖, where m is the code f(x) or (Of
// "reconstruction") the reconstruction r(x) — for σ, or for each σ of
// Sigmas (a sensitivity curve, the same ε directions scaled).
type ContractionBody struct {
	Sigma  float64   `json:"sigma"`            // default 0.1
	Sigmas []float64 `json:"sigmas,omitempty"` // several σ at once (then Sigma is ignored)
	Count  int       `json:"count"`            // default 100
	Draws  int       `json:"draws"`            // default 4
	Seed   uint64    `json:"seed,omitempty"`
	Split  string    `json:"split,omitempty"` // "test" (default; "train" when the model has no held-out data) or "train"
	Of     string    `json:"of,omitempty"`    // "code" (default) or "reconstruction"
}

// ContractionReply is the reply to "contraction".
type ContractionReply struct {
	Ratio   float64   `json:"ratio"`             // mean ratio (of the first σ)
	StdErr  float64   `json:"stderr,omitempty"`  // its standard error over points
	Ratios  []float64 `json:"ratios,omitempty"`  // the mean ratio for each σ of Sigmas
	StdErrs []float64 `json:"stderrs,omitempty"` // and its standard error
	N       int       `json:"n"`                 // points used
}

// ClassifyBody asks how well a softmax classifier does on the slot's MNIST
// digits when fitted on Features — the model's code ("code": μ for a VAE)
// or the raw pixels ("pixels") — of Labelled[k] class-balanced training
// digits (nested subsets drawn with Seed; each a multiple of 10), with L2
// weight decay Decay. The features are standardised over the first
// Unlabelled training digits (labels unused); every held-out digit is
// scored (core/classify).
type ClassifyBody struct {
	Features   string  `json:"features"`
	Labelled   []int   `json:"labelled"`
	Seed       uint64  `json:"seed"`
	Decay      float64 `json:"decay"`
	Unlabelled int     `json:"unlabelled,omitempty"` // default 2,000
}

// ClassifyReply is the reply to "classify": the held-out accuracy for each
// labelled size, the feature size and the number of held-out digits.
type ClassifyReply struct {
	Accuracy []float64 `json:"accuracy"`
	Dim      int       `json:"dim"`
	Test     int       `json:"test"`
}

// WeightsBody asks for the first encoder layer's filters.
type WeightsBody struct {
	Max int `json:"max,omitempty"` // at most this many filters (default all)
}

// WeightsReply is the reply to "weights". f32: N filters of In values (row j
// of the first layer's W).
type WeightsReply struct {
	N      int `json:"n"`
	In     int `json:"in"`
	Width  int `json:"width,omitempty"`
	Height int `json:"height,omitempty"`
}

// SaveBody is the body of "save".
type SaveBody struct {
	Name string            `json:"name,omitempty"` // stored in the file's metadata
	Meta map[string]string `json:"meta,omitempty"` // extra metadata
}

// BytesReply carries a byte string packed into f32 (see PackBytes): the reply
// to "save" (a .llm model file).
type BytesReply struct {
	Bytes int `json:"bytes"` // length in bytes
}

// LoadBody is the body of "load": a model file packed into f32 (Bytes > 0, see
// PackBytes), or, when Bytes is 0, the pretrained model Name fetched from
// /web/models/{Name}.llm. With Data set, the dataset is loaded too so the
// model can keep training and encode held-out points; an own data set's
// points (DataConfig.Points) follow the file's words in the payload. With Kind set, a model
// of another kind ("cae" for "vae") is refused. A load that fails for any
// reason leaves the slot's current model as it was.
type LoadBody struct {
	Bytes int         `json:"bytes,omitempty"`
	Name  string      `json:"name,omitempty"`
	Data  *DataConfig `json:"data,omitempty"`
	Kind  string      `json:"kind,omitempty"`
}

// BenchBody runs a reference workload (ARCHITECTURE.md: "R1", "R2", "R3", "D1")
// Steps times after Warmup untimed steps, on synthetic MNIST-like data, in a
// private slot.
type BenchBody struct {
	Workload string `json:"workload"`
	Data     string `json:"data,omitempty"`   // "synthetic" (default: MNIST-like sparse pixels) | "mnist"
	Steps    int    `json:"steps,omitempty"`  // default 20
	Warmup   int    `json:"warmup,omitempty"` // default 3
	// Keep leaves the benchmarked model in the message's slot (to time
	// decode round trips through the worker afterwards, for example).
	Keep bool `json:"keep,omitempty"`
}

// BenchReply is the reply to "bench". Times are measured inside the worker
// (Go's clock under js/wasm is performance.now).
type BenchReply struct {
	Workload  string    `json:"workload"`
	Millis    []float64 `json:"ms"`        // per step
	MedianMs  float64   `json:"median_ms"` // median of Millis
	StepsPerS float64   `json:"steps_per_s"`
	Data      string    `json:"data"`  // the data used: "synthetic" | "mnist"
	Float     string    `json:"float"` // "float32" | "float64": the engine's arithmetic
	GoArch    string    `json:"goarch"`
}

// ProgressBody is the body of a Progress message: Got bytes of the file at
// Path (as the page serves it, "/web/data/mnist-train.bin") have arrived, of
// Total (0: unknown); Done is set on the last one.
type ProgressBody struct {
	Path  string `json:"path"`
	Got   int64  `json:"got"`
	Total int64  `json:"total,omitempty"`
	Done  bool   `json:"done,omitempty"`
	// Sent is the file's size on the wire when the server compressed it
	// (Got and Total count the unpacked bytes); 0 when unknown or sent as is.
	Sent int64 `json:"sent,omitempty"`
}
