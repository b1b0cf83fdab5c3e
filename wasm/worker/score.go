package worker

import (
	"fmt"

	"latentlab/core/anomaly"
	"latentlab/wasm/protocol"
)

// maxTop is the most highest-scoring inputs a score reply carries.
const maxTop = 100

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
	rec, err := w.reconstructRows(net, x)
	if err != nil {
		return nil, nil, err
	}
	var mu, sigma []float32
	if !b.Relative && net.IsVAE() {
		if mu, sigma, err = w.encodeRows(net, x); err != nil {
			return nil, nil, err
		}
	}
	scores, err := anomaly.Score(x, rec, net.Input, mu, sigma, net.Latent, b.Relative)
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
