// Command viewgen writes the view file of each pretrained VAE (core/viewfile:
// the decoder quantised to 8 bits per weight and the held-out codes) beside
// its model file, so that a lesson page shows the latent explorer without
// the engine, the full model or the data set:
//
//	go run ./core/cmd/viewgen -data dist/web/data -models dist/web/models
//
// It prints how far the quantised decoder's pixels are from the model's
// (the largest difference over a grid of latent points and the held-out
// codes) and refuses to write a view whose decodes differ by more than
// viewfile.MaxPixelError.
package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"latentlab/core/data"
	"latentlab/core/infer"
	"latentlab/core/modelfile"
	"latentlab/core/viewfile"
)

// views are the pretrained VAEs that get a view file.
var views = []string{"vae-mnist-2d"}

func main() {
	dataDir := flag.String("data", "dist/web/data", "directory with mnist-test.bin (from mnistgen)")
	models := flag.String("models", "dist/web/models", "directory with the pretrained model files; the views are written there")
	codes := flag.Int("codes", 1000, "held-out digits whose codes the view carries (the first of the test split)")
	flag.Parse()
	if err := run(*dataDir, *models, *codes); err != nil {
		fmt.Fprintln(os.Stderr, "viewgen:", err)
		os.Exit(1)
	}
}

func run(dataDir, models string, codes int) error {
	f, err := os.Open(filepath.Join(dataDir, "mnist-test.bin"))
	if err != nil {
		return err
	}
	test, err := data.DecodeMNIST(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("mnist-test.bin: %w", err)
	}
	for _, name := range views {
		b, err := os.ReadFile(filepath.Join(models, name+".llm"))
		if err != nil {
			return err
		}
		m, err := modelfile.Unmarshal(b)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		v := fromNetwork(&m.Net, m.Step, m.Meta, test, codes)
		out, err := viewfile.Marshal(v)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		back, err := viewfile.Unmarshal(out)
		if err != nil {
			return fmt.Errorf("%s: self-check: %w", name, err)
		}
		worst := viewfile.MaxPixelDiff(&m.Net, back)
		if worst > viewfile.MaxPixelError {
			return fmt.Errorf("%s: the quantised decoder's pixels differ by %.4f > %.4f", name, worst, viewfile.MaxPixelError)
		}
		path := filepath.Join(models, name+viewfile.Suffix)
		if err := os.WriteFile(path, out, 0o644); err != nil {
			return err
		}
		fmt.Printf("viewgen: %s → %s (%d bytes, model file %d; %d codes; max pixel difference %.4f, %.1f/255)\n",
			name, path, len(out), len(b), v.N, worst, worst*255)
	}
	return nil
}

// fromNetwork builds the view of a trained VAE: its decoder, and the codes
// (μ, σ) with labels of the first n examples of the held-out set test.
func fromNetwork(net *infer.Network, step int, meta map[string]string, test *data.Set, n int) *viewfile.View {
	n = min(n, test.N)
	v := &viewfile.View{Step: step, Meta: meta, Decoder: net.Decoder.Clone(), Input: net.Input, Latent: net.Latent,
		Output: net.OutputDist, N: n, Labels: make([]int, n)}
	for i := range n {
		mu, logVar := net.Encode(test.Row(i))
		v.Mu = append(v.Mu, mu...)
		for _, lv := range logVar {
			v.Sigma = append(v.Sigma, float32(math.Exp(0.5*float64(lv))))
		}
		if test.Labels != nil {
			v.Labels[i] = test.Labels[i]
		}
	}
	return v
}
