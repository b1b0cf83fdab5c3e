// Package torchio exports an engine model as a safetensors file laid out
// as the PyTorch module that package codegen generates for its config (so
// that model.load_state_dict(load_file(path)) takes it as it is), with the
// config beside it as a JSON sidecar; and imports such a file, written by
// Export or saved from the generated module with
// save_file(model.state_dict(), path), back into an engine network.
//
// Import checks a file the way modelfile checks .llm files: the format
// (package safetensors), then every tensor's name, dtype and shape against
// the config, and every value for being finite. Each refusal wraps ErrFormat
// and names the tensor at fault.
package torchio

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"latentlab/core/codegen"
	"latentlab/core/infer"
	"latentlab/core/safetensors"
	"latentlab/core/spec"
)

// ErrFormat is wrapped by every error about a file that is not a model
// Latent Lab can import.
var ErrFormat = errors.New("torchio: cannot import")

// MaxSidecarBytes bounds the config sidecar.
const MaxSidecarBytes = 64 << 10

// Metadata keys written into the safetensors header.
const (
	MetaFormat = "format"           // "pt", as PyTorch's save_file writes it
	MetaConfig = "latentlab.config" // the spec.Config, as JSON
	MetaStep   = "latentlab.step"   // training steps taken
)

// Model is an imported model: its config, its weights and the steps it was
// trained for (0 when the file does not say).
type Model struct {
	Config spec.Config
	Net    infer.Network
	Step   int
}

// Export returns net's weights as safetensors, named and shaped as the
// state_dict of the PyTorch module generated for cfg, and the sidecar: cfg
// as indented JSON. net is a trained network of cfg's architecture, e.g.
// model.Trainer.Snapshot(); step is stored in the file's metadata.
func Export(cfg spec.Config, net infer.Network, step int) (weights, sidecar []byte, err error) {
	mod, err := codegen.NewModule(cfg)
	if err != nil {
		return nil, nil, fmt.Errorf("torchio: export: %w", err)
	}
	if err := checkNetwork(cfg, mod, net); err != nil {
		return nil, nil, fmt.Errorf("torchio: export: %w", err)
	}
	cfgJSON, err := json.Marshal(cfg)
	if err != nil {
		return nil, nil, fmt.Errorf("torchio: export config: %w", err)
	}
	f := &safetensors.File{Metadata: map[string]string{
		MetaFormat: "pt", MetaConfig: string(cfgJSON), MetaStep: strconv.Itoa(step),
	}}
	for _, p := range placesOf(cfg, mod) {
		d := layerOf(net, p)
		w, b := p.slice(d)
		if p.layer.TiedTo == "" { // a tied layer's weight is another's, transposed
			f.Tensors = append(f.Tensors, safetensors.Float32(p.layer.WeightName(), []int{p.layer.Out, p.layer.In}, w))
		}
		f.Tensors = append(f.Tensors, safetensors.Float32(p.layer.BiasName(), []int{p.layer.Out}, b))
	}
	if weights, err = safetensors.Marshal(f); err != nil {
		return nil, nil, fmt.Errorf("torchio: export: %w", err)
	}
	if sidecar, err = json.MarshalIndent(cfg, "", "  "); err != nil {
		return nil, nil, fmt.Errorf("torchio: export config: %w", err)
	}
	return weights, append(sidecar, '\n'), nil
}

// Import reads a safetensors file of a model. Its config comes from sidecar
// when that is non-empty, else from the file's own metadata; either way the
// tensors must be exactly those of the module generated for it.
func Import(weights, sidecar []byte) (*Model, error) {
	f, err := safetensors.Unmarshal(weights)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrFormat, err)
	}
	cfg, err := configOf(f, sidecar)
	if err != nil {
		return nil, err
	}
	mod, err := codegen.NewModule(cfg)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrFormat, err)
	}
	if err := checkNames(f, mod); err != nil {
		return nil, err
	}
	m := &Model{Config: cfg, Net: emptyNetwork(cfg)}
	for _, p := range placesOf(cfg, mod) {
		dw, db := p.slice(layerOf(m.Net, p))
		if p.layer.TiedTo == "" { // a tied layer's weight is filled from the encoder's below
			w, err := tensorValues(f, p.layer.WeightName(), []int{p.layer.Out, p.layer.In})
			if err != nil {
				return nil, err
			}
			copy(dw, w)
		}
		b, err := tensorValues(f, p.layer.BiasName(), []int{p.layer.Out})
		if err != nil {
			return nil, err
		}
		copy(db, b)
	}
	if cfg.Tied {
		tie(&m.Net)
	}
	if s, ok := f.Metadata[MetaStep]; ok {
		if m.Step, err = strconv.Atoi(s); err != nil || m.Step < 0 {
			return nil, fmt.Errorf("%w: metadata %s = %q is not a step count", ErrFormat, MetaStep, s)
		}
	}
	return m, nil
}

// configOf decodes the model config from the sidecar, or from the file's
// metadata when there is no sidecar. Fields it leaves out keep the
// defaults of its kind.
func configOf(f *safetensors.File, sidecar []byte) (spec.Config, error) {
	src, what := sidecar, "config sidecar"
	if len(bytes.TrimSpace(src)) == 0 {
		s, ok := f.Metadata[MetaConfig]
		if !ok {
			return spec.Config{}, fmt.Errorf("%w: the file carries no Latent Lab config (metadata %q) and no sidecar .json was given", ErrFormat, MetaConfig)
		}
		src, what = []byte(s), "config in the file's metadata"
	}
	if len(src) > MaxSidecarBytes {
		return spec.Config{}, fmt.Errorf("%w: %s is %d bytes, at most %d", ErrFormat, what, len(src), MaxSidecarBytes)
	}
	var kind struct {
		Kind string `json:"kind"`
	}
	if err := json.Unmarshal(src, &kind); err != nil {
		return spec.Config{}, fmt.Errorf("%w: %s: %v", ErrFormat, what, err)
	}
	cfg := spec.Default(kind.Kind)
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		return spec.Config{}, fmt.Errorf("%w: %s: %v", ErrFormat, what, err)
	}
	if dec.More() {
		return spec.Config{}, fmt.Errorf("%w: %s has trailing data", ErrFormat, what)
	}
	if err := cfg.Validate(); err != nil {
		return spec.Config{}, fmt.Errorf("%w: %s: %w", ErrFormat, what, err)
	}
	return cfg, nil
}

// checkNames refuses a file whose tensors are not exactly the module's.
func checkNames(f *safetensors.File, mod codegen.Module) error {
	want := map[string]bool{}
	for _, l := range mod.Layers() {
		for _, name := range l.Params() {
			want[name] = true
		}
	}
	for _, t := range f.Tensors {
		if !want[t.Name] {
			return fmt.Errorf("%w: tensor %q is not part of this %s (its tensors: %s)", ErrFormat, t.Name, mod.Class, tensorList(mod))
		}
	}
	for _, l := range mod.Layers() {
		for _, name := range l.Params() {
			if _, ok := f.Tensor(name); !ok {
				return fmt.Errorf("%w: tensor %q is missing (a %s with this config has %s)", ErrFormat, name, mod.Class, tensorList(mod))
			}
		}
	}
	return nil
}

func tensorList(mod codegen.Module) string {
	var b bytes.Buffer
	for i, l := range mod.Layers() {
		if i > 0 {
			b.WriteString(", ")
		}
		if l.TiedTo == "" {
			fmt.Fprintf(&b, "%s [%d %d], ", l.WeightName(), l.Out, l.In)
		}
		fmt.Fprintf(&b, "%s [%d]", l.BiasName(), l.Out)
	}
	return b.String()
}

// tensorValues returns the float32 values of the tensor called name after
// checking its dtype, shape and values.
func tensorValues(f *safetensors.File, name string, shape []int) ([]float32, error) {
	t, _ := f.Tensor(name)
	v, err := t.Float32s()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrFormat, err)
	}
	if !equalShape(t.Shape, shape) {
		return nil, fmt.Errorf("%w: tensor %q has shape %v, the config wants %v", ErrFormat, name, t.Shape, shape)
	}
	for i, x := range v {
		if x-x != 0 {
			return nil, fmt.Errorf("%w: tensor %q: value %d is %v; weights must be finite", ErrFormat, name, i, x)
		}
	}
	return v, nil
}

func equalShape(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
