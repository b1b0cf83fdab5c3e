package model

import "latentlab/core/kernel"

// colNormsSq fills t.wNormSq with S_j = Σ_i W_ij² of the one-layer encoder.
func (t *Trainer) colNormsSq() []float32 {
	l := t.net.enc[0]
	t.wNormSq = resize(t.wNormSq, l.Out)
	clear(t.wNormSq)
	kernel.AddSquaredRows(t.wNormSq, l.W, l.In)
	return t.wNormSq
}

// caePenalty returns the batch mean of ‖J_f(x)‖²_F = Σ_j φ′(z_j)² S_j for
// the one-layer encoder after forward, summed in float64.
func (t *Trainer) caePenalty(rows int) float64 {
	l := t.net.enc[0]
	s := t.colNormsSq()
	h := l.Output()
	var total float64
	for r := 0; r < rows; r++ {
		hr := h[r*l.Out : (r+1)*l.Out]
		for j, v := range hr {
			g, _ := actDerivSq(l.Act, v)
			total += float64(g) * float64(s[j])
		}
	}
	return total / float64(rows)
}

// caePenaltyGradCode adds the penalty's gradient through the code,
// λ/B · d(φ′²)/dh · S_j, to dh (rows×Out, ∂L/∂h).
func (t *Trainer) caePenaltyGradCode(dh []float32, rows int) {
	l := t.net.enc[0]
	s := t.wNormSq
	h := l.Output()
	c := float32(t.cfg.Lambda / float64(rows))
	for r := 0; r < rows; r++ {
		hr := h[r*l.Out : (r+1)*l.Out]
		dr := dh[r*l.Out : (r+1)*l.Out]
		for j, v := range hr {
			_, dg := actDerivSq(l.Act, v)
			dr[j] += c * dg * s[j]
		}
	}
}

// caePenaltyGradW adds the penalty's direct gradient through W,
// λ/B · Σ_b φ′(z_bj)² · 2W_ij, to the encoder's GW.
func (t *Trainer) caePenaltyGradW(rows int) {
	l := t.net.enc[0]
	h := l.Output()
	t.gSum = resize(t.gSum, l.Out)
	clear(t.gSum)
	for r := 0; r < rows; r++ {
		hr := h[r*l.Out : (r+1)*l.Out]
		for j, v := range hr {
			g, _ := actDerivSq(l.Act, v)
			t.gSum[j] += g
		}
	}
	c := float32(2 * t.cfg.Lambda / float64(rows))
	for j := range t.gSum {
		t.gSum[j] *= c
	}
	kernel.AddScaledRows(l.GW[:l.In*l.Out], l.W[:l.In*l.Out], t.gSum)
}
