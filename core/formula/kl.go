package formula

import "math"

// KLDiagGaussian is KL(N(μ, σ²) ‖ N(0, 1)) for one dimension, in nats, from μ
// and log σ²:  ½ (μ² + σ² − 1 − log σ²).
func KLDiagGaussian(mu, logVar float64) float64 {
	return 0.5 * (mu*mu + math.Exp(logVar) - 1 - logVar)
}

// KLDiagGaussianGrad returns ∂KL/∂μ = μ and ∂KL/∂(log σ²) = ½ (σ² − 1) for one dimension.
func KLDiagGaussianGrad(mu, logVar float64) (dMu, dLogVar float64) {
	return mu, 0.5 * (math.Exp(logVar) - 1)
}

// KLDiagGaussianSum is KL(N(μ, diag σ²) ‖ N(0, I)) = Σ_d KLDiagGaussian(μ_d, log σ²_d).
// It panics if the slices differ in length.
func KLDiagGaussianSum(mu, logVar []float64) float64 {
	if len(mu) != len(logVar) {
		panic("formula: KLDiagGaussianSum length mismatch")
	}
	s := 0.0
	for i := range mu {
		s += KLDiagGaussian(mu[i], logVar[i])
	}
	return s
}

// KLGaussians is KL(N(μ₁, σ₁²) ‖ N(μ₂, σ₂²)) in one dimension, from standard deviations:
// log(σ₂/σ₁) + (σ₁² + (μ₁−μ₂)²)/(2σ₂²) − ½.
func KLGaussians(mu1, sigma1, mu2, sigma2 float64) float64 {
	d := mu1 - mu2
	return math.Log(sigma2/sigma1) + (sigma1*sigma1+d*d)/(2*sigma2*sigma2) - 0.5
}
