package claims

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Shape is the type of a measured value.
type Shape uint8

// The shapes of measured values.
const (
	Scalar Shape = iota // a number
	List                // numbers, e.g. one per latent dimension or per step
	Flag                // true or false
)

// Metric is one value a widget kind's experiment measures.
type Metric struct {
	Name  string
	Shape Shape
	Doc   string
}

// Kind is what claims can say about one widget kind: whether it trains,
// which parameters change live (then.set), and what it measures.
type Kind struct {
	Trains  bool
	Live    []string
	Metrics []Metric
	// Engine says how the runner reproduces the widget (for the guide).
	Engine string
}

func (k Kind) livable(name string) bool {
	for _, l := range k.Live {
		if l == name {
			return true
		}
	}
	return false
}

// Kinds declares, per registered widget name, what its claims may measure.
// The runner (package latentlab/web/claims/run) measures exactly these; a
// test keeps the two in step.
var Kinds = map[string]Kind{
	"vae-trainer": {
		Trains: true,
		Live:   []string{"beta", "lr"},
		Engine: "the engine worker's request handler (wasm/worker), sent the create/train/set/reconstruct requests the trainer sends",
		Metrics: []Metric{
			{"nelbo", Scalar, "held-out −ELBO at the end (reconstruction + KL, nats per image for MNIST), on the 500 points the trainer evaluates"},
			{"recon", Scalar, "its reconstruction term (MNIST: binary cross-entropy in nats; toy sets: ‖x − x̂‖²/2σ² with the decoder σ `dec_sigma`)"},
			{"kl", Scalar, "its KL term KL(q(z|x) ‖ p(z)) in nats"},
			{"kl_dims", List, "the KL-per-dimension bars at the end (the trainer's running average of each step's KL per dimension)"},
			{"train_kl", List, "the KL plot: training KL of every step"},
			{"train_recon", List, "the reconstruction plot: training reconstruction term of every step"},
			{"train_nelbo", List, "training −ELBO of every step"},
			{"spread", Scalar, "toy sets: variance of the held-out reconstructions over the variance of the held-out points (1: they follow the data, 0: all at the mean)"},
			{"diverged", Flag, "training paused by itself (non-finite loss, or the trainer's explosion rule)"},
			{"steps", Scalar, "steps taken (fewer than asked when training paused)"},
		},
	},
	"latent-explorer": {
		Engine: "the pretrained model loaded by the engine worker (load + encode, as the explorer's source), and core/modeleval for the held-out −ELBO",
		Metrics: []Metric{
			{"inside", Scalar, "share of the held-out codes μ (the 1,000 points on the map) inside the plotted square [−range, range]²"},
			{"nelbo", Scalar, "the model's held-out −ELBO over the whole 2,000-digit test split (core/modeleval)"},
			{"recon", Scalar, "its reconstruction term"},
			{"kl", Scalar, "its KL term"},
		},
	},
	"posterior-view": {
		Engine: "the pretrained model loaded by the engine worker (load + encode of the held-out digits, as the widget's source)",
		Metrics: []Metric{
			{"mu", List, "μ of the chosen held-out digit's posterior"},
			{"sigma", List, "σ of that posterior"},
			{"kl_dims", List, "KL of each dimension of that posterior to N(0, 1), as printed under the map"},
			{"kl", Scalar, "their sum"},
			{"sigma_all", List, "σ of every dimension of every held-out digit on the map (1,000 digits)"},
		},
	},
	"estimator-lab": {
		Engine: "core/estimator with the lab's trial loop",
		Metrics: []Metric{
			{"var_score_mu", Scalar, "variance of the score-function estimates of ∂/∂μ"},
			{"var_path_mu", Scalar, "variance of the pathwise estimates of ∂/∂μ"},
			{"var_score_sigma", Scalar, "variance of the score-function estimates of ∂/∂σ"},
			{"var_path_sigma", Scalar, "variance of the pathwise estimates of ∂/∂σ"},
			{"mean_score_mu", Scalar, "mean of the score-function estimates of ∂/∂μ"},
			{"mean_path_mu", Scalar, "mean of the pathwise estimates of ∂/∂μ"},
			{"true_mu", Scalar, "the true ∂/∂μ E[f(z)]"},
			{"true_sigma", Scalar, "the true ∂/∂σ E[f(z)]"},
		},
	},
	"penalty-by-hand": {
		Engine: "core/formula, as the widget",
		Metrics: []Metric{
			{"penalty", Scalar, "‖J‖²_F by the closed form"},
			{"explicit", Scalar, "‖J‖²_F summed entry by entry"},
			{"h", List, "the hidden activations h"},
		},
	},
	"anomaly-detector": {
		Trains: true,
		Live:   []string{"score", "corrupt"},
		Engine: "the engine worker's request handler (wasm/worker), sent the create/train/score requests the detector sends (the worker scores with core/anomaly)",
		Metrics: []Metric{
			{"auc", Scalar, "area under the ROC curve of the scores of the 2,000 held-out digits, the anomaly class against the rest (1: perfect, 0.5: chance)"},
			{"mean_normal", Scalar, "mean score of the held-out digits of the trained classes (nats, or no unit for the relative error)"},
			{"mean_anomaly", Scalar, "mean score of the held-out digits of the anomaly class (nats)"},
			{"corrupt_auc", Scalar, "with `corrupt` set: AUC of the corrupted held-out digits of the trained classes (the first 500 held-out digits, corrupted) against the clean ones; NaN without `corrupt`"},
			{"corrupt_flagged", Scalar, "with `corrupt` set: share of those corrupted digits at or above the best-F1 threshold of the held-out digits (where the widget's threshold starts)"},
			{"diverged", Flag, "training paused by itself (the engine's divergence policy)"},
			{"steps", Scalar, "steps taken"},
		},
	},
	"inpainting": {
		Trains: true,
		Engine: "the engine worker's request handler (wasm/worker), sent the create/train/snapshot requests of the widget's two models, and the widget's own fill (apps.Inpaint, core/impute) on every offered held-out digit",
		Metrics: []Metric{
			{"mean_err", Scalar, "mean squared error on the hidden pixels of mean imputation, averaged over the 100 held-out digits the widget offers (with the preset mask)"},
			{"ae_err", Scalar, "the same for the AE's one-shot fill"},
			{"vae_err", Scalar, "the same for the VAE's fill after all its passes"},
			{"vae_first_err", Scalar, "the same for the VAE's first pass"},
			{"diverged", Flag, "training of either model paused by itself"},
		},
	},
	"compression": {
		Trains: true,
		Live:   []string{"bits"},
		Engine: "the engine worker's request handler (wasm/worker), sent the create/train/snapshot requests of the widget's five VAEs, and the widget's own measurement (apps.MeasureRD, core/compress) of the 100 held-out digits it codes",
		Metrics: []Metric{
			{"mse_2", Scalar, "mean squared error per pixel of the held-out digits decoded from the 2-dimensional VAE's code quantised to `bits` bits per dimension"},
			{"mse_4", Scalar, "the same for the 4-dimensional VAE"},
			{"mse_8", Scalar, "the same for the 8-dimensional VAE"},
			{"mse_16", Scalar, "the same for the 16-dimensional VAE"},
			{"mse_32", Scalar, "the same for the 32-dimensional VAE"},
			{"mse", List, "mse_2 … mse_32 in order of latent size"},
			{"rate_2", Scalar, "bits per image of the 2-dimensional code (2 × bits)"},
			{"rate_4", Scalar, "bits per image of the 4-dimensional code"},
			{"rate_8", Scalar, "bits per image of the 8-dimensional code"},
			{"rate_16", Scalar, "bits per image of the 16-dimensional code"},
			{"rate_32", Scalar, "bits per image of the 32-dimensional code"},
			{"png_bytes", Scalar, "mean size in bytes of the same digits as 8-bit grayscale PNG (Go's image/png, best compression; lossless)"},
			{"raw_bytes", Scalar, "the size of a raw digit: 784 bytes"},
			{"monotone", Flag, "every larger code decodes the digits with no larger error than the next smaller one, at `bits` bits per dimension"},
			{"diverged", Flag, "training of any model paused by itself"},
		},
	},
	"contraction-lab": {
		Trains: true,
		Live:   []string{"lambda", "lr"},
		Engine: "the engine worker's request handler (wasm/worker), sent the create/train/set/snapshot/reconstruct/contraction requests the lab sends (its two models trained side by side up to `maxsteps`), and the lab's own field and probe functions on the snapshots",
		Metrics: []Metric{
			{"ae_recon", Scalar, "the plain AE's reconstruction loss ‖r(x)−x‖² on the training points (the status line)"},
			{"cae_recon", Scalar, "the CAE's reconstruction loss"},
			{"ae_ratio", Scalar, "the AE's contraction ratio ‖h(x+ε)−h(x)‖/‖ε‖ on the data at σ = 0.1 (the read-out under the fields)"},
			{"cae_ratio", Scalar, "the CAE's contraction ratio"},
			{"ae_aniso", Scalar, "the AE's σ₂/σ₁ of the encoder Jacobian (the probe ellipse), averaged over the training points"},
			{"cae_aniso", Scalar, "the CAE's σ₂/σ₁"},
			{"ae_inward", Scalar, "share of the AE's arrows (grid × grid over [−1.7, 1.7]²) at points farther than 0.2 from every training point whose direction r(x)−x has a positive component towards the nearest training point"},
			{"cae_inward", Scalar, "the same share for the CAE"},
			{"ae_arrow", Scalar, "mean length ‖r(x)−x‖ of the AE's arrows at those grid points"},
			{"cae_arrow", Scalar, "mean length of the CAE's arrows at those grid points"},
		},
	},
	"sensitivity-meter": {
		Trains: true,
		Engine: "the engine worker's request handler (wasm/worker), sent the create/train/contraction requests the meter sends (its three models trained side by side up to `steps`)",
		Metrics: []Metric{
			{"ae", Scalar, "the AE's measured code ratio ‖h(x+ε)−h(x)‖/‖ε‖ at the chosen σ (the table's first row)"},
			{"dae", Scalar, "the DAE's measured code ratio at the chosen σ"},
			{"cae", Scalar, "the CAE's measured code ratio at the chosen σ"},
			{"ae_curve", List, "the AE's code curve (solid) over the plotted σ grid, 0.03 to 3, smallest σ first"},
			{"dae_curve", List, "the DAE's code curve"},
			{"cae_curve", List, "the CAE's code curve"},
			{"ae_r", Scalar, "the AE's measured reconstruction ratio ‖r(x+ε)−r(x)‖/‖ε‖ at the chosen σ (the table's second row)"},
			{"dae_r", Scalar, "the DAE's measured reconstruction ratio at the chosen σ"},
			{"cae_r", Scalar, "the CAE's measured reconstruction ratio at the chosen σ"},
			{"ae_r_curve", List, "the AE's reconstruction curve (dashed) over the σ grid"},
			{"dae_r_curve", List, "the DAE's reconstruction curve"},
			{"cae_r_curve", List, "the CAE's reconstruction curve"},
		},
	},
}

// KindNames lists the widget kinds that have claim experiments, sorted.
func KindNames() []string {
	var ns []string
	for n := range Kinds {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	return ns
}

// Measured is what one run of an experiment measured, by metric name:
// float64 for Scalar, []float64 for List, bool for Flag.
type Measured map[string]any

// Zero returns a Measured with every metric of k at its zero value (the
// shape the outcome expressions are compiled against).
func (k Kind) Zero() Measured {
	m := Measured{}
	for _, x := range k.Metrics {
		switch x.Shape {
		case Scalar:
			m[x.Name] = 0.0
		case List:
			m[x.Name] = []float64{}
		case Flag:
			m[x.Name] = false
		}
	}
	return m
}

// Env is the evaluation environment of c's outcomes: the main run's metrics
// by name, vs.NAME.metric for each comparison run, then.metric for the
// second phase; values from main, vs and then (zero values where nil).
func Env(k Kind, c *Claim) map[string]any {
	return EnvOf(k, c, nil, nil, nil)
}

// EnvOf builds the environment from measured runs (nil: zero values).
func EnvOf(k Kind, c *Claim, main Measured, vs map[string]Measured, then Measured) map[string]any {
	or := func(m Measured) Measured {
		if m == nil {
			return k.Zero()
		}
		return m
	}
	env := map[string]any{}
	for n, v := range or(main) {
		env[n] = v
	}
	if len(c.Vs) > 0 {
		runs := map[string]any{}
		for _, r := range c.Vs {
			runs[r.Name] = map[string]any(or(vs[r.Name]))
		}
		env["vs"] = runs
	}
	if c.Then != nil {
		env["then"] = map[string]any(or(then))
	}
	return env
}

// Markdown writes the reference of every kind's metrics for lessons/README.md.
func Markdown(w io.Writer) {
	for _, name := range KindNames() {
		k := Kinds[name]
		how := "Does not train"
		if k.Trains {
			how = "Trains: `train:` is required"
			if len(k.Live) > 0 {
				how += "; live in `then.set`: " + "`" + strings.Join(k.Live, "`, `") + "`"
			}
		}
		fmt.Fprintf(w, "#### `%s`\n\nMeasured with: %s. %s.\n\n| Value | Kind | Meaning |\n|---|---|---|\n", name, k.Engine, how)
		for _, m := range k.Metrics {
			fmt.Fprintf(w, "| `%s` | %s | %s |\n", m.Name, [...]string{"number", "list", "true/false"}[m.Shape], m.Doc)
		}
		fmt.Fprintln(w)
	}
}
