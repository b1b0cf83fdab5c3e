// Command pretrain trains Latent Lab's pretrained models natively and
// reproducibly (fixed seeds, deterministic engine) on the MNIST subset and
// writes them as model files:
//
//	go run ./core/cmd/mnistgen -out dist/web/data     # first, once
//	go run ./core/cmd/pretrain -data dist/web/data -out dist/web/models
//
// Models (ARCHITECTURE.md reference workloads):
//
//	vae-mnist-2d  R1: 784 → 256 ReLU → (μ[2], log σ²[2]); 2 → 256 ReLU → 784 sigmoid, β = 1
//	cae-mnist     R2: 784 → 128 sigmoid → 784 sigmoid, λ = 0.1
//	ae-mnist      the same architecture with λ = 0 (plain AE), same seed
//	dae-mnist     the same architecture as a denoising AE, Gaussian corruption σ = 0.3, same seed
//
// Each is trained with Adam (lr 1e-3, batch 100) for -epochs passes over the
// 10,000 training images; held-out metrics on the 2,000 test images are printed
// and stored in the file's metadata. MNIST: LeCun, Cortes, Burges, CC BY-SA 3.0.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"latentlab/core/data"
	"latentlab/core/formula"
	"latentlab/core/infer"
	"latentlab/core/model"
	"latentlab/core/modelfile"
	"latentlab/core/spec"
)

// job is one pretrained model.
type job struct {
	name, summary string
	cfg           model.Config
	epochs        int    // default passes over the training set
	precision     string // modelfile.File.Precision
}

func jobs() []job {
	vae, _ := spec.Preset("r1")
	cae, _ := spec.Preset("r2")
	ae := cae
	ae.Kind, ae.Lambda = "ae", 0
	dae := ae
	dae.Kind, dae.NoiseStd, dae.MaskProb = "dae", 0.3, 0
	return []job{
		{"vae-mnist-2d", "R1 VAE with a 2-D latent space", vae, 20, "f16"},
		{"cae-mnist", "R2 contractive autoencoder, λ = 0.1", cae, 10, "f16"},
		{"ae-mnist", "plain autoencoder with R2's architecture (λ = 0)", ae, 10, "f16"},
		{"dae-mnist", "denoising autoencoder with R2's architecture, Gaussian corruption σ = 0.3", dae, 10, "f16"},
	}
}

func main() {
	dataDir := flag.String("data", "dist/web/data", "directory with mnist-train.bin and mnist-test.bin (from mnistgen)")
	out := flag.String("out", "dist/web/models", "output directory")
	epochs := flag.Int("epochs", 0, "passes over the training set per model (0: per-model default, VAE 20, AE/CAE 10)")
	only := flag.String("only", "", "comma-separated model names to train (default all)")
	precision := flag.String("precision", "f16", "weight storage: f16 (half the download; decodes differ by < 1e-3) or f32 (exact)")
	iwae := flag.Int("iwae", 0, "if > 0, also report the VAE's importance-weighted log p(x) with this many samples")
	parallel := flag.Int("parallel", runtime.GOMAXPROCS(0), "models trained at once (the files are the same for any value)")
	flag.Parse()
	fmt.Println("pretrain:", data.MNISTCredit)
	if err := run(*dataDir, *out, *epochs, *only, *precision, *iwae, *parallel); err != nil {
		fmt.Fprintln(os.Stderr, "pretrain:", err)
		os.Exit(1)
	}
}

func loadSet(path string) (*data.Set, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w (run: go run ./core/cmd/mnistgen -out %s)", err, filepath.Dir(path))
	}
	defer f.Close()
	s, err := data.DecodeMNIST(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

func run(dataDir, out string, epochs int, only, precision string, iwae, parallel int) error {
	if precision != "f16" && precision != "f32" {
		return fmt.Errorf("-precision %q: want f16 or f32", precision)
	}
	if epochs < 0 {
		return fmt.Errorf("-epochs %d < 0", epochs)
	}
	train, err := loadSet(filepath.Join(dataDir, "mnist-train.bin"))
	if err != nil {
		return err
	}
	test, err := loadSet(filepath.Join(dataDir, "mnist-test.bin"))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	want := map[string]bool{}
	for _, n := range strings.Split(only, ",") {
		if n != "" {
			want[n] = true
		}
	}
	var todo []job
	for _, s := range jobs() {
		if len(want) == 0 || want[s.name] {
			if epochs > 0 {
				s.epochs = epochs
			}
			s.precision = precision
			todo = append(todo, s)
			delete(want, s.name)
		}
	}
	for n := range want {
		return fmt.Errorf("unknown model %q", n)
	}
	return trainAll(os.Stdout, todo, train, test, out, iwae, parallel)
}

// trainAll trains the models, at most parallel at a time, and prints their
// logs in the order given. Models train independently (each trainer is
// deterministic on its own), so the files are the same for any parallel
// (TestTrainAllSameFiles); only their train_millis differ.
func trainAll(w io.Writer, todo []job, train, test *data.Set, out string, iwae, parallel int) error {
	type result struct {
		log string
		err error
	}
	results := make([]chan result, len(todo))
	sem := make(chan struct{}, max(parallel, 1))
	for i, s := range todo {
		results[i] = make(chan result, 1)
		go func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			var log strings.Builder
			err := trainOne(&log, s, train, test, out, iwae)
			results[i] <- result{log.String(), err}
		}()
	}
	var firstErr error
	for i, ch := range results {
		r := <-ch
		fmt.Fprint(w, r.log)
		if r.err != nil && firstErr == nil {
			firstErr = fmt.Errorf("%s: %w", todo[i].name, r.err)
		}
	}
	return firstErr
}

func trainOne(log io.Writer, s job, train, test *data.Set, out string, iwae int) error {
	epochs := s.epochs
	t0 := time.Now()
	tr, err := model.New(s.cfg, train.X)
	if err != nil {
		return err
	}
	stepsPerEpoch := (train.N + s.cfg.Batch - 1) / s.cfg.Batch
	total := epochs * stepsPerEpoch
	var last model.Metrics
	for i := 0; i < total; i++ {
		if last, err = tr.Step(); err != nil {
			return fmt.Errorf("step %d: %w", i+1, err)
		}
		if (i+1)%stepsPerEpoch == 0 && ((i+1)/stepsPerEpoch)%5 == 0 {
			fmt.Fprintf(log, "pretrain: %s epoch %d step %d train loss %.2f\n", s.name, (i+1)/stepsPerEpoch, i+1, last.Loss)
		}
	}
	trainTime := time.Since(t0)
	ev, err := tr.Evaluate(test.X)
	if err != nil {
		return fmt.Errorf("evaluate: %w", err)
	}
	meta := map[string]string{
		"name":         s.name,
		"summary":      s.summary,
		"dataset":      fmt.Sprintf("MNIST subset: %d train / %d test images (core/cmd/mnistgen)", train.N, test.N),
		"credit":       data.MNISTCredit,
		"epochs":       strconv.Itoa(epochs),
		"trained_by":   "core/cmd/pretrain",
		"test_loss":    fmtF(ev.Loss),
		"test_recon":   fmtF(ev.Recon),
		"train_loss":   fmtF(last.Loss),
		"units":        "nats per image",
		"train_millis": strconv.FormatInt(trainTime.Milliseconds(), 10),
	}
	line := fmt.Sprintf("held-out loss %.2f (recon %.2f", ev.Loss, ev.Recon)
	switch s.cfg.Kind {
	case "vae":
		meta["test_neg_elbo"] = fmtF(-ev.ELBO)
		meta["test_kl"] = fmtF(ev.KL)
		line = fmt.Sprintf("held-out −ELBO %.2f nats/image (recon %.2f, KL %.2f", -ev.ELBO, ev.Recon, ev.KL)
		if iwae > 0 {
			ll, err := tr.LogLikelihood(test.X, iwae)
			if err != nil {
				return fmt.Errorf("IWAE: %w", err)
			}
			meta["test_iwae_k"] = strconv.Itoa(iwae)
			meta["test_log_px"] = fmtF(ll)
			line += fmt.Sprintf(", IWAE k=%d log p(x) ≥ %.2f", iwae, ll)
		}
	case "cae", "ae":
		// The encoder Jacobian's squared Frobenius norm, by core/formula's closed form,
		// for both models (the engine reports it only where λ > 0).
		j := meanJacobianSq(tr.Snapshot(), test)
		meta["test_jacobian_frob_sq"] = fmtF(j)
		line += fmt.Sprintf(", mean ‖J_f(x)‖²_F %.3f", j)
	}
	cfgJSON, err := json.Marshal(tr.Config())
	if err != nil {
		return err
	}
	net := tr.Snapshot()
	f := &modelfile.File{Version: modelfile.Version, Config: cfgJSON, Net: net, Step: tr.Steps(), Meta: meta, Precision: s.precision}
	b, err := modelfile.Marshal(f)
	if err != nil {
		return err
	}
	back, err := modelfile.Unmarshal(b)
	if err != nil {
		return fmt.Errorf("self-check: %w", err)
	}
	// How much storage precision changes what the UI shows: reconstructions of test images.
	diff := 0.0
	for n := 0; n < min(test.N, 200); n++ {
		a, c := net.Reconstruct(test.Row(n)), back.Net.Reconstruct(test.Row(n))
		for i := range a {
			diff = max(diff, math.Abs(float64(a[i]-c[i])))
		}
	}
	line += fmt.Sprintf("; %s max pixel change %.1e", f.Precision, diff)
	path := filepath.Join(out, s.name+".llm")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return err
	}
	var z bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	fmt.Fprintf(log, "pretrain: %s: %d steps in %.1fs; %s) → %s (%d bytes, %d gzipped)\n",
		s.name, tr.Steps(), trainTime.Seconds(), line, path, len(b), z.Len())
	return nil
}

// meanJacobianSq is the mean over the set of ‖J_f(x)‖²_F for a one-layer
// sigmoid encoder, by formula.SigmoidCAEPenalty.
func meanJacobianSq(net infer.Network, s *data.Set) float64 {
	d := net.Encoder[0]
	W := make([][]float64, d.Out)
	for j := range W {
		W[j] = make([]float64, d.In)
		for i := range W[j] {
			W[j][i] = float64(d.W[j*d.In+i])
		}
	}
	b := make([]float64, d.Out)
	for j := range b {
		b[j] = float64(d.B[j])
	}
	x := make([]float64, s.Dim)
	sum := 0.0
	for n := 0; n < s.N; n++ {
		for i, v := range s.Row(n) {
			x[i] = float64(v)
		}
		sum += formula.SigmoidCAEPenalty(W, b, x)
	}
	return sum / float64(s.N)
}

func fmtF(v float64) string { return strconv.FormatFloat(v, 'f', 4, 64) }
