package claims

// The mnist-features widget's claims (web/widget/cae: a plain AE, a
// denoising AE and a CAE trained side by side on MNIST). Declared here, in
// a file of its own, like every kind: the runner's experiment is
// web/claims/run/features.go.
func init() {
	Kinds["mnist-features"] = Kind{
		Trains: true,
		Live:   []string{"lambda", "corruption", "noise"},
		Engine: "the engine worker's request handler (wasm/worker), sent the load (or create), set, train and reconstruct requests the widget sends, on the widget's own test digits corrupted by its own function (cae.FeatureDigits)",
		Metrics: []Metric{
			{"ae_clean", Scalar, "the plain AE's mean squared error per pixel against the clean digit, reconstructing the clean test digits (the table's first number)"},
			{"dae_clean", Scalar, "the DAE's"},
			{"cae_clean", Scalar, "the CAE's"},
			{"ae_noisy", Scalar, "the plain AE's mean squared error per pixel against the clean digit, reconstructing the corrupted test digits (the table's second number)"},
			{"dae_noisy", Scalar, "the DAE's"},
			{"cae_noisy", Scalar, "the CAE's"},
			{"corrupted", Scalar, "the corrupted test digits' own mean squared error per pixel against the clean ones (what copying the input would score)"},
		},
	}
}
