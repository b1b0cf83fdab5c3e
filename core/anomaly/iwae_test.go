package anomaly

import (
	"math"
	"math/rand/v2"
	"testing"
)

// toyDecoder is a Bernoulli decoder p = sigmoid(W z + b) with random
// weights: what ImportanceWeighted needs of a VAE, without training one.
type toyDecoder struct {
	w, b       []float64
	latent, in int
}

func newToyDecoder(seed uint64, latent, in int) toyDecoder {
	rng := rand.New(rand.NewPCG(seed, 1))
	d := toyDecoder{w: make([]float64, latent*in), b: make([]float64, in), latent: latent, in: in}
	for i := range d.w {
		d.w[i] = 1.5 * rng.NormFloat64()
	}
	for i := range d.b {
		d.b[i] = rng.NormFloat64()
	}
	return d
}

// decode maps the rows of z to pixel probabilities.
func (d toyDecoder) decode(z []float32) []float32 {
	n := len(z) / d.latent
	out := make([]float32, n*d.in)
	for r := range n {
		for i := range d.in {
			a := d.b[i]
			for j := range d.latent {
				a += d.w[j*d.in+i] * float64(z[r*d.latent+j])
			}
			out[r*d.in+i] = float32(1 / (1 + math.Exp(-a)))
		}
	}
	return out
}

// toyCase is n inputs (some fractional pixels) with posteriors, k samples
// each and their decoded probabilities.
type toyCase struct {
	x, probs, eps []float32
	q             Posterior
	dim, k        int
}

func newToyCase(seed uint64, n, latent, dim, k int) toyCase {
	rng := rand.New(rand.NewPCG(seed, 2))
	c := toyCase{dim: dim, k: k, q: Posterior{Mu: make([]float32, n*latent), Sigma: make([]float32, n*latent), Latent: latent}}
	c.x = make([]float32, n*dim)
	for i := range c.x {
		c.x[i] = float32(rng.IntN(2))
		if i%7 == 3 {
			c.x[i] = float32(rng.Float64())
		}
	}
	for i := range c.q.Mu {
		c.q.Mu[i], c.q.Sigma[i] = float32(rng.NormFloat64()), float32(0.2+rng.Float64())
	}
	c.eps = StandardNoise(c.q, k, seed)
	z, err := Samples(c.q, c.eps, k)
	if err != nil {
		panic(err)
	}
	c.probs = newToyDecoder(seed, latent, dim).decode(z)
	return c
}

func (c toyCase) score(t *testing.T) []float64 {
	t.Helper()
	s, err := ImportanceWeighted(c.x, c.probs, c.dim, c.q, c.eps, c.k)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// normalPDF is the density of N(m, sd²) at v.
func normalPDF(v, m, sd float64) float64 {
	return math.Exp(-(v-m)*(v-m)/(2*sd*sd)) / (sd * math.Sqrt(2*math.Pi))
}

// directWeight is p(x | z) p(z) / q(z | x) of sample s of row r, computed
// as a product of densities, without logarithms.
func (c toyCase) directWeight(r, s int) float64 {
	L := c.q.Latent
	w := 1.0
	for i := range c.dim {
		x, p := float64(c.x[r*c.dim+i]), float64(c.probs[(r*c.k+s)*c.dim+i])
		w *= math.Pow(p, x) * math.Pow(1-p, 1-x)
	}
	for j := range L {
		mu, sd := float64(c.q.Mu[r*L+j]), float64(c.q.Sigma[r*L+j])
		z := mu + sd*float64(c.eps[(r*c.k+s)*L+j])
		w *= normalPDF(z, 0, 1) / normalPDF(z, mu, sd)
	}
	return w
}

// The bound is −log of the mean importance weight, each weight a product
// of Bernoulli and Gaussian densities computed directly.
func TestImportanceWeightedMatchesDirectComputation(t *testing.T) {
	c := newToyCase(1, 6, 3, 8, 5)
	for r, got := range c.score(t) {
		mean := 0.0
		for s := range c.k {
			mean += c.directWeight(r, s) / float64(c.k)
		}
		if want := -math.Log(mean); math.Abs(got-want) > 1e-6*math.Abs(want)+1e-9 {
			t.Errorf("row %d: %g, directly %g", r, got, want)
		}
	}
}

// With K = 1 the score is the one-sample estimate of the −ELBO,
// −log p(x|z) + log q(z|x) − log p(z) at the sample, with the full
// Gaussian log-densities; with K samples it is never above the mean of
// their one-sample estimates.
func TestImportanceWeightedOneSampleIsELBO(t *testing.T) {
	c := newToyCase(2, 5, 2, 784, 8)
	L := c.q.Latent
	one := func(r, s int) float64 {
		e := bce(c.x[r*c.dim:(r+1)*c.dim], c.probs[(r*c.k+s)*c.dim:(r*c.k+s+1)*c.dim])
		for j := range L {
			mu, sd := float64(c.q.Mu[r*L+j]), float64(c.q.Sigma[r*L+j])
			z := mu + sd*float64(c.eps[(r*c.k+s)*L+j])
			e += math.Log(normalPDF(z, mu, sd)) - math.Log(normalPDF(z, 0, 1))
		}
		return e
	}
	all := c.score(t)
	for r := range all {
		mean := 0.0
		for s := range c.k {
			single := toyCase{x: c.x[r*c.dim : (r+1)*c.dim], dim: c.dim, k: 1,
				probs: c.probs[(r*c.k+s)*c.dim : (r*c.k+s+1)*c.dim], eps: c.eps[(r*c.k+s)*L : (r*c.k+s+1)*L],
				q: Posterior{Mu: c.q.Mu[r*L : (r+1)*L], Sigma: c.q.Sigma[r*L : (r+1)*L], Latent: L}}
			got, want := single.score(t)[0], one(r, s)
			if math.Abs(got-want) > 1e-9*math.Abs(want) {
				t.Errorf("row %d sample %d: K = 1 score %g, one-sample −ELBO %g", r, s, got, want)
			}
			mean += want / float64(c.k)
		}
		if all[r] > mean+1e-9*math.Abs(mean) {
			t.Errorf("row %d: K = %d bound %g above the mean one-sample −ELBO %g", r, c.k, all[r], mean)
		}
	}
}

// Where every weight underflows (784 pixels the decoder gets badly wrong)
// the bound stays finite: between the best sample's −log weight and that
// plus log K.
func TestImportanceWeightedIsStable(t *testing.T) {
	c := newToyCase(3, 3, 2, 784, 16)
	for i := range c.x {
		c.x[i] = 1 - float32(math.Round(float64(c.probs[i%len(c.probs)])))
	}
	for r, got := range c.score(t) {
		if c.directWeight(r, 0) != 0 {
			t.Fatalf("row %d: the direct weight did not underflow; the case tests nothing", r)
		}
		best := math.Inf(1)
		for s := range c.k {
			one, _ := ImportanceWeighted(c.x[r*c.dim:(r+1)*c.dim], c.probs[(r*c.k+s)*c.dim:(r*c.k+s+1)*c.dim], c.dim,
				Posterior{Mu: c.q.Mu[r*2 : r*2+2], Sigma: c.q.Sigma[r*2 : r*2+2], Latent: 2}, c.eps[(r*c.k+s)*2:(r*c.k+s+1)*2], 1)
			best = min(best, one[0])
		}
		if math.IsInf(got, 0) || math.IsNaN(got) || got < best-1e-9*best || got > best+math.Log(float64(c.k))+1e-9*best {
			t.Errorf("row %d: %g, want within [%g, %g + log %d]", r, got, best, best, c.k)
		}
	}
}

// On average over inputs the bound tightens (falls) as K grows.
func TestImportanceWeightedTightensWithK(t *testing.T) {
	mean := func(k int) float64 {
		c := newToyCase(4, 300, 3, 40, k)
		s := 0.0
		for _, v := range c.score(t) {
			s += v / 300
		}
		return s
	}
	prev := math.Inf(1)
	for _, k := range []int{1, 4, 16, 64} {
		m := mean(k)
		t.Logf("K = %d: mean bound %.3f nats", k, m)
		if m >= prev {
			t.Errorf("K = %d: mean bound %.3f, not below %.3f at the smaller K", k, m, prev)
		}
		prev = m
	}
}

func TestImportanceWeightedRefusesBadShapes(t *testing.T) {
	c := newToyCase(5, 2, 2, 4, 3)
	for name, f := range map[string]func() error{
		"short inputs": func() error { _, err := ImportanceWeighted(c.x[1:], c.probs, 4, c.q, c.eps, 3); return err },
		"wrong K":      func() error { _, err := ImportanceWeighted(c.x, c.probs, 4, c.q, c.eps, 2); return err },
		"no samples":   func() error { _, err := ImportanceWeighted(c.x, nil, 4, c.q, nil, 0); return err },
		"bad posterior": func() error {
			_, err := ImportanceWeighted(c.x, c.probs, 4, Posterior{Mu: c.q.Mu, Sigma: c.q.Sigma[1:], Latent: 2}, c.eps, 3)
			return err
		},
		"bad noise": func() error { _, err := Samples(c.q, c.eps[1:], 3); return err },
	} {
		if f() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
