package formula

import "math"

// NormalPDF is the standard normal density φ(x) = e^{−x²/2}/√(2π).
func NormalPDF(x float64) float64 {
	return math.Exp(-0.5*x*x) / math.Sqrt(2*math.Pi)
}

// NormalCDF is the standard normal distribution function Φ(x) = ½ erfc(−x/√2).
func NormalCDF(x float64) float64 {
	return 0.5 * math.Erfc(-x/math.Sqrt2)
}

// Acklam's rational approximation coefficients (relative error < 1.15e-9).
var (
	qa = [6]float64{-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
		1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00}
	qb = [5]float64{-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
		6.680131188771972e+01, -1.328068155288572e+01}
	qc = [6]float64{-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
		-2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00}
	qd = [4]float64{7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
		3.754408661907416e+00}
)

// NormalQuantile is the standard normal quantile Φ⁻¹(p): Acklam's rational
// approximation refined by one Halley step on Φ, accurate to about 1e-15
// relative. It returns −Inf at 0, +Inf at 1 and NaN outside [0, 1].
// Latent grids "through Gaussian quantiles" place z = Φ⁻¹(u) for uniform u.
func NormalQuantile(p float64) float64 {
	switch {
	case math.IsNaN(p) || p < 0 || p > 1:
		return math.NaN()
	case p == 0:
		return math.Inf(-1)
	case p == 1:
		return math.Inf(1)
	}
	const plow = 0.02425
	var x float64
	switch {
	case p < plow:
		q := math.Sqrt(-2 * math.Log(p))
		x = (((((qc[0]*q+qc[1])*q+qc[2])*q+qc[3])*q+qc[4])*q + qc[5]) /
			((((qd[0]*q+qd[1])*q+qd[2])*q+qd[3])*q + 1)
	case p <= 1-plow:
		q := p - 0.5
		r := q * q
		x = (((((qa[0]*r+qa[1])*r+qa[2])*r+qa[3])*r+qa[4])*r + qa[5]) * q /
			(((((qb[0]*r+qb[1])*r+qb[2])*r+qb[3])*r+qb[4])*r + 1)
	default:
		q := math.Sqrt(-2 * math.Log1p(-p))
		x = -(((((qc[0]*q+qc[1])*q+qc[2])*q+qc[3])*q+qc[4])*q + qc[5]) /
			((((qd[0]*q+qd[1])*q+qd[2])*q+qd[3])*q + 1)
	}
	// One Halley refinement step. Work in the nearer tail to keep precision.
	var e float64
	if x < 0 {
		e = 0.5*math.Erfc(-x/math.Sqrt2) - p
	} else {
		e = -(0.5*math.Erfc(x/math.Sqrt2) - (1 - p))
	}
	u := e * math.Sqrt(2*math.Pi) * math.Exp(0.5*x*x)
	return x - u/(1+0.5*x*u)
}
