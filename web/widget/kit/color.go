package kit

// OkabeIto is the Okabe–Ito colour-blind-safe palette, with its black
// replaced by a mid grey that reads on both light and dark backgrounds.
var OkabeIto = []string{
	"#E69F00", // orange
	"#56B4E9", // sky blue
	"#009E73", // bluish green
	"#F0E442", // yellow
	"#0072B2", // blue
	"#D55E00", // vermillion
	"#CC79A7", // reddish purple
	"#999999", // grey (for black)
}

// Marker is a point shape used with colour so that classes stay apart for
// colour-blind readers and in greyscale print.
type Marker uint8

// The marker shapes.
const (
	Circle Marker = iota
	Square
	TriangleUp
	Diamond
	Cross
	Plus
	TriangleDown
	Star
)

// DigitStyle is the colour and marker for one class label (a digit 0–9).
type DigitStyle struct {
	Color  string
	Marker Marker
}

// digitStyles gives each of the ten digits its own colour and its own shape:
// Okabe–Ito's eight (colour-blind safe) and, from Paul Tol's colour-blind-safe
// schemes, olive and purple, both mid-light so they read on either theme.
var digitStyles = [10]DigitStyle{
	{"#0072B2", Circle},       // 0 blue
	{"#E69F00", Square},       // 1 orange
	{"#009E73", TriangleUp},   // 2 green
	{"#D55E00", Diamond},      // 3 vermillion
	{"#CC79A7", Cross},        // 4 purple
	{"#56B4E9", Plus},         // 5 sky blue
	{"#F0E442", TriangleDown}, // 6 yellow
	{"#999999", Star},         // 7 grey
	{"#999933", Diamond},      // 8 olive (Tol)
	{"#AA3377", Square},       // 9 purple (Tol)
}

// StyleFor returns the style of class label; labels outside 0–9 cycle the
// palette with circles.
func StyleFor(label int) DigitStyle {
	if label >= 0 && label < len(digitStyles) {
		return digitStyles[label]
	}
	if label < 0 {
		label = -label
	}
	return DigitStyle{OkabeIto[label%len(OkabeIto)], Circle}
}

// SeriesColors are the colours for plot series in order: training series use
// solid lines, held-out series reuse the colour with a dashed line.
var SeriesColors = []string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"}

// GrayToRGBA writes intensities v in [0, 1] (clamped) as opaque RGBA pixels
// into dst (4·len(v) bytes, allocated if short) — white ink on black, as MNIST
// is usually shown — and returns dst.
func GrayToRGBA(dst []byte, v []float32) []byte {
	if cap(dst) < 4*len(v) {
		dst = make([]byte, 4*len(v))
	}
	dst = dst[:4*len(v)]
	for i, x := range v {
		b := grayByte(x)
		dst[4*i], dst[4*i+1], dst[4*i+2], dst[4*i+3] = b, b, b, 255
	}
	return dst
}

func grayByte(x float32) byte {
	switch {
	case x != x || x <= 0: // NaN counts as 0
		return 0
	case x >= 1:
		return 255
	}
	return byte(x*255 + 0.5)
}
