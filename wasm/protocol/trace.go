package protocol

// TraceBody asks for every intermediate of one forward and backward pass of
// the slot's model on one example, computed by the trainer's own code (a
// batch of one): the inputs in f32 (len Input) or, when f32 is empty, point
// Index of a split ("test", the default, or "train"). The weights, the
// optimiser and the training stream are unchanged.
type TraceBody struct {
	Index int    `json:"index,omitempty"`
	Split string `json:"split,omitempty"`
	// Eps is the VAE's ε (Latent values); empty: Latent standard normal
	// draws from a generator seeded with Seed (so a seed names one ε).
	Eps  []float32 `json:"eps,omitempty"`
	Seed uint64    `json:"seed,omitempty"`
	// LR is the step size of the update the trace measures, one plain
	// gradient step on this example alone (0: the model's learning rate).
	LR float64 `json:"lr,omitempty"`
}

// LayerGrad is the size of one layer's gradient in a trace.
type LayerGrad struct {
	Name  string  `json:"name"` // "enc0", "dec1", …
	In    int     `json:"in"`
	Out   int     `json:"out"`
	WNorm float64 `json:"w"` // ‖∂loss/∂W‖_F
	BNorm float64 `json:"b"` // ‖∂loss/∂b‖
}

// TraceReply is the reply to "trace". f32: the example x, x̂ (the decoder's
// mean) and the per-value reconstruction terms (Input values each), then
// the encoder's hidden layers (Hidden widths), the decoder's hidden layers
// (DecHidden widths), then, when Jacobian is true (CAE), J_f(x) as
// Latent×Input row-major. Small vectors travel in the body.
type TraceReply struct {
	Kind      string `json:"kind"`
	Output    string `json:"output"` // "bernoulli" (terms in nats) or "gaussian"
	Step      int    `json:"step"`   // the model's step count (the weights traced)
	Input     int    `json:"input"`
	Latent    int    `json:"latent"`
	Width     int    `json:"width,omitempty"` // image shape (0 for points)
	Height    int    `json:"height,omitempty"`
	Label     int    `json:"label"` // the example's label, −1 if none
	Hidden    []int  `json:"hidden,omitempty"`
	DecHidden []int  `json:"dec_hidden,omitempty"`
	Jacobian  bool   `json:"jacobian,omitempty"`

	Mu       []float32 `json:"mu,omitempty"` // VAE
	LogVar   []float32 `json:"log_var,omitempty"`
	Sigma    []float32 `json:"sigma,omitempty"`
	Eps      []float32 `json:"eps,omitempty"`
	Z        []float32 `json:"z,omitempty"`
	KLPerDim []float64 `json:"kl_per_dim,omitempty"`
	KL       float64   `json:"kl,omitempty"`
	Beta     float64   `json:"beta,omitempty"`

	Code       []float32 `json:"code,omitempty"`        // AE, DAE, CAE: h = f(x)
	Penalty    float64   `json:"penalty,omitempty"`     // CAE: ‖J‖²_F, closed form
	PenaltySum float64   `json:"penalty_sum,omitempty"` // CAE: ‖J‖²_F, explicit sum of J's squared entries
	Lambda     float64   `json:"lambda,omitempty"`

	ReconTerm float64 `json:"recon"`
	Loss      float64 `json:"loss"` // ReconTerm + β·KL + λ·Penalty
	NegELBO   float64 `json:"neg_elbo,omitempty"`

	GradZ      []float32   `json:"grad_z"` // ∂loss/∂z (∂loss/∂h for a code)
	GradMu     []float32   `json:"grad_mu,omitempty"`
	GradLogVar []float32   `json:"grad_log_var,omitempty"`
	Layers     []LayerGrad `json:"layers"`

	LR        float64 `json:"lr"`
	LossAfter float64 `json:"loss_after"` // the loss on the example (same ε) after w ← w − LR·∂loss/∂w
}

// TraceLen is the number of f32 values a trace reply carries.
func (r *TraceReply) TraceLen() int {
	n := 3 * r.Input
	for _, w := range r.Hidden {
		n += w
	}
	for _, w := range r.DecHidden {
		n += w
	}
	if r.Jacobian {
		n += r.Latent * r.Input
	}
	return n
}
