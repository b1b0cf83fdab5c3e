package run

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"latentlab/core/modeleval"
	"latentlab/wasm/protocol"
	"latentlab/web/claims"
	"latentlab/web/params"
	"latentlab/web/widget/vae"
)

// heldOutCodes is how many held-out digits a pretrained model's source
// encodes for the latent maps.
const heldOutCodes = vae.HeldOut

// codes loads the pretrained model name in a worker, as a latent map's
// source does (load with the MNIST test split, then encode the held-out
// digits), and returns μ and σ (rows of latent values) with the labels.
func codes(x *Runner, name string) (mu, sigma [][]float64, labels []int, err error) {
	w := x.worker()
	slot := "vae:pretrained"
	load := protocol.LoadBody{Name: name, Kind: "vae", Data: &protocol.DataConfig{Source: "mnist", Test: heldOutCodes}}
	if _, err := request(w, slot, protocol.Load, load, nil); err != nil {
		return nil, nil, nil, err
	}
	reply, f, err := requestF(w, slot, protocol.Encode, protocol.EncodeBody{Split: "test", Count: heldOutCodes}, nil)
	if err != nil {
		return nil, nil, nil, err
	}
	var body protocol.EncodeReply
	if err := reply.DecodeBody(&body); err != nil {
		return nil, nil, nil, err
	}
	n, d := body.N, body.Latent
	if !body.Sigma || len(f) < 2*n*d {
		return nil, nil, nil, errors.New("encode: the reply carries no σ")
	}
	for i := 0; i < n; i++ {
		m, s := make([]float64, d), make([]float64, d)
		for j := 0; j < d; j++ {
			m[j], s[j] = float64(f[i*d+j]), float64(f[n*d+i*d+j])
		}
		mu, sigma = append(mu, m), append(sigma, s)
	}
	return mu, sigma, body.Labels, nil
}

// latentExplorer measures a pretrained model as the explorer shows it.
func latentExplorer(x *Runner, v params.Values, _ int, _ *Live) (claims.Measured, claims.Measured, error) {
	name := explorerModel.Get(v)
	mu, _, _, err := codes(x, name)
	if err != nil {
		return nil, nil, err
	}
	dx, dy, r := explorerDimX.Get(v)-1, explorerDimY.Get(v)-1, explorerRange.Get(v)
	in := 0
	for _, m := range mu {
		if dx < len(m) && dy < len(m) && math.Abs(m[dx]) <= r && math.Abs(m[dy]) <= r {
			in++
		}
	}
	data, err := modeleval.LoadData(filepath.Join(x.Dist, "data"))
	if err != nil {
		return nil, nil, err
	}
	b, err := os.ReadFile(filepath.Join(x.Dist, "models", name+".llm"))
	if err != nil {
		return nil, nil, err
	}
	rep, err := modeleval.Measure(b, data, 0, 10)
	if err != nil {
		return nil, nil, err
	}
	return claims.Measured{"inside": float64(in) / float64(len(mu)), "nelbo": rep.NegELBO, "recon": rep.Recon, "kl": rep.KL}, nil, nil
}

// posteriorView measures the posterior of the held-out digit the widget
// picks: the example-th held-out point labelled digit (among the encoded
// ones, as Source.FirstOfDigit).
func posteriorView(x *Runner, v params.Values, _ int, _ *Live) (claims.Measured, claims.Measured, error) {
	mu, sigma, labels, err := codes(x, posteriorModel.Get(v))
	if err != nil {
		return nil, nil, err
	}
	digit, k := posteriorDigit.Get(v), posteriorExample.Get(v)-1
	pick := -1
	for i, l := range labels {
		if l == digit {
			if k == 0 {
				pick = i
				break
			}
			k--
		}
	}
	if pick < 0 {
		return nil, nil, fmt.Errorf("no held-out example %d of digit %d", posteriorExample.Get(v), digit)
	}
	m, s := mu[pick], sigma[pick]
	kls, total := make([]float64, len(m)), 0.0
	for j := range m {
		kls[j] = 0.5 * (m[j]*m[j] + s[j]*s[j] - 2*math.Log(s[j]) - 1)
		total += kls[j]
	}
	var all []float64
	for _, row := range sigma {
		all = append(all, row...)
	}
	return claims.Measured{"mu": m, "sigma": s, "kl_dims": kls, "kl": total, "sigma_all": all}, nil, nil
}
