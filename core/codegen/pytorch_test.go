//go:build !js && !wasip1

package codegen_test

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"latentlab/core/codegen"
	"latentlab/core/infer"
	"latentlab/core/model"
	"latentlab/core/torchio"
)

// Tolerances of the PyTorch check, float32 arithmetic on both sides
// (different summation orders): losses of ~100–600 nats relative, pixels and
// weights absolute.
const (
	lossRelTol   = 1e-5
	pixelTol     = 1e-5
	weightTol    = 1e-5
	deltaRelTol  = 1e-3 // the loss change of one step, relative to itself
	trainedSteps = 5
)

// checkCase is one configuration the PyTorch check runs.
type checkCase struct {
	name string
	cfg  model.Config
}

func checkCases() []checkCase {
	vae := model.Default("vae")
	vae.Hidden, vae.Batch = []int{64}, 16
	vaeG := model.Default("vae")
	vaeG.Hidden, vaeG.HiddenAct, vaeG.Latent, vaeG.Output, vaeG.Beta = []int{32, 16}, "tanh", 4, "gaussian", 0.5
	vaeG.Optimizer, vaeG.Momentum, vaeG.LR, vaeG.Clip, vaeG.Init, vaeG.Batch = "sgd", 0.9, 1e-3, 1, "he", 16
	cae := model.Default("cae")
	cae.Lambda, cae.Batch = 1, 16
	caeT := model.Default("cae")
	caeT.CodeAct, caeT.Latent, caeT.Lambda, caeT.Optimizer, caeT.Momentum, caeT.LR, caeT.Batch = "tanh", 32, 0.5, "sgd", 0, 0.01, 16
	dae := model.Default("dae")
	dae.Hidden, dae.NoiseStd, dae.MaskProb, dae.Batch = []int{32}, 0.3, 0.2, 16
	ae := model.Default("ae")
	ae.Hidden, ae.Latent, ae.CodeAct, ae.Output, ae.Init, ae.Batch = []int{32}, 8, "sigmoid", "gaussian", "he", 16
	return []checkCase{{"vae", vae}, {"vae-gaussian-sgd-clip", vaeG}, {"cae", cae}, {"cae-tanh-sgd", caeT}, {"dae", dae}, {"ae-gaussian", ae},
		{"cae-tied-toy", codegen.TiedToyCAE()}}
}

// engineRun is what the engine computed for one case.
type engineRun struct {
	checkCase
	dir                 string
	batch               model.Batch
	before, step, after model.Metrics
	recon               []float32 // reconstruction of the batch
	afterNet            infer.Network
	sidecar             []byte
}

// TestPyTorchMatchesEngine trains each case with the engine for a few
// steps, exports it, and runs the generated PyTorch code on the export
// (testdata/check_torch.py): the loss and its terms, the reconstruction of a
// fixed batch (with fixed ε for a VAE, fixed corruption for a DAE), and one
// training step from the same weights with a fresh optimizer must agree with
// the engine's to float32 precision. The generated Keras code is compiled.
func TestPyTorchMatchesEngine(t *testing.T) {
	python := torchPython(t)
	root := t.TempDir()
	var runs []*engineRun
	var job struct {
		Cases   []map[string]any `json:"cases"`
		Smoke   []map[string]any `json:"smoke"`
		Compile []string         `json:"compile"`
	}
	for _, c := range checkCases() {
		r := runEngine(t, c, filepath.Join(root, c.name))
		runs = append(runs, r)
		job.Cases = append(job.Cases, map[string]any{
			"name": c.name, "dir": r.dir, "kind": c.cfg.Kind, "class": strings.ToUpper(c.cfg.Kind),
			"output": c.cfg.Output, "rows": len(r.batch.X) / c.cfg.Input, "input": c.cfg.Input, "latent": c.cfg.Latent,
		})
	}
	for i, c := range codegen.Grid() {
		torchFile, kerasFile := writeCode(t, filepath.Join(root, "grid"), fmt.Sprint(i), c)
		job.Smoke = append(job.Smoke, map[string]any{"path": torchFile, "index": i, "class": strings.ToUpper(c.Kind), "input": c.Input})
		job.Compile = append(job.Compile, kerasFile)
	}
	jobFile := filepath.Join(root, "job.json")
	writeJSON(t, jobFile, job)
	cmd := exec.Command(python, filepath.Join("testdata", "check_torch.py"), jobFile)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s testdata/check_torch.py: %v\n%s", python, err, out)
	}
	for _, r := range runs {
		compare(t, r)
	}
}

// torchPython returns a Python 3 that has PyTorch ($LATENTLAB_PYTHON, else
// python3 on the PATH, else Debian's /usr/bin/python3), or fails saying how
// to install it.
func torchPython(t *testing.T) string {
	candidates := []string{"python3", "/usr/bin/python3"}
	if p := os.Getenv("LATENTLAB_PYTHON"); p != "" {
		candidates = []string{p}
	}
	var tried []string
	for _, p := range candidates {
		path, err := exec.LookPath(p)
		if err != nil {
			tried = append(tried, p+": not found")
			continue
		}
		// find_spec does not import torch (seconds): just whether it is there.
		out, err := exec.Command(path, "-c", "import importlib.util, sys; sys.exit(importlib.util.find_spec('torch') is None)").CombinedOutput()
		if err == nil {
			return path
		}
		tried = append(tried, fmt.Sprintf("%s: no torch module (%v %s)", path, err, strings.TrimSpace(string(out))))
	}
	t.Fatalf("PyTorch is required: this test runs the generated PyTorch code against the engine. "+
		"Install Debian's python3-torch (sudo apt-get install -y python3-torch; .ci/run does it), "+
		"or set LATENTLAB_PYTHON to a python3 that has torch. Tried: %s", strings.Join(tried, "; "))
	return ""
}

// runEngine trains c with the engine, exports it into dir with the
// generated code and a fixed batch, and records what the engine computes
// on that batch from the exported weights.
func runEngine(t *testing.T, c checkCase, dir string) *engineRun {
	t.Helper()
	cfg := c.cfg
	rng := rand.New(rand.NewPCG(11, uint64(len(c.name))))
	data := mnistLike(rng, 64, cfg.Input)
	tr, err := model.New(cfg, data)
	if err != nil {
		t.Fatalf("%s: %v", c.name, err)
	}
	for range trainedSteps {
		if _, err := tr.Step(); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
	}
	weights, sidecar, err := torchio.Export(cfg, tr.Snapshot(), tr.Steps())
	if err != nil {
		t.Fatalf("%s: export: %v", c.name, err)
	}
	// The engine's side starts from the exported file too, with a fresh
	// optimizer, as the PyTorch side does.
	imported, err := torchio.Import(weights, sidecar)
	if err != nil {
		t.Fatalf("%s: import: %v", c.name, err)
	}
	fresh, err := model.FromNetwork(imported.Config, imported.Net, data)
	if err != nil {
		t.Fatalf("%s: %v", c.name, err)
	}
	r := &engineRun{checkCase: c, dir: dir, sidecar: sidecar, batch: fixedBatch(rng, cfg, data[:16*cfg.Input])}
	if r.before, err = fresh.EvaluateBatch(r.batch); err != nil {
		t.Fatalf("%s: %v", c.name, err)
	}
	r.recon = reconstruct(fresh.Snapshot(), r.batch)
	if r.step, err = fresh.StepBatch(r.batch); err != nil {
		t.Fatalf("%s: %v", c.name, err)
	}
	if cfg.Clip > 0 && !r.step.Clipped {
		t.Errorf("%s: the step's gradient norm %g was not clipped at %g: the case does not exercise clipping", c.name, r.step.GradNorm, cfg.Clip)
	}
	if r.after, err = fresh.EvaluateBatch(r.batch); err != nil {
		t.Fatalf("%s: %v", c.name, err)
	}
	r.afterNet = fresh.Snapshot()

	writeCode(t, dir, "", cfg)
	files := map[string][]byte{
		"weights.safetensors": weights,
		"x.f32":               f32Bytes(r.batch.X),
		"eps.f32":             f32Bytes(r.batch.Eps),
		"x_noisy.f32":         f32Bytes(r.batch.Input),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

// writeCode writes the PyTorch and Keras code of cfg into dir as
// {prefix}model.py and {prefix}keras.py and returns their paths.
func writeCode(t *testing.T, dir, prefix string, cfg model.Config) (torchFile, kerasFile string) {
	t.Helper()
	torchCode, err := codegen.PyTorch(cfg)
	if err != nil {
		t.Fatal(err)
	}
	kerasCode, err := codegen.Keras(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	torchFile, kerasFile = filepath.Join(dir, prefix+"model.py"), filepath.Join(dir, prefix+"keras.py")
	for path, code := range map[string]string{torchFile: torchCode, kerasFile: kerasCode} {
		if err := os.WriteFile(path, []byte(code), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return torchFile, kerasFile
}

// fixedBatch returns the batch x with ε for a VAE and a corrupted input
// x̃ = m ⊙ (x + σξ) for a DAE, drawn from rng.
func fixedBatch(rng *rand.Rand, cfg model.Config, x []float32) model.Batch {
	b := model.Batch{X: x}
	rows := len(x) / cfg.Input
	switch cfg.Kind {
	case "vae":
		b.Eps = make([]float32, rows*cfg.Latent)
		for i := range b.Eps {
			b.Eps[i] = float32(rng.NormFloat64())
		}
	case "dae":
		b.Input = make([]float32, len(x))
		for i, v := range x {
			if rng.Float64() >= cfg.MaskProb {
				b.Input[i] = v + float32(cfg.NoiseStd*rng.NormFloat64())
			}
		}
	}
	return b
}

// reconstruct decodes the batch with the engine's inference network: from
// z = μ + σ ⊙ ε for a VAE, from the corrupted input for a DAE.
func reconstruct(net infer.Network, b model.Batch) []float32 {
	in := b.X
	if b.Input != nil {
		in = b.Input
	}
	rows := len(in) / net.Input
	var out []float32
	for r := range rows {
		code := net.Encoder.Forward(nil, in[r*net.Input:(r+1)*net.Input])
		if net.Kind == "vae" {
			L := net.Latent
			z := make([]float32, L)
			for j := range z {
				z[j] = code[j] + float32(math.Exp(0.5*float64(code[L+j])))*b.Eps[r*L+j]
			}
			code = z
		}
		out = append(out, net.Decoder.Forward(nil, code)...)
	}
	return out
}

// mnistLike returns n rows of dim sparse pixels in [0, 1], as MNIST digits
// are (a quarter of the pixels lit).
func mnistLike(rng *rand.Rand, n, dim int) []float32 {
	x := make([]float32, n*dim)
	for i := range x {
		if rng.Float64() < 0.25 {
			x[i] = float32(rng.Float64())
		}
	}
	return x
}

func f32Bytes(v []float32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return b
}

func writeJSON(t *testing.T, path string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
