package apps

import (
	"slices"

	"latentlab/core/compress"
	"latentlab/core/infer"
	"latentlab/core/spec"
	"latentlab/web/engine"
	"latentlab/web/params"
)

var (
	pBits = params.NewInt(params.Param{Name: "bits", Default: 4, Min: 1, Max: 8,
		Doc: "bits per latent dimension of the quantised code (the decoded examples and the highlighted curve)"})
	pCoHidden = params.NewInt(params.Param{Name: "hidden", Default: 128, Min: 16, Max: 512, Sets: "hidden",
		Doc: "hidden layer width of the five VAEs (encoder and decoder)"})
	pCoSeed = params.NewInt(params.Param{Name: "seed", Default: 1, Min: 0, Max: 999999,
		Doc: "random seed (initial weights and minibatches)"})
	// compressParams is the compression widget's parameter table.
	compressParams = params.NewTable(pBits, pCoHidden, pCoSeed)
)

// CompressLatents are the latent sizes of the compression widget's VAEs.
var CompressLatents = []int{2, 4, 8, 16, 32}

// PlotBits are the bit depths whose rate–distortion curves the widget
// always draws (the chosen depth is drawn too).
var PlotBits = []int{2, 4, 8}

// CompressDigits is how many held-out digits the widget codes.
const CompressDigits = 100

// CompressShown is how many of them the decoded examples show.
const CompressShown = 8

// RawBytes is the size of one uncompressed 28×28 digit, a byte per pixel.
const RawBytes = 28 * 28

// Bits is the bit depth of parameter values v.
func Bits(v params.Values) int { return pBits.Get(v) }

// CompressConfigs are the VAEs the compression widget trains side by side
// for parameter values v, one per latent size of CompressLatents, and
// their data (the MNIST subset; CompressDigits held-out digits).
func CompressConfigs(v params.Values) ([]spec.Config, engine.Data) {
	cs := make([]spec.Config, len(CompressLatents))
	for i, l := range CompressLatents {
		c := spec.Default(spec.VAE)
		c.Hidden, c.Latent, c.Seed = []int{pCoHidden.Get(v)}, l, uint64(pCoSeed.Get(v))
		cs[i] = c
	}
	return cs, engine.MNIST(CompressDigits)
}

// depths are the bit depths measured for chosen depth bits: PlotBits and
// bits, ascending.
func depths(bits int) []int {
	out := append([]int{bits}, PlotBits...)
	slices.Sort(out)
	return slices.Compact(out)
}

// RateDistortion is what the compression widget measures: for each model
// (by latent size) and bit depth, the rate and distortion of the held-out
// digits, and their PNG size.
type RateDistortion struct {
	Depths   []int
	Points   [][]compress.Point // [model][depth]
	PNGBytes float64            // mean lossless PNG size of the same digits
}

// At is the point of model i at bit depth bits (ok false when not measured).
func (r RateDistortion) At(i, bits int) (compress.Point, bool) {
	for j, b := range r.Depths {
		if b == bits && i < len(r.Points) && j < len(r.Points[i]) {
			return r.Points[i][j], true
		}
	}
	return compress.Point{}, false
}

// MeasureRD measures every model of nets (ordered as CompressLatents) on
// the digits at the depths for chosen depth bits, as the widget does (one
// model and depth at a time: compress.Codec's Codes, then MeasureCodes).
func MeasureRD(nets []*infer.Network, digits []float32, bits int) (RateDistortion, error) {
	r := RateDistortion{Depths: depths(bits)}
	png, err := compress.MeanPNGSize(digits, 28, 28)
	if err != nil {
		return r, err
	}
	r.PNGBytes = png
	for _, net := range nets {
		c := &compress.Codec{Net: net}
		codes, err := c.Codes(digits)
		if err != nil {
			return r, err
		}
		row := make([]compress.Point, len(r.Depths))
		for j, b := range r.Depths {
			if row[j], _, err = c.MeasureCodes(codes, digits, b); err != nil {
				return r, err
			}
		}
		r.Points = append(r.Points, row)
	}
	return r, nil
}

// Monotone reports whether, at bit depth bits, every larger code decodes
// the digits no worse than the next smaller one, within tol (relative).
func (r RateDistortion) Monotone(bits int, tol float64) bool {
	for i := 1; i < len(r.Points); i++ {
		a, ok1 := r.At(i-1, bits)
		b, ok2 := r.At(i, bits)
		if !ok1 || !ok2 || b.MSE > a.MSE*(1+tol) {
			return false
		}
	}
	return true
}
