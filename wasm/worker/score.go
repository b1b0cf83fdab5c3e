package worker

import (
	"fmt"

	"latentlab/core/analysis"
	"latentlab/core/anomaly"
	"latentlab/core/infer"
	"latentlab/wasm/protocol"
)

// maxTop is the most highest-scoring inputs a score reply carries.
const maxTop = 100

// maxImportance is the most importance samples a score request may ask for
// per input (each costs one decoding).
const maxImportance = 100

// score answers "score": the anomaly scores of the selected points
// (corrupted first when asked), and the highest-scoring inputs.
func (w *Worker) score(m protocol.Message, f []float32) (any, []float32, error) {
	s, err := w.slotOf(m)
	if err != nil {
		return nil, nil, err
	}
	b := protocol.ScoreBody{EncodeBody: protocol.EncodeBody{Count: 16}}
	if err := m.DecodeBody(&b); err != nil {
		return nil, nil, err
	}
	if b.Top < 0 || b.Top > maxTop {
		return nil, nil, fmt.Errorf("score: top %d; 0 to %d", b.Top, maxTop)
	}
	if b.Samples < 0 || b.Samples > maxImportance {
		return nil, nil, fmt.Errorf("score: %d importance samples; 0 to %d", b.Samples, maxImportance)
	}
	x, n, labels, err := s.points(b.EncodeBody, f)
	if err != nil {
		return nil, nil, err
	}
	net := s.net()
	x = x[:n*net.Input]
	if b.Corrupt != "" {
		if s.width*s.height != net.Input {
			return nil, nil, fmt.Errorf("score: the data are not images; nothing to corrupt")
		}
		if x, err = anomaly.Corrupt(x, s.width, s.height, b.Corrupt, b.Seed); err != nil {
			return nil, nil, err
		}
	}
	scores, err := w.scoreRows(net, x, b)
	if err != nil {
		return nil, nil, err
	}
	top := anomaly.Top(scores, b.Top)
	out := make([]float32, n, n+len(top)*net.Input)
	for i, v := range scores {
		out[i] = float32(v)
	}
	for _, k := range top {
		out = append(out, x[k*net.Input:(k+1)*net.Input]...)
	}
	return &protocol.ScoreReply{N: n, Dim: net.Input, Width: s.width, Height: s.height, Labels: labels, Top: top}, out, nil
}

// scoreRows scores the rows of x as b asks: by the relative error, the
// model's loss, or for a VAE with b.Samples > 0 the importance-weighted
// bound.
func (w *Worker) scoreRows(net *infer.Network, x []float32, b protocol.ScoreBody) ([]float64, error) {
	if b.Samples > 0 && !b.Relative {
		if !net.IsVAE() {
			return nil, fmt.Errorf("score: importance samples need a VAE")
		}
		return w.importanceWeighted(net, x, b.Samples, b.Seed)
	}
	rec, err := w.reconstructRows(net, x)
	if err != nil {
		return nil, err
	}
	var mu, sigma []float32
	if !b.Relative && net.IsVAE() {
		if mu, sigma, err = w.encodeRows(net, x); err != nil {
			return nil, err
		}
	}
	return anomaly.Score(x, rec, net.Input, mu, sigma, net.Latent, b.Relative)
}

// importanceWeighted is core/anomaly.ImportanceWeighted of the rows of x
// with k samples of each posterior (noise drawn from seed), decoded a few
// rows at a time, yielding between them.
func (w *Worker) importanceWeighted(net *infer.Network, x []float32, k int, seed uint64) ([]float64, error) {
	mu, sigma, err := w.encodeRows(net, x)
	if err != nil {
		return nil, err
	}
	q := anomaly.Posterior{Mu: mu, Sigma: sigma, Latent: net.Latent}
	eps := anomaly.StandardNoise(q, k, seed)
	z, err := anomaly.Samples(q, eps, k)
	if err != nil {
		return nil, err
	}
	D, L := net.Input, net.Latent
	out := make([]float64, 0, q.Rows())
	rows := max(1, blockRows/k) // decode about blockRows codes between yields
	for lo := 0; lo < q.Rows(); lo += rows {
		if lo > 0 {
			w.yield()
		}
		hi := min(lo+rows, q.Rows())
		probs, err := analysis.Decode(net, z[lo*k*L:hi*k*L])
		if err != nil {
			return nil, err
		}
		part := anomaly.Posterior{Mu: mu[lo*L : hi*L], Sigma: sigma[lo*L : hi*L], Latent: L}
		s, err := anomaly.ImportanceWeighted(x[lo*D:hi*D], probs, D, part, eps[lo*k*L:hi*k*L], k)
		if err != nil {
			return nil, err
		}
		out = append(out, s...)
	}
	return out, nil
}
