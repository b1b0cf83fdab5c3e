package kit

// History is a time series (x, y) that keeps at most Cap points: when full,
// neighbouring pairs are averaged, halving the resolution of the past while
// new points keep arriving at full resolution — so plotting stays cheap (a
// few hundred JS calls per frame) however long training runs.
type History struct {
	Cap  int // maximum points kept (default 600); rounded up to even
	X, Y []float64
	// pending accumulates points until Stride of them can be averaged in.
	stride     int
	accX, accY float64
	accN       int
}

func (h *History) cap() int {
	c := h.Cap
	if c <= 0 {
		c = 600
	}
	return c + c%2
}

// Add appends a point, decimating when the history is full.
func (h *History) Add(x, y float64) {
	if h.stride == 0 {
		h.stride = 1
	}
	h.accX += x
	h.accY += y
	h.accN++
	if h.accN < h.stride {
		return
	}
	h.X = append(h.X, h.accX/float64(h.accN))
	h.Y = append(h.Y, h.accY/float64(h.accN))
	h.accX, h.accY, h.accN = 0, 0, 0
	if len(h.X) >= h.cap() {
		n := len(h.X) / 2
		for i := 0; i < n; i++ {
			h.X[i] = (h.X[2*i] + h.X[2*i+1]) / 2
			h.Y[i] = (h.Y[2*i] + h.Y[2*i+1]) / 2
		}
		h.X, h.Y = h.X[:n], h.Y[:n]
		h.stride *= 2
	}
}

// Last returns the newest y, averaging points not yet folded in (ok false
// when empty).
func (h *History) Last() (y float64, ok bool) {
	if h.accN > 0 {
		return h.accY / float64(h.accN), true
	}
	if len(h.Y) == 0 {
		return 0, false
	}
	return h.Y[len(h.Y)-1], true
}

// Reset empties the history.
func (h *History) Reset() { *h = History{Cap: h.Cap} }
