package codegen

import (
	"fmt"
	"strings"
)

// writeKeras writes the Keras (TensorFlow 2) file of v.
func writeKeras(w *writer, v *view) {
	w.header(v, "Keras (TensorFlow 2)")
	w.lines("import tensorflow as tf", "from tensorflow import keras", "from tensorflow.keras import layers", "")
	w.constants(v)
	if v.Init == "he" {
		w.p(`INIT = keras.initializers.VarianceScaling(2.0, "fan_in", "untruncated_normal")  # He-normal: N(0, 2/inputs)`)
	} else {
		w.p(`INIT = "glorot_uniform"  # Glorot-uniform (biases start at zero)`)
	}
	if v.Tied {
		w.lines("", "", "class TiedDense(layers.Layer):",
			`    """A decoder layer without a weight of its own: y = h·W_encᵀ + b, with the encoder layer's kernel."""`,
			"", "    def __init__(self, encoder_layer, units, **kwargs):",
			"        super().__init__(**kwargs)",
			"        self.tied_to, self.units = encoder_layer, units",
			"", "    def build(self, input_shape):",
			`        self.bias = self.add_weight(name="bias", shape=(self.units,), initializer="zeros")`,
			"", "    def call(self, h):",
			"        return tf.matmul(h, self.tied_to.kernel, transpose_b=True) + self.bias")
	}
	w.lines("", "", fmt.Sprintf("class %s(keras.Model):", v.Class), "    def __init__(self):", "        super().__init__()")
	w.layers(v, func(l Layer) string {
		if l.TiedTo != "" {
			return fmt.Sprintf(`TiedDense(self.%s, %d, name="%s")`, l.TiedTo, l.Out, l.Name)
		}
		return fmt.Sprintf(`layers.Dense(%d%s, kernel_initializer=INIT, name="%s")`, l.Out, kerasAct(l.Act), l.Name)
	})
	w.encodeDecode(v, func(_ Layer, call string) string { return call })
	w.p("")
	kerasCall(w, v.Kind)
	if v.Kind == "dae" {
		w.corrupt(v, noise{
			normalLike:  func(x string) string { return "tf.random.normal(tf.shape(" + x + "))" },
			uniformLike: func(x string) string { return "tf.random.uniform(tf.shape(" + x + "))" },
			mask:        func(cond string) string { return "tf.cast(" + cond + ", x.dtype)" },
		})
	}
	w.lines("", "")
	w.lossFn(v, lossTerms{
		bce:     "tf.reduce_sum(tf.nn.sigmoid_cross_entropy_with_logits(labels=x, logits=logits), axis=1)",
		squared: "0.5 * tf.reduce_sum(tf.square(x_hat - x), axis=1)",
		kl:      "0.5 * tf.reduce_sum(tf.square(mu) + tf.exp(logvar) - logvar - 1, axis=1)",
		wNorms: "tf.reduce_sum(tf.square(model.code.kernel), axis=0)" +
			"  # Σ_i W_ji², one per code unit j (kernel is W transposed)",
		penalty:  "tf.reduce_sum(tf.square(%s) * w_norms, axis=1)",
		deriv:    v.KerasDeriv,
		mean:     func(e string) string { return "tf.reduce_mean(" + e + ")" },
		termMean: func(e string) string { return "tf.reduce_mean(" + e + ")" },
	})
	param, arg := stepArgs(v.Kind)
	w.lines("", "")
	w.p("def train_step(model, optimizer, x%s):", param)
	w.p(`    """One gradient step on the batch x (rows of %d values); returns the loss and its terms."""`, v.Input)
	w.p("    with tf.GradientTape() as tape:")
	w.p("        loss, terms = loss_fn(model, x%s)", arg)
	w.p("    grads = tape.gradient(loss, model.trainable_variables)")
	if v.Clip > 0 {
		w.p("    grads, _ = tf.clip_by_global_norm(grads, CLIP)  # g ← g·CLIP/‖g‖ when ‖g‖ > CLIP")
	}
	w.lines("    optimizer.apply_gradients(zip(grads, model.trainable_variables))", "    return loss, terms", "", "",
		"def make_optimizer():")
	switch {
	case v.Optimizer == "sgd" && v.Momentum > 0:
		w.p("    return keras.optimizers.SGD(learning_rate=LEARNING_RATE, momentum=MOMENTUM)")
	case v.Optimizer == "sgd":
		w.p("    return keras.optimizers.SGD(learning_rate=LEARNING_RATE)")
	default:
		w.p("    return keras.optimizers.Adam(learning_rate=LEARNING_RATE, epsilon=1e-8)  # β₁ = 0.9, β₂ = 0.999")
	}
	w.lines("", "")
	w.p(`def load_latentlab_weights(model, path="%s"):`, v.File)
	w.lines(`    """Loads the weights exported from Latent Lab (needs: pip install safetensors).`,
		`    They are stored as PyTorch lays them out: a Keras kernel is the transpose of a weight."""`,
		"    from safetensors.numpy import load_file",
		"    state = load_file(path)")
	w.p("    model(tf.zeros((1, %d)))  # builds the layers", v.Input)
	w.p("    for layer in %s:", loadLayers(v, "model."))
	w.p(`        layer.set_weights([state[layer.name + ".weight"].T, state[layer.name + ".bias"]])`)
	for _, l := range tiedLayers(v) {
		w.p(`    model.%s.set_weights([state["%s"]])  # tied: only its bias is its own`, l.Name, l.BiasName())
	}
	w.lines("", "")
	if v.Input == 784 {
		w.lines("def load_data():",
			`    """The MNIST training images as a (60000, 784) array of pixels in [0, 1]."""`,
			"    (images, _), _ = keras.datasets.mnist.load_data()",
			`    return images.reshape(-1, 784).astype("float32") / 255`)
	} else {
		w.p("def load_data():")
		w.p(`    """Your training set: an (N, %d) float32 array."""`, v.Input)
		w.p(`    raise NotImplementedError("load your training set here")`)
	}
	w.lines("", "", `if __name__ == "__main__":`, "    keras.utils.set_random_seed(SEED)")
	w.p("    model = %s()", v.Class)
	if v.CenterOutput {
		w.p("    model(tf.zeros((1, %d)))  # builds the layers", v.Input)
		w.p("    model.out.bias.assign_sub(%s[0])  # start the output bias so that r(0) = 0",
			strings.ReplaceAll(centerInput(v, fmt.Sprintf("tf.zeros((1, %d))", v.Input)), "self.", "model."))
	}
	w.lines("    # load_latentlab_weights(model)  # to continue from the weights trained in the browser",
		"    optimizer = make_optimizer()",
		"    x_train = load_data()",
		"    batches = tf.data.Dataset.from_tensor_slices(x_train).shuffle(len(x_train)).batch(BATCH_SIZE)",
		"    step = tf.function(train_step)")
	w.mainLoop("batches", "step", "float(loss)")
}

// kerasCall writes the model's call method.
func kerasCall(w *writer, kind string) {
	switch kind {
	case "vae":
		w.lines("    def call(self, x, eps=None):",
			"        mu, logvar = self.encode(x)",
			"        sigma = tf.exp(0.5 * logvar)  # σ = exp(½ log σ²)",
			"        if eps is None:",
			"            eps = tf.random.normal(tf.shape(sigma))  # ε ~ N(0, I)",
			"        z = mu + sigma * eps  # z = μ + σ ⊙ ε, the reparameterization trick",
			"        return self.decode(z), mu, logvar")
	case "cae":
		w.lines("    def call(self, x):", "        h = self.encode(x)", "        return self.decode(h), h")
	default:
		w.lines("    def call(self, x):", "        return self.decode(self.encode(x))")
	}
}

// kerasAct is the activation argument of a Keras Dense layer.
func kerasAct(act string) string {
	if act == "identity" {
		return ""
	}
	return fmt.Sprintf(", activation=%q", act)
}
