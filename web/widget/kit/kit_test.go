package kit

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"latentlab/web/params"
)

func TestScaleRoundTrip(t *testing.T) {
	s := Scale{D0: -3, D1: 3, R0: 300, R1: 0}
	if got := s.Map(0); got != 150 {
		t.Fatalf("Map(0) = %v, want 150", got)
	}
	for _, v := range []float64{-3, -1.25, 0, 2.5, 3} {
		if got := s.Invert(s.Map(v)); math.Abs(got-v) > 1e-12 {
			t.Errorf("Invert(Map(%v)) = %v", v, got)
		}
	}
	if got := (Scale{1, 1, 0, 10}).Map(5); got != 5 {
		t.Errorf("degenerate domain maps to %v, want middle 5", got)
	}
}

func TestNiceTicks(t *testing.T) {
	cases := []struct {
		lo, hi float64
		n      int
		want   []float64
	}{
		{0, 10, 5, []float64{0, 2, 4, 6, 8, 10}},
		{-3, 3, 4, []float64{-2, 0, 2}},
		{0.1, 0.35, 4, []float64{0.1, 0.15, 0.2, 0.25, 0.3, 0.35}},
		{140, 560, 4, []float64{200, 300, 400, 500}},
	}
	for _, c := range cases {
		if got := NiceTicks(c.lo, c.hi, c.n); !reflect.DeepEqual(got, c.want) {
			t.Errorf("NiceTicks(%v, %v, %d) = %v, want %v", c.lo, c.hi, c.n, got, c.want)
		}
	}
	if NiceTicks(math.NaN(), 1, 4) != nil {
		t.Error("NaN interval should give no ticks")
	}
	lo, hi := NiceDomain(143, 547, 4)
	if lo != 100 || hi != 600 {
		t.Errorf("NiceDomain = %v, %v, want 100, 600", lo, hi)
	}
}

func TestExtentSkipsNonFinite(t *testing.T) {
	lo, hi, ok := Extent([]float64{3, math.NaN(), -1}, []float64{math.Inf(1), 7})
	if !ok || lo != -1 || hi != 7 {
		t.Fatalf("Extent = %v %v %v", lo, hi, ok)
	}
	if _, _, ok := Extent([]float64{math.NaN()}); ok {
		t.Fatal("all-NaN extent should not be ok")
	}
}

func TestFormat(t *testing.T) {
	s := Status{Step: 120, Rate: 14.24, Terms: []Term{{"recon", 152.31, "nats"}, {"KL", 4.1, "nats"}, {"−ELBO", 156.44, "nats"}}}
	want := "step 120 · 14.2 steps/s · recon 152.3 nats · KL 4.1 nats · −ELBO 156.4 nats"
	if got := s.String(); got != want {
		t.Fatalf("Status = %q\nwant     %q", got, want)
	}
	for v, want := range map[float64]string{0: "0", -2.5: "−2.5", 0.01234: "0.0123", 12345.6: "12346", 1.835e11: "1.8e11", 3.6e8: "3.6e8", 1e-5: "1.00e-05", math.NaN(): "—", math.Inf(1): "∞"} {
		if got := FormatNumber(v); got != want {
			t.Errorf("FormatNumber(%v) = %q, want %q", v, got, want)
		}
	}
	for v, want := range map[float64]string{1200: "1200", 25000: "25k", 0.5: "0.5", 1.5e6: "1.5M", 2e12: "2e12", 2.5e12: "2.5e12"} {
		if got := FormatTick(v); got != want {
			t.Errorf("FormatTick(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestDigitStylesDistinct(t *testing.T) {
	seen := map[DigitStyle]int{}
	colours := map[string]int{}
	for d := 0; d < 10; d++ {
		st := StyleFor(d)
		if prev, dup := seen[st]; dup {
			t.Errorf("digits %d and %d share style %v", prev, d, st)
		}
		if prev, dup := colours[st.Color]; dup {
			t.Errorf("digits %d and %d share colour %s", prev, d, st.Color)
		}
		seen[st], colours[st.Color] = d, d
		if st.Marker.Glyph() == "" {
			t.Errorf("digit %d marker has no legend glyph", d)
		}
	}
	if StyleFor(-3).Color == "" || StyleFor(42).Color == "" {
		t.Error("out-of-range labels need a colour")
	}
}

func TestGrayToRGBA(t *testing.T) {
	got := GrayToRGBA(nil, []float32{-1, 0.5, 2, float32(math.NaN())})
	want := []byte{0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255, 0, 0, 0, 255}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("GrayToRGBA = %v", got)
	}
}

func TestImageGrid(t *testing.T) {
	g := GridFor(5, 3, 2, 2, 1)
	if g.Cols != 3 || g.Rows != 2 {
		t.Fatalf("GridFor = %+v", g)
	}
	if w, h := g.Size(); w != 8 || h != 5 {
		t.Fatalf("Size = %d×%d, want 8×5", w, h)
	}
	if x, y := g.Origin(4); x != 3 || y != 3 {
		t.Fatalf("Origin(4) = %d,%d", x, y)
	}
	for _, c := range []struct{ x, y, want int }{{0, 0, 0}, {2, 0, -1}, {3, 1, 1}, {7, 4, 5}, {8, 4, -1}, {4, 4, 4}, {-1, 0, -1}} {
		if got := g.Cell(c.x, c.y); got != c.want {
			t.Errorf("Cell(%d,%d) = %d, want %d", c.x, c.y, got, c.want)
		}
	}
	buf := g.PackRGBA(nil, [][]float32{{1, 1, 1, 1}}, [3]byte{9, 9, 9})
	if buf[0] != 255 || buf[4*2] != 9 {
		t.Fatalf("PackRGBA: image pixel %d, gap pixel %d", buf[0], buf[8])
	}
}

func TestMapFrameInverse(t *testing.T) {
	f := NewMapFrame(300, 300, -3, 3, -3, 3)
	px, py := f.ToPixels(1, 2)
	x, y := f.ToLatent(px, py)
	if math.Abs(x-1) > 1e-9 || math.Abs(y-2) > 1e-9 {
		t.Fatalf("round trip gave %v,%v", x, y)
	}
	if _, py0 := f.ToPixels(0, 3); py0 != MapMargins.Top {
		t.Fatalf("top of domain at %v, want the top margin", py0)
	}
	if x, y := f.ToLatent(-100, 1000); x != -3 || y != -3 {
		t.Fatalf("outside the frame clamps to the corner, got %v,%v", x, y)
	}
}

func TestDriverLockstep(t *testing.T) {
	var d Driver
	t0 := time.Unix(0, 0)
	n := d.Train()
	if n != 1 {
		t.Fatalf("first chunk = %d, want 1 (speed unknown)", n)
	}
	g := d.Begin(t0)
	if d.Train() != 0 {
		t.Fatal("Train while busy must not ask again")
	}
	next, ok := d.Done(g, 1, t0.Add(10*time.Millisecond), "")
	if !ok || next != 10 {
		t.Fatalf("Done = %d, %v; want a 10-step chunk at 100 steps/s", next, ok)
	}
	g = d.Begin(t0)
	d.Pause()
	if next, ok := d.Done(g, 10, t0.Add(100*time.Millisecond), ""); !ok || next != 0 {
		t.Fatalf("after Pause Done asked for %d more", next)
	}
	if d.Steps() != 11 || d.Rate() <= 0 {
		t.Fatalf("steps %d rate %v", d.Steps(), d.Rate())
	}
	// A reply from before Reset is stale.
	g = d.Begin(t0)
	d.Reset()
	if _, ok := d.Done(g, 5, t0, ""); ok {
		t.Fatal("stale reply accepted")
	}
	if d.Steps() != 0 || d.Busy() {
		t.Fatal("Reset did not clear")
	}
	// Divergence stops and blocks Train until Reset.
	n = d.Train()
	g = d.Begin(t0)
	if next, _ := d.Done(g, n, t0.Add(time.Millisecond), "loss is NaN"); next != 0 || d.Running() || d.Diverged() == "" {
		t.Fatal("divergence must stop training and keep the reason")
	}
	if d.Train() != 0 || d.Step(1) != 0 {
		t.Fatal("Train/Step after divergence must wait for Reset")
	}
	d.Reset()
	if d.Step(3) != 3 {
		t.Fatal("Step after Reset")
	}
	g = d.Begin(t0)
	if !d.Fail(g, "worker crashed") || d.Diverged() != "worker crashed" {
		t.Fatal("Fail should record the message")
	}
}

func TestDriverEngineTime(t *testing.T) {
	var d Driver
	d.Train()
	g := d.Begin(time.Unix(0, 0))
	d.EngineTime(1, 20) // 20 ms per step in the engine…
	// …even though the round trip took 2 s (a busy page), the next chunk
	// targets 100 ms of engine time.
	if next, _ := d.Done(g, 1, time.Unix(2, 0), ""); next != 5 {
		t.Fatalf("next chunk %d, want 5", next)
	}
}

func TestDriverChunkCap(t *testing.T) {
	d := Driver{MaxChunk: 20}
	d.Train()
	g := d.Begin(time.Unix(0, 0))
	if next, _ := d.Done(g, 1, time.Unix(0, 0).Add(time.Microsecond), ""); next != 20 {
		t.Fatalf("chunk %d, want capped 20", next)
	}
}

func TestFieldSliderMapping(t *testing.T) {
	lr := Field{Param: params.Param{Name: "lr", Kind: params.Float, Min: 1e-5, Max: 1}, Log: true}
	if p := lr.SliderPos(1e-3); math.Abs(p+3) > 1e-12 {
		t.Fatalf("SliderPos(1e-3) = %v", p)
	}
	if v := lr.SliderValue(-2.9).(float64); math.Abs(v-0.0013) > 1e-12 {
		t.Fatalf("SliderValue(-2.9) = %v, want 0.0013 (two significant digits)", v)
	}
	if v := lr.SliderValue(5).(float64); v != 1 {
		t.Fatalf("SliderValue beyond max = %v, want clamp to 1", v)
	}
	lat := Field{Param: params.Param{Name: "latent", Kind: params.Int, Min: 2, Max: 16}}
	if v := lat.SliderValue(3.6).(int); v != 4 {
		t.Fatalf("int slider = %v", v)
	}
}

func TestNotes(t *testing.T) {
	var ns []params.Note
	ns = AddNote(ns, &params.Note{Param: "lr", Message: "a"})
	ns = AddNote(ns, &params.Note{Param: "beta", Message: "b"})
	ns = AddNote(ns, &params.Note{Param: "lr", Message: "c"})
	if len(ns) != 2 || ns[1].Message != "c" {
		t.Fatalf("AddNote = %v", ns)
	}
	if ns = DropNote(ns, "lr"); len(ns) != 1 || ns[0].Param != "beta" {
		t.Fatalf("DropNote = %v", ns)
	}
	if Clamp(math.NaN(), 0, 1) != 0 || Clamp(5, 0, 1) != 1 {
		t.Fatal("Clamp")
	}
}

func TestHistoryDecimates(t *testing.T) {
	h := History{Cap: 10}
	for i := 1; i <= 1000; i++ {
		h.Add(float64(i), 2*float64(i))
	}
	if len(h.X) > 10 || len(h.X) < 4 {
		t.Fatalf("kept %d points", len(h.X))
	}
	for i := range h.X {
		if h.Y[i] != 2*h.X[i] {
			t.Fatalf("averaging broke y=2x at %d: %v %v", i, h.X[i], h.Y[i])
		}
		if i > 0 && h.X[i] <= h.X[i-1] {
			t.Fatal("x not increasing")
		}
	}
	if last, _ := h.Last(); last < 1800 {
		t.Fatalf("newest point %v is stale", last)
	}
	h.Reset()
	if len(h.X) != 0 || h.Cap != 10 {
		t.Fatal("Reset")
	}
}

func TestPathBuilder(t *testing.T) {
	var p PathBuilder
	p.MoveTo(1, 2.04)
	p.LineTo(-0.01, 3.25)
	p.Close()
	if got := p.String(); got != "M1 2L0 3.3Z" && got != "M1 2L0 3.2Z" {
		t.Fatalf("path = %q", got)
	}
	p.Reset()
	p.Circle(10, 10, 2)
	if got := p.String(); got != "M12 10A2 2 0 1 0 8 10A2 2 0 1 0 12 10Z" {
		t.Fatalf("circle = %q", got)
	}
	for m := Circle; m <= Star; m++ {
		p.Reset()
		p.Marker(m, 5, 5, 3)
		if p.Len() == 0 || p.String()[0] != 'M' {
			t.Errorf("marker %d gave %q", m, p.String())
		}
	}
}

func TestIntegerTicks(t *testing.T) {
	got := IntegerTicks(NiceTicks(1, 3, 4))
	if want := []float64{1, 2, 3}; !reflect.DeepEqual(got, want) {
		t.Errorf("IntegerTicks(NiceTicks(1, 3, 4)) = %v, want %v", got, want)
	}
	if !(LinePlot{Series: []Series{{X: []float64{1, 2, 3}}}}).integerX() {
		t.Error("steps 1, 2, 3 are not seen as whole numbers")
	}
	if (LinePlot{Series: []Series{{X: []float64{0, 0.5}}}}).integerX() {
		t.Error("x = 0.5 is seen as a whole number")
	}
}

func TestFormatCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 404244: "404,244", 1234567: "1,234,567", -4500: "−4,500"} {
		if got := FormatCount(n); got != want {
			t.Errorf("FormatCount(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestLinePlotFromZero(t *testing.T) {
	p := LinePlot{Series: []Series{{X: []float64{1, 2, 3, 4}, Y: []float64{4.2, 5.1, 4.8, 5.3}}}}
	if _, _, y0, _, _ := p.Domain(); y0 <= 0 {
		t.Fatalf("without FromZero the range starts at %v, want near the data", y0)
	}
	p.FromZero = true
	if _, _, y0, y1, _ := p.Domain(); y0 != 0 || y1 < 5.3 {
		t.Fatalf("FromZero range [%v, %v], want [0, ≥5.3]", y0, y1)
	}
}

// Abandon forgets the request in flight (its reply will not come) but keeps
// the progress; a reply that does arrive for it is stale.
func TestDriverAbandon(t *testing.T) {
	var d Driver
	now := time.Now()
	gen := d.Begin(now)
	d.Done(gen, 10, now.Add(time.Second), "")
	n := d.Train()
	gen = d.Begin(now)
	if n == 0 || !d.Busy() {
		t.Fatal("no chunk in flight")
	}
	d.Abandon()
	if d.Busy() || d.Running() || d.Steps() != 10 {
		t.Errorf("after Abandon: busy %v, running %v, steps %d", d.Busy(), d.Running(), d.Steps())
	}
	if _, ok := d.Done(gen, 5, now, ""); ok {
		t.Error("the abandoned chunk's reply was taken")
	}
	if d.Step(1) != 1 {
		t.Error("Step refused after Abandon")
	}
}

func TestPathShapes(t *testing.T) {
	var p PathBuilder
	p.Square(10, 10, 2)
	if got := p.String(); got != "M9 9L11 9L11 11L9 11Z" {
		t.Errorf("square %q", got)
	}
	var a PathBuilder
	a.Arrow(0, 0, 0.2, 0, 5) // shorter than a pixel: a dot-sized square
	if got := a.String(); got != "M-0.8 -0.8L0.8 -0.8L0.8 0.8L-0.8 0.8Z" {
		t.Errorf("short arrow %q", got)
	}
	a.Reset()
	a.Arrow(0, 0, 10, 0, 4) // shaft, then a head of length 4 back from the tip
	if got := a.String(); got != "M0 0L10 0M6 -2L10 0L6 2" {
		t.Errorf("arrow %q", got)
	}
}

// A log axis plots log₁₀ of the values: a decade is a fixed distance, and
// values ≤ 0 fall out.
func TestLogPlotFrame(t *testing.T) {
	p := LinePlot{LogY: true, Series: []Series{{X: []float64{0, 1, 2}, Y: []float64{0.01, 0.1, -1}}}}
	q := p.logged()
	if q.Series[0].Y[0] != -2 || math.Abs(q.Series[0].Y[1]+1) > 1e-12 || !math.IsNaN(q.Series[0].Y[2]) {
		t.Fatalf("logged %v", q.Series[0].Y)
	}
	if p.Series[0].Y[0] != 0.01 {
		t.Fatal("logged changed its receiver")
	}
	f := PlotFrame{X: Scale{0, 2, 0, 200}, Y: Scale{-2, 0, 100, 0}, LogY: true}
	_, y1 := f.ToPixels(0, 0.01)
	_, y2 := f.ToPixels(0, 0.1)
	_, y3 := f.ToPixels(0, 1)
	if y1 != 100 || y2 != 50 || y3 != 0 {
		t.Errorf("decades at %v %v %v", y1, y2, y3)
	}
	if got := logTicks(-2.2, 0.4, 4); !reflect.DeepEqual(got, []float64{-2, -1, 0}) {
		t.Errorf("log ticks %v", got)
	}
	if tickText(-1, true) != "0.1" || tickText(math.Log10(0.02), true) != "0.02" {
		t.Errorf("tick text %q %q", tickText(-1, true), tickText(math.Log10(0.02), true))
	}
}

// Chunks paced to animation frames wait between replies: the rate counts
// that wait (the steps a student sees per second), not just the round trips.
func TestDriverRateCountsPacing(t *testing.T) {
	d := Driver{MaxChunk: 10}
	t0 := time.Unix(0, 0)
	d.Train()
	g := d.Begin(t0)
	d.EngineTime(1, 0.1)
	d.Done(g, 10, t0.Add(2*time.Millisecond), "")
	for k := 1; k <= 20; k++ {
		sent := t0.Add(time.Duration(k) * 16 * time.Millisecond) // the next frame
		g = d.Begin(sent)
		d.Done(g, 10, sent.Add(2*time.Millisecond), "")
	}
	if r := d.Rate(); r < 500 || r > 700 {
		t.Errorf("10 steps per 16 ms frame measured as %.0f steps/s, want about 625", r)
	}
}

// niceTicksByStrings is NiceTicks as it was: each tick snapped through a
// 12-significant-digit string round trip.
func niceTicksByStrings(lo, hi float64, n int) []float64 {
	if lo > hi {
		lo, hi = hi, lo
	}
	if lo == hi {
		return []float64{lo}
	}
	step := NiceStep((hi - lo) / float64(n))
	first := math.Ceil(lo/step-1e-9) * step
	var ticks []float64
	for i := 0; i < 100; i++ {
		v := first + float64(i)*step
		if v > hi+step*1e-9 {
			break
		}
		v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64)
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		ticks = append(ticks, v)
	}
	return ticks
}

// TestNiceTicksAsStrings checks NiceTicks against the string round trip
// it replaced over random intervals from 1e-12 to 1e12 wide, anywhere
// from −1e13 to 1e13 (the ticks have at most 12 significant digits there,
// so both give the float64 nearest each decimal tick), and that no tick
// is −0.
func TestNiceTicksAsStrings(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 20000; trial++ {
		width := math.Pow(10, -12+24*rng.Float64())
		lo := (rng.Float64()*2 - 1) * width * math.Pow(10, 2*rng.Float64())
		if trial%5 == 0 {
			lo = -width * rng.Float64() // straddles 0
		}
		n := 1 + rng.IntN(8)
		got, want := NiceTicks(lo, lo+width, n), niceTicksByStrings(lo, lo+width, n)
		if !slices.Equal(got, want) {
			t.Fatalf("NiceTicks(%v, %v, %d) = %v, the string round trip gives %v", lo, lo+width, n, got, want)
		}
		for _, v := range got {
			if v == 0 && math.Signbit(v) {
				t.Fatalf("NiceTicks(%v, %v, %d) has −0", lo, lo+width, n)
			}
		}
	}
	// Past 2^53 the ticks are snapped as before.
	if got := NiceTicks(1e300, 5e300, 4); len(got) == 0 || got[0] != 1e300 {
		t.Errorf("NiceTicks(1e300, 5e300, 4) = %v, want from 1e300", got)
	}
}

func BenchmarkNiceTicks(b *testing.B) {
	for range b.N {
		NiceTicks(0.0123, 0.987, 5)
	}
}
