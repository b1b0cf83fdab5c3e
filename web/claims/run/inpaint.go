package run

import (
	"fmt"

	"latentlab/core/impute"
	"latentlab/core/infer"
	"latentlab/wasm/protocol"
	"latentlab/web/claims"
	"latentlab/web/params"
	"latentlab/web/widget/apps"
)

// inpaintingUses are the inpainting parameters the experiment reads.
var inpaintingUses = []string{"mask", "digit", "iterations", "latent", "seed"}

func init() { experiments["inpainting"] = inpainting }

// inpainting runs the inpainting widget: create its VAE and AE
// (apps.InpaintConfigs), train both the same steps, copy their weights as
// the widget's snapshots do, and fill in every offered held-out digit with
// the preset mask (apps.Inpaint), averaging the errors on the hidden pixels.
func inpainting(x *Runner, v params.Values, train int, then *Live) (main, after claims.Measured, err error) {
	if then != nil && len(then.Set) > 0 {
		return nil, nil, fmt.Errorf("inpainting: nothing changes live (then: may only train more)")
	}
	if _, ok := apps.InpaintMask(v, 0); !ok {
		return nil, nil, fmt.Errorf("inpainting: a drawn mask cannot be reproduced; choose a preset")
	}
	w := x.worker()
	cfgs, data := apps.InpaintConfigs(v)
	runs := make([]*vaeRun, len(cfgs))
	for i, c := range cfgs {
		if _, err := request(w, inpaintSlot(i), protocol.Create, protocol.CreateBody{Model: c, Data: data}, nil); err != nil {
			return nil, nil, err
		}
		runs[i] = &vaeRun{}
	}
	if main, err = inpaintRun(w, v, runs, train); err != nil || then == nil {
		return main, nil, err
	}
	after, err = inpaintRun(w, v, runs, then.Train)
	return main, after, err
}

func inpaintSlot(i int) string { return fmt.Sprintf("inpaint:%d", i) }

// inpaintRun trains both models train more steps and measures the fills.
func inpaintRun(w handler, v params.Values, runs []*vaeRun, train int) (claims.Measured, error) {
	nets := make([]infer.Network, len(runs))
	diverged := false
	for i, tr := range runs {
		if err := tr.train(w, inpaintSlot(i), train); err != nil {
			return nil, err
		}
		diverged = diverged || tr.diverged
		net, err := snapshot(w, inpaintSlot(i))
		if err != nil {
			return nil, err
		}
		nets[i] = *net
	}
	digits, err := inputs(w, inpaintSlot(0), "test", apps.InpaintDigits)
	if err != nil {
		return nil, err
	}
	train1, err := inputs(w, inpaintSlot(0), "train", apps.MeanDigits)
	if err != nil {
		return nil, err
	}
	mean := impute.Mean(train1, 784)
	var sum struct{ mean, ae, vae, first float64 }
	n := len(digits) / 784
	for i := 0; i < n; i++ {
		m, _ := apps.InpaintMask(v, i)
		f, err := apps.Inpaint(&nets[0], &nets[1], digits[i*784:(i+1)*784], m, mean, apps.Iterations(v))
		if err != nil {
			return nil, err
		}
		sum.mean += f.MeanErr
		sum.ae += f.AEErr
		sum.vae += f.VAEErr[len(f.VAEErr)-1]
		sum.first += f.VAEErr[0]
	}
	k := float64(n)
	return claims.Measured{
		"mean_err": sum.mean / k, "ae_err": sum.ae / k, "vae_err": sum.vae / k, "vae_first_err": sum.first / k,
		"diverged": diverged,
	}, nil
}

// inputs returns the first n examples of a split of the slot's data.
func inputs(w handler, slot, split string, n int) ([]float32, error) {
	reply, f, err := requestF(w, slot, protocol.Reconstruct, protocol.EncodeBody{Split: split, Count: n}, nil)
	if err != nil {
		return nil, err
	}
	var b protocol.ReconstructReply
	if err := reply.DecodeBody(&b); err != nil {
		return nil, err
	}
	return f[:b.N*b.Dim], nil
}
