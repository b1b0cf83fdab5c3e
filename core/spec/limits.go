package spec

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Limits on configurations the engine accepts. Every numeric setting's
// range is in LimitFor; a widget's parameter table may narrow a range for
// teaching, never widen it (web/widgets_test.go checks).
const (
	MaxLatentVAE = 64   // latent dimensions of a VAE
	MaxCode      = 1024 // code width of an AE, DAE or CAE (R2's CAE uses 128)
	MaxWidth     = 4096 // any hidden layer
	MaxHidden    = 8    // hidden layers in the encoder (mirrored by the decoder)
	MaxInput     = 1 << 16
	MaxBatch     = 4096
	MaxLR        = 10
	// MaxParams bounds the number of weights: training keeps about five
	// float32 copies of each (value, gradient, two Adam moments, backup),
	// and a browser tab has a few GB at most.
	MaxParams = 16 << 20
)

// Range is the accepted interval of a numeric setting.
type Range struct {
	Min, Max         float64
	MinOpen, MaxOpen bool // the bound itself is excluded
}

// Contains reports whether v lies in r (NaN never does).
func (r Range) Contains(v float64) bool {
	switch {
	case v != v:
		return false
	case v < r.Min || r.MinOpen && v == r.Min:
		return false
	case v > r.Max || r.MaxOpen && v == r.Max:
		return false
	}
	return true
}

// Within reports whether every value of [lo, hi] lies in r.
func (r Range) Within(lo, hi float64) bool { return lo <= hi && r.Contains(lo) && r.Contains(hi) }

// String writes r as the messages do: "1…4096", "0 < v ≤ 10", "v ≥ 0".
func (r Range) String() string {
	num := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	if math.IsInf(r.Max, 1) {
		if r.MinOpen {
			return "> " + num(r.Min)
		}
		return "≥ " + num(r.Min)
	}
	if !r.MinOpen && !r.MaxOpen {
		return num(r.Min) + "…" + num(r.Max)
	}
	lo, hi := " ≤ ", " ≤ "
	if r.MinOpen {
		lo = " < "
	}
	if r.MaxOpen {
		hi = " < "
	}
	return num(r.Min) + lo + "v" + hi + num(r.Max)
}

var inf = math.Inf(1)

// limits are the ranges that do not depend on the kind, by JSON field name.
var limits = map[string]Range{
	"input":      {Min: 1, Max: MaxInput},
	"hidden":     {Min: 1, Max: MaxWidth}, // each hidden width
	"lambda":     {Min: 0, Max: inf, MaxOpen: true},
	"beta":       {Min: 0, Max: inf, MaxOpen: true},
	"noise_std":  {Min: 0, Max: inf, MaxOpen: true},
	"mask_prob":  {Min: 0, Max: 1, MaxOpen: true},
	"salt_prob":  {Min: 0, Max: 1, MaxOpen: true},
	"lr":         {Min: 0, Max: MaxLR, MinOpen: true},
	"momentum":   {Min: 0, Max: 1, MaxOpen: true},
	"batch":      {Min: 1, Max: MaxBatch},
	"clip":       {Min: 0, Max: inf, MaxOpen: true},
	"output_var": {Min: 0, Max: inf, MaxOpen: true}, // 0: unit variance
}

// LimitFor returns the range core accepts for the numeric Config field
// named by its JSON name (e.g. "batch", "lr", "latent") in a model of kind
// kind; ok is false for a name that is not a numeric field.
func LimitFor(kind, field string) (r Range, ok bool) {
	if field == "latent" {
		if kind == VAE {
			return Range{Min: 1, Max: MaxLatentVAE}, true
		}
		return Range{Min: 1, Max: MaxCode}, true
	}
	r, ok = limits[field]
	return r, ok
}

// Limit returns the range of field that every kind accepts (for latent,
// the VAE's, the smallest).
func Limit(field string) (Range, bool) {
	r, ok := LimitFor(VAE, field)
	for _, k := range Kinds {
		if rk, _ := LimitFor(k, field); rk.Max < r.Max {
			r.Max = rk.Max
		}
	}
	return r, ok
}

// fieldNames are the words error messages use for each field.
var fieldNames = map[string]string{
	"input": "input dimension", "hidden": "hidden width", "latent": "latent dimension",
	"lambda": "lambda", "beta": "beta", "noise_std": "noise_std", "mask_prob": "mask_prob", "salt_prob": "salt_prob",
	"lr": "learning rate", "momentum": "momentum", "batch": "batch size", "clip": "clip", "output_var": "output_var",
}

// Check returns an error when v is outside the range of field for kind,
// e.g. "learning rate 50: want 0 < v ≤ 10" or "beta = -1: want ≥ 0".
func Check(kind, field string, v float64) error {
	r, ok := LimitFor(kind, field)
	if !ok {
		return fmt.Errorf("unknown setting %q", field)
	}
	if r.Contains(v) {
		return nil
	}
	name := fieldNames[field]
	if name == "" {
		name = field
	}
	sep := " = " // beta = -1
	if strings.Contains(name, " ") {
		sep = " " // learning rate 50
	}
	return fmt.Errorf("%s%s%s: want %s", name, sep, strconv.FormatFloat(v, 'f', -1, 64), r)
}
