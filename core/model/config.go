package model

import (
	"latentlab/core/spec"
)

// Config describes a model and how it is trained. It is spec.Config — the
// one configuration type, which also travels between the page and the
// engine worker and in model files; start from spec.Default or
// spec.Preset, and see spec for its limits and defaults.
type Config = spec.Config

// Default is spec.Default: the default configuration of a model kind.
func Default(kind string) Config { return spec.Default(kind) }

// Preset is spec.Preset: a named configuration (the reference workloads).
func Preset(name string) (Config, error) { return spec.Preset(name) }

// checkLR refuses a learning rate outside spec's range.
func checkLR(lr float64) error { return spec.Check("", "lr", lr) }
