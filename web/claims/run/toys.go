package run

import (
	"fmt"
	"math"

	"latentlab/core/infer"
	"latentlab/core/spec"
	"latentlab/wasm/protocol"
	"latentlab/web/claims"
	"latentlab/web/engine"
	"latentlab/web/params"
	"latentlab/web/widget/cae"
)

// The toy widgets (contraction-lab, sensitivity-meter) train their models
// side by side in the engine worker, the same steps each; these experiments
// create the same models (cae.LabModels, cae.MeterModels), train them as the
// widget's session does (up to its step limit) and take the widget's own
// measurements (cae.LabRatio, cae.ProbeSVD, cae.LabField, cae.MeterCurve,
// cae.RatioAt).

// offData is how far from every training point a grid point of the lab's
// field must be for its arrow to count in the inward/arrow metrics.
const offData = 0.2

// toyModels creates one model per config in a fresh worker, on data d.
func (x *Runner) toyModels(prefix string, cs []spec.Config, d engine.Data) (handler, []string, error) {
	w := x.worker()
	slots := make([]string, len(cs))
	for i, c := range cs {
		slots[i] = fmt.Sprintf("%s-%d", prefix, i)
		if _, err := request(w, slots[i], protocol.Create, protocol.CreateBody{Model: c, Data: d}, d.Points); err != nil {
			return nil, nil, err
		}
	}
	return w, slots, nil
}

// trainToys takes n steps on every slot in lockstep chunks, stopping (as the
// widget's session does) when the engine pauses a diverging model.
func trainToys(w handler, slots []string, n int) error {
	for n > 0 {
		k := min(n, maxChunk)
		n -= k
		for _, s := range slots {
			reply, err := request(w, s, protocol.Train, protocol.TrainBody{Steps: k}, nil)
			if err != nil {
				return err
			}
			var body protocol.TrainedBody
			if err := reply.DecodeBody(&body); err != nil {
				return err
			}
			if body.Diverged != "" {
				return nil
			}
		}
	}
	return nil
}

// snapshot is the model in slot as the page receives it.
func snapshot(w handler, slot string) (*infer.Network, error) {
	reply, f, err := requestF(w, slot, protocol.Snapshot, nil, nil)
	if err != nil {
		return nil, err
	}
	var body protocol.SnapshotReply
	if err := reply.DecodeBody(&body); err != nil {
		return nil, err
	}
	net, err := protocol.NetworkFromSnapshot(body, f)
	if err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	return &net, nil
}

// trainingRecon returns slot's training points (x, y interleaved) and the
// mean over them of ‖r(x) − x‖².
func trainingRecon(w handler, slot string, count int) ([]float32, float64, error) {
	reply, f, err := requestF(w, slot, protocol.Reconstruct, protocol.EncodeBody{Split: "train", Count: count}, nil)
	if err != nil {
		return nil, 0, err
	}
	var body protocol.ReconstructReply
	if err := reply.DecodeBody(&body); err != nil {
		return nil, 0, err
	}
	n, d := body.N, body.Dim
	if n < 1 || d != 2 || len(f) < 2*n*d {
		return nil, 0, fmt.Errorf("reconstruct: %d values for %d×%d", len(f), n, d)
	}
	in, rec := f[:n*d], f[n*d:2*n*d]
	se := 0.0
	for i := range in {
		e := float64(rec[i] - in[i])
		se += e * e
	}
	return in, se / float64(n), nil
}

// contraction sends a contraction request to slot.
func contraction(w handler, slot string, s engine.Sensitivity) (protocol.ContractionReply, error) {
	var body protocol.ContractionReply
	reply, err := request(w, slot, protocol.Contraction, s, nil)
	if err == nil {
		err = reply.DecodeBody(&body)
	}
	return body, err
}

// contractionLab runs the lab: the AE and the CAE trained side by side up
// to the lab's step limit, then (then:) λ or the learning rate changed live.
func contractionLab(x *Runner, v params.Values, train int, then *Live) (main, after claims.Measured, err error) {
	cs, d := cae.LabModels(v)
	w, slots, err := x.toyModels("cl", cs[:], d)
	if err != nil {
		return nil, nil, err
	}
	limit := labSteps.Get(v)
	if err := trainToys(w, slots, min(train, limit)); err != nil {
		return nil, nil, err
	}
	if main, err = measureLab(w, slots, labGrid.Get(v)); err != nil || then == nil {
		return main, nil, err
	}
	for name, val := range then.Set {
		f := val.(float64)
		set := protocol.SetBody{}
		targets := slots
		switch name {
		case "lambda":
			set.Lambda, targets = &f, slots[1:] // the AE keeps λ = 0
		case "lr":
			set.LR = &f
		default:
			return nil, nil, fmt.Errorf("contraction-lab: %s does not change live", name)
		}
		for _, s := range targets {
			if _, err := request(w, s, protocol.Set, set, nil); err != nil {
				return nil, nil, err
			}
		}
	}
	if err := trainToys(w, slots, then.Train); err != nil {
		return nil, nil, err
	}
	after, err = measureLab(w, slots, labGrid.Get(v))
	return main, after, err
}

// measureLab takes the lab's metrics of both models (kinds.go).
func measureLab(w handler, slots []string, grid int) (claims.Measured, error) {
	m := claims.Measured{}
	for i, key := range []string{"ae", "cae"} {
		net, err := snapshot(w, slots[i])
		if err != nil {
			return nil, err
		}
		data, recon, err := trainingRecon(w, slots[i], 0)
		if err != nil {
			return nil, err
		}
		ratio, err := contraction(w, slots[i], cae.LabRatio)
		if err != nil {
			return nil, err
		}
		inward, arrow := fieldStats(cae.LabField(nil, &cae.Reconstructor{}, net, grid), data)
		m[key+"_recon"], m[key+"_ratio"], m[key+"_aniso"] = recon, ratio.Ratio, meanAniso(net, data)
		m[key+"_inward"], m[key+"_arrow"] = inward, arrow
	}
	return m, nil
}

// meanAniso is the mean over the points of σ₂/σ₁ of net's encoder Jacobian
// (the probe's ellipse at each training point).
func meanAniso(net *infer.Network, data []float32) float64 {
	s, n := 0.0, len(data)/2
	for i := 0; i < n; i++ {
		s1, s2, _, _ := cae.ProbeSVD(net, float64(data[2*i]), float64(data[2*i+1]))
		if s1 > 0 {
			s += s2 / s1
		}
	}
	return s / float64(n)
}

// fieldStats returns, over the arrows starting farther than offData from
// every data point, the share whose direction has a positive component
// towards the nearest data point, and their mean length.
func fieldStats(arrows []cae.Arrow, data []float32) (inward, length float64) {
	n := 0
	for _, a := range arrows {
		best, bx, by := math.Inf(1), 0.0, 0.0
		for k := 0; k+1 < len(data); k += 2 {
			px, py := float64(data[k]), float64(data[k+1])
			if d := math.Hypot(px-a.X0, py-a.Y0); d < best {
				best, bx, by = d, px, py
			}
		}
		if best <= offData {
			continue
		}
		n++
		dx, dy := a.X1-a.X0, a.Y1-a.Y0
		if dx*(bx-a.X0)+dy*(by-a.Y0) > 0 {
			inward++
		}
		length += math.Hypot(dx, dy)
	}
	if n == 0 {
		return math.NaN(), math.NaN()
	}
	return inward / float64(n), length / float64(n)
}

// sensitivityMeter runs the meter: the AE, the DAE and the CAE trained side
// by side up to the meter's step limit, then their curves measured.
func sensitivityMeter(x *Runner, v params.Values, train int, then *Live) (claims.Measured, claims.Measured, error) {
	if then != nil {
		return nil, nil, fmt.Errorf("sensitivity-meter: nothing changes live")
	}
	cs, d := cae.MeterModels(v)
	w, slots, err := x.toyModels("sm", cs[:], d)
	if err != nil {
		return nil, nil, err
	}
	if err := trainToys(w, slots, min(train, meterSteps.Get(v))); err != nil {
		return nil, nil, err
	}
	m := claims.Measured{}
	sigma := meterSigma.Get(v)
	for i, key := range []string{"ae", "dae", "cae"} {
		for k, of := range cae.MeterMeasures {
			r, err := contraction(w, slots[i], cae.MeterCurve(of))
			if err != nil {
				return nil, nil, err
			}
			if k == 0 {
				m[key], m[key+"_curve"] = cae.RatioAt(r.Ratios, sigma), append([]float64{}, r.Ratios...)
			} else {
				m[key+"_r"], m[key+"_r_curve"] = cae.RatioAt(r.Ratios, sigma), append([]float64{}, r.Ratios...)
			}
		}
	}
	return m, nil, nil
}
