package codegen

import (
	"fmt"
	"strings"
)

// writePyTorch writes the PyTorch file of v.
func writePyTorch(w *writer, v *view) {
	w.header(v, "PyTorch")
	w.lines("import torch", "from torch import nn")
	if !v.Gaussian || v.Tied {
		w.p("import torch.nn.functional as F")
	}
	w.p("")
	w.constants(v)
	if v.Tied {
		w.lines("", "", "class TiedLinear(nn.Module):",
			`    """A decoder layer without a weight of its own: y = W_encᵀ h + b, with the encoder layer's W_enc."""`,
			"", "    def __init__(self, encoder_layer, out_features):",
			"        super().__init__()",
			"        self.tied_to = (encoder_layer,)  # in a tuple, so that the encoder's weight is registered once",
			"        self.bias = nn.Parameter(torch.zeros(out_features))",
			"", "    def forward(self, h):",
			"        return F.linear(h, self.tied_to[0].weight.t(), self.bias)")
	}
	w.lines("", "", fmt.Sprintf("class %s(nn.Module):", v.Class), "    def __init__(self):", "        super().__init__()")
	w.layers(v, func(l Layer) string {
		if l.TiedTo != "" {
			return fmt.Sprintf("TiedLinear(self.%s, %d)", l.TiedTo, l.Out)
		}
		return fmt.Sprintf("nn.Linear(%d, %d)", l.In, l.Out)
	})
	w.p("        for layer in %s:", loadLayers(v, "self."))
	if v.Init == "he" {
		w.p(`            nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")  # He-normal: N(0, 2/inputs)`)
	} else {
		w.p("            nn.init.xavier_uniform_(layer.weight)  # Glorot-uniform")
	}
	w.p("            nn.init.zeros_(layer.bias)")
	if v.CenterOutput {
		w.p("        with torch.no_grad():  # start the output bias so that the untrained model maps 0 to 0: r(0) = 0")
		w.p("            self.out.bias -= %s[0]", centerInput(v, fmt.Sprintf("torch.zeros(1, %d)", v.Input)))
	}
	w.encodeDecode(v, torchAct)
	w.p("")
	torchForward(w, v.Kind)
	if v.Kind == "dae" {
		w.corrupt(v, noise{
			normalLike:  func(x string) string { return "torch.randn_like(" + x + ")" },
			uniformLike: func(x string) string { return "torch.rand_like(" + x + ")" },
			mask:        func(cond string) string { return "(" + cond + ").float()" },
		})
	}
	w.lines("", "")
	w.lossFn(v, lossTerms{
		bce:      `F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(dim=1)`,
		squared:  "0.5 * (x_hat - x).pow(2).sum(dim=1)",
		kl:       "0.5 * (mu.pow(2) + logvar.exp() - logvar - 1).sum(dim=1)",
		wNorms:   "model.code.weight.pow(2).sum(dim=1)  # Σ_i W_ji², one per code unit j",
		penalty:  "((%s).pow(2) * w_norms).sum(dim=1)",
		deriv:    v.TorchDeriv,
		mean:     torchMean,
		termMean: func(e string) string { return e + ".mean()" },
	})
	param, arg := stepArgs(v.Kind)
	w.lines("", "")
	w.p("def train_step(model, optimizer, x%s):", param)
	w.p(`    """One gradient step on the batch x (rows of %d values); returns the loss and its terms."""`, v.Input)
	w.p("    optimizer.zero_grad()")
	w.p("    loss, terms = loss_fn(model, x%s)", arg)
	w.p("    loss.backward()")
	if v.Clip > 0 {
		w.p("    nn.utils.clip_grad_norm_(model.parameters(), CLIP)  # g ← g·CLIP/‖g‖ when ‖g‖ > CLIP")
	}
	w.lines("    optimizer.step()", "    return loss.item(), {k: v.item() for k, v in terms.items()}", "", "", "def make_optimizer(model):")
	switch {
	case v.Optimizer == "sgd" && v.Momentum > 0:
		w.p("    return torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM)")
	case v.Optimizer == "sgd":
		w.p("    return torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)")
	default:
		w.p("    return torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)  # β₁ = 0.9, β₂ = 0.999, ε = 1e-8")
	}
	w.lines("", "")
	w.p(`def load_latentlab_weights(model, path="%s"):`, v.File)
	w.lines(`    """Loads the weights exported from Latent Lab (needs: pip install safetensors)."""`,
		"    from safetensors.torch import load_file",
		"    model.load_state_dict(load_file(path))", "", "")
	if v.Input == 784 {
		w.lines("def load_data():",
			`    """The MNIST training images as a (60000, 784) tensor of pixels in [0, 1] (needs torchvision)."""`,
			"    from torchvision import datasets",
			`    images = datasets.MNIST("data", train=True, download=True).data`,
			"    return images.reshape(-1, 784).float() / 255")
	} else {
		w.p("def load_data():")
		w.p(`    """Your training set: an (N, %d) float tensor."""`, v.Input)
		w.p(`    raise NotImplementedError("load your training set here")`)
	}
	w.lines("", "", `if __name__ == "__main__":`, "    torch.manual_seed(SEED)")
	w.p("    model = %s()", v.Class)
	w.lines("    # load_latentlab_weights(model)  # to continue from the weights trained in the browser",
		"    optimizer = make_optimizer(model)",
		"    x_train = load_data()",
		"    loader = torch.utils.data.DataLoader(x_train, batch_size=BATCH_SIZE, shuffle=True)")
	w.mainLoop("loader", "train_step", "loss")
}

// torchForward writes the module's forward method.
func torchForward(w *writer, kind string) {
	switch kind {
	case "vae":
		w.lines("    def forward(self, x, eps=None):",
			"        mu, logvar = self.encode(x)",
			"        sigma = torch.exp(0.5 * logvar)  # σ = exp(½ log σ²)",
			"        if eps is None:",
			"            eps = torch.randn_like(sigma)  # ε ~ N(0, I)",
			"        z = mu + sigma * eps  # z = μ + σ ⊙ ε, the reparameterization trick",
			"        return self.decode(z), mu, logvar")
	case "cae":
		w.lines("    def forward(self, x):", "        h = self.encode(x)", "        return self.decode(h), h")
	default:
		w.lines("    def forward(self, x):", "        return self.decode(self.encode(x))")
	}
}

// torchAct applies a layer's activation to a PyTorch expression.
func torchAct(l Layer, expr string) string {
	if l.Act == "identity" {
		return expr
	}
	return "torch." + l.Act + "(" + expr + ")"
}

// torchMean is the batch mean of a per-example expression.
func torchMean(e string) string {
	if strings.Contains(e, " ") {
		e = "(" + e + ")"
	}
	return e + ".mean()"
}
