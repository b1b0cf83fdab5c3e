package run

import (
	"fmt"
	"maps"

	"latentlab/core/infer"
	"latentlab/wasm/protocol"
	"latentlab/web/claims"
	"latentlab/web/params"
	"latentlab/web/widget/apps"
)

// compressionUses are the compression parameters the experiment reads.
var compressionUses = []string{"bits", "hidden", "seed"}

func init() { experiments["compression"] = compression }

// compression runs the compression widget: create its five VAEs
// (apps.CompressConfigs), train them the same steps, copy their weights
// as the widget's snapshots do, and measure rate and distortion of the
// held-out digits as the widget does (apps.MeasureRD). The bit depth
// changes live: the then: phase measures the same models again.
func compression(x *Runner, v params.Values, train int, then *Live) (main, after claims.Measured, err error) {
	w := x.worker()
	cfgs, data := apps.CompressConfigs(v)
	runs := make([]*vaeRun, len(cfgs))
	for i, c := range cfgs {
		if _, err := request(w, compressSlot(i), protocol.Create, protocol.CreateBody{Model: c, Data: data}, nil); err != nil {
			return nil, nil, err
		}
		runs[i] = &vaeRun{}
	}
	if main, err = compressRun(w, v, runs, train); err != nil || then == nil {
		return main, nil, err
	}
	live := maps.Clone(v)
	for name, val := range then.Set {
		if name != "bits" {
			return nil, nil, fmt.Errorf("compression: %s does not change live", name)
		}
		live[name] = val
	}
	after, err = compressRun(w, live, runs, then.Train)
	return main, after, err
}

func compressSlot(i int) string { return fmt.Sprintf("compress:%d", i) }

// compressRun trains every model train more steps and measures them.
func compressRun(w handler, v params.Values, runs []*vaeRun, train int) (claims.Measured, error) {
	nets := make([]*infer.Network, len(runs))
	diverged := false
	for i, tr := range runs {
		if err := tr.train(w, compressSlot(i), train); err != nil {
			return nil, err
		}
		diverged = diverged || tr.diverged
		net, err := snapshot(w, compressSlot(i))
		if err != nil {
			return nil, err
		}
		nets[i] = net
	}
	digits, err := inputs(w, compressSlot(0), "test", apps.CompressDigits)
	if err != nil {
		return nil, err
	}
	bits := apps.Bits(v)
	rd, err := apps.MeasureRD(nets, digits, bits)
	if err != nil {
		return nil, err
	}
	m := claims.Measured{"png_bytes": rd.PNGBytes, "raw_bytes": float64(apps.RawBytes), "diverged": diverged,
		"monotone": rd.Monotone(bits, 0)}
	var mse []float64
	for i, l := range apps.CompressLatents {
		p, _ := rd.At(i, bits)
		m[fmt.Sprintf("mse_%d", l)] = p.MSE
		m[fmt.Sprintf("rate_%d", l)] = float64(p.Rate)
		mse = append(mse, p.MSE)
	}
	m["mse"] = mse
	return m, nil
}
