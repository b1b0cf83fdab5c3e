package vae

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"latentlab/core/modelfile"
	"latentlab/core/spec"
	"latentlab/web/engine"
	"latentlab/web/params"
)

// maxModelFileBytes bounds the model files the trainer opens. The largest
// VAE it trains (784 → 512 → 16 → 512 → 784, float32) is about 3.3 MB; the
// limit is checked before a file is read.
const maxModelFileBytes = 16 << 20

// modelFileName names a saved model so that the file says what it holds.
func modelFileName(latent, step int) string {
	return fmt.Sprintf("latentlab-vae-z%d-step%d.llm", latent, step)
}

// fileInfo is what the trainer reads from a model file's header before it
// hands the file to the worker (which checks the weights and the checksum).
type fileInfo struct {
	Kind          string
	Input, Latent int
	Step          int
	Data          *engine.Data // the dataset the file was trained on, if it says
}

// kindNames says in words what each model kind is.
var kindNames = map[string]string{
	"ae":  "a plain autoencoder (AE)",
	"dae": "a denoising autoencoder (DAE)",
	"cae": "a contractive autoencoder (CAE)",
	"vae": "a variational autoencoder (VAE)",
}

// peekModel reads a model file's header (modelfile.ReadSummary) and
// refuses, in plain words, files that are not a VAE this trainer can hold.
func peekModel(b []byte) (fileInfo, error) {
	h, err := modelfile.ReadSummary(b)
	switch {
	case errors.Is(err, modelfile.ErrNotModelFile):
		return fileInfo{}, fmt.Errorf("it is not a Latent Lab model file")
	case errors.Is(err, modelfile.ErrVersion):
		return fileInfo{}, fmt.Errorf("it is in model file format %d, and this version of Latent Lab reads format %d", h.Version, modelfile.Version)
	case errors.Is(err, modelfile.ErrHeaderTruncated):
		return fileInfo{}, fmt.Errorf("the file is incomplete: it ends inside its header")
	case err != nil:
		return fileInfo{}, fmt.Errorf("the file is damaged: its header cannot be read")
	}
	var cfg struct {
		Data *engine.Data `json:"data"`
	}
	if len(h.Config) > 0 && json.Unmarshal(h.Config, &cfg) != nil {
		return fileInfo{}, fmt.Errorf("the file is damaged: its header cannot be read")
	}
	info := fileInfo{Kind: h.Kind, Input: h.Input, Latent: h.Latent, Step: h.Step, Data: cfg.Data}
	return info, info.check()
}

// check refuses a model the vae-trainer cannot take over.
func (f fileInfo) check() error {
	if f.Kind != "vae" {
		what, ok := kindNames[f.Kind]
		if !ok {
			what = fmt.Sprintf("a model of unknown kind %q", f.Kind)
		}
		return fmt.Errorf("it holds %s, not a VAE", what)
	}
	p, _ := trainerParams.Lookup("latent")
	if lo, hi := int(p.Min), int(p.Max); f.Latent < lo || f.Latent > hi {
		return fmt.Errorf("its latent space has %d dimensions; this trainer works with %d to %d", f.Latent, lo, hi)
	}
	return nil
}

// dataInputs is the input size of a dataset: 784 for MNIST, 2 for toy sets.
func dataInputs(d engine.Data) int {
	if d.Source == "mnist" {
		return 784
	}
	return 2
}

// dataFor chooses the dataset a loaded model keeps training on: the one the
// file names, else the trainer's current one when the input sizes agree.
func (f fileInfo) dataFor(current engine.Data) (engine.Data, error) {
	d := current
	if f.Data != nil && (f.Data.Source == "mnist" || f.Data.Source == "toy" && isToy(f.Data.Name)) {
		d = *f.Data
	}
	if got := dataInputs(d); got != f.Input {
		return d, fmt.Errorf("its inputs do not fit the data: the model takes %d values per example, the data has %d (784 for MNIST digits, 2 for toy points)", f.Input, got)
	}
	return d, nil
}

// plainLoadError turns the worker's reason for refusing a model file into
// plain words for a student.
func plainLoadError(reason string) string {
	has := func(marker string) (string, bool) {
		_, rest, ok := strings.Cut(reason, marker)
		return rest, ok
	}
	if _, ok := has("checksum mismatch"); ok {
		return "the file is damaged: its checksum does not match its contents"
	}
	if _, ok := has("truncated"); ok {
		return "the file is incomplete: it ends too early"
	}
	if _, ok := has("not a Latent Lab model file"); ok {
		return "it is not a Latent Lab model file"
	}
	if rest, ok := has("holds a"); ok {
		return "it holds a" + rest
	}
	if rest, ok := has("model takes"); ok {
		return "its inputs do not fit the data (the model takes" + rest + ")"
	}
	if rest, ok := has("bad model file: "); ok {
		return "the file is damaged (" + rest + ")"
	}
	return "the engine could not use it (" + reason + ")"
}

// isToy reports whether name is one of the trainer's toy datasets.
func isToy(name string) bool {
	p, _ := trainerParams.Lookup("dataset")
	return name != "mnist" && slices.Contains(p.Choices, name)
}

// valuesFrom returns the trainer parameters that describe a loaded model's
// configuration c, starting from cur; values outside the table's ranges are
// clamped (they only label the controls and seed a later Reset).
func valuesFrom(cur params.Values, m spec.Config, d engine.Data) params.Values {
	v := params.Values{}
	for k, x := range cur {
		v[k] = x
	}
	if d.Source == "mnist" {
		v["dataset"] = "mnist"
	} else if isToy(d.Name) {
		v["dataset"] = d.Name
	}
	setInt := func(name string, x int) {
		if p, ok := trainerParams.Lookup(name); ok && x > 0 {
			v[name] = int(min(max(float64(x), p.Min), p.Max))
		}
	}
	setFloat := func(name string, x float64) {
		if p, ok := trainerParams.Lookup(name); ok && x >= 0 {
			v[name] = min(max(x, p.Min), p.Max)
		}
	}
	setInt("latent", m.Latent)
	if len(m.Hidden) == 1 {
		setInt("hidden", m.Hidden[0])
	}
	setInt("batch", m.Batch)
	setFloat("lr", m.LR)
	setFloat("beta", m.Beta)
	if m.Seed <= uint64(maxSeed()) {
		v["seed"] = int(m.Seed)
	}
	return v
}

func maxSeed() int {
	p, _ := trainerParams.Lookup("seed")
	return int(p.Max)
}
