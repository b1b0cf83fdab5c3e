package run

import (
	"fmt"

	"latentlab/wasm/protocol"
	"latentlab/web/claims"
	"latentlab/web/params"
	"latentlab/web/widget/apps"
)

// codeClassifierUses are the code-classifier parameters the experiment reads.
var codeClassifierUses = []string{"latent", "steps", "decay", "seed"}

// classifierMetrics name the measured accuracy lists, in apps.Representations' order.
var classifierMetrics = []string{"ae", "dae", "cae", "vae", "pixels"}

func init() { experiments["code-classifier"] = codeClassifier }

// codeClassifier runs the code-classifier widget: load the served AE, DAE
// and CAE (apps.ServedEncoders) with the MNIST subset, create and train its
// VAE (apps.ClassifierVAE) the claim's steps, then send the classify
// requests the widget sends (apps.ClassifierFits): the codes of each model,
// then the pixels.
func codeClassifier(x *Runner, v params.Values, train int, then *Live) (main, after claims.Measured, err error) {
	if then != nil {
		return nil, nil, fmt.Errorf("code-classifier: no then: phase (the widget trains to its steps and measures)")
	}
	w := x.worker()
	c, data := apps.ClassifierVAE(v)
	slots := make([]string, len(apps.ServedEncoders)+1)
	for i, name := range apps.ServedEncoders {
		slots[i] = "classify:" + name
		load := protocol.LoadBody{Name: name, Data: &data}
		if _, err := request(w, slots[i], protocol.Load, load, nil); err != nil {
			return nil, nil, err
		}
	}
	vae := len(slots) - 1
	slots[vae] = "classify:vae"
	if _, err := request(w, slots[vae], protocol.Create, protocol.CreateBody{Model: c, Data: data}, nil); err != nil {
		return nil, nil, err
	}
	tr := &vaeRun{}
	if err := tr.train(w, slots[vae], train); err != nil {
		return nil, nil, err
	}
	m := claims.Measured{"diverged": tr.diverged}
	for i, f := range apps.ClassifierFits(v) {
		if m[classifierMetrics[i]], err = classifyRequest(w, slots[min(i, vae)], f); err != nil {
			return nil, nil, err
		}
	}
	return m, nil, nil
}

// classifyRequest sends one classify request and returns the accuracies.
func classifyRequest(w handler, slot string, b protocol.ClassifyBody) ([]float64, error) {
	reply, err := request(w, slot, protocol.Classify, b, nil)
	if err != nil {
		return nil, err
	}
	var r protocol.ClassifyReply
	if err := reply.DecodeBody(&r); err != nil {
		return nil, err
	}
	return r.Accuracy, nil
}
