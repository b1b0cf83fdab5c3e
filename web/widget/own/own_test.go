package own

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"latentlab/core/owndata"
)

func TestStoreTellsWatchers(t *testing.T) {
	t.Cleanup(Clear)
	calls := 0
	stop := Watch(func() { calls++ })
	if _, err := Data(2); err == nil || !strings.Contains(err.Error(), "no data set yet") {
		t.Errorf("Data without a set: %v", err)
	}
	Use(&owndata.Set{Name: "f.csv", Dim: 3, X: make([]float32, 30)})
	if calls != 1 {
		t.Errorf("%d calls after Use", calls)
	}
	if _, err := Data(2); err == nil || !strings.Contains(err.Error(), "exactly 2 columns (your data set has 3)") {
		t.Errorf("Data(2) of a 3-D set: %v", err)
	}
	d, err := Data(0)
	if err != nil || d.Source != Choice || d.Dim != 3 || len(d.Points) != 30 {
		t.Errorf("Data(0) = %+v, %v", d, err)
	}
	stop()
	Clear()
	if calls != 1 || Current() != nil {
		t.Errorf("%d calls after stop; current %v", calls, Current())
	}
}

// TestPanelRefusalKeepsTheSet: a refused file or column choice leaves the
// data set in use and says so; a set of the wrong dimension is refused by a
// widget of fixed dimension.
func TestPanelRefusalKeepsTheSet(t *testing.T) {
	t.Cleanup(Clear)
	updates := 0
	p := &Panel{ID: "w", Dims: 2, Update: func() { updates++ }}
	if !strings.Contains(p.summary(), "No data set yet") {
		t.Errorf("summary %q", p.summary())
	}
	in := &owndata.Set{Name: "your drawing", Dim: 2, X: make([]float32, 8)}
	p.use(in, nil)
	if Current() != in || p.alert != "" || !strings.Contains(p.summary(), "In use: 4 points of 2 coordinates from your drawing.") {
		t.Fatalf("after use: current %v, alert %q, summary %q", Current(), p.alert, p.summary())
	}
	p.use(nil, errors.New(`bad.csv, line 3, column 2 (y): "x" is not a number`))
	if Current() != in || p.alert != `bad.csv, line 3, column 2 (y): "x" is not a number. The data set in use is unchanged.` {
		t.Errorf("after a refusal: current %v, alert %q", Current(), p.alert)
	}
	p.use(&owndata.Set{Name: "t.csv", Dim: 3, X: make([]float32, 9)}, nil)
	if Current() != in || !strings.Contains(p.alert, "choose exactly 2 columns (3 chosen)") {
		t.Errorf("a 3-D set in a 2-D widget: current %v, alert %q", Current(), p.alert)
	}
	if updates != 3 {
		t.Errorf("%d updates", updates)
	}
}

func TestKeptForTheSession(t *testing.T) {
	t.Cleanup(Clear)
	in := &owndata.Set{Name: "ring.csv", Dim: 2, Note: "capped", X: []float32{1, -2, 3.5, 1e-7, 0, 9}}
	Use(in)
	current, restored = nil, false // a reload
	got := Current()
	if got == nil || got.Name != in.Name || got.Dim != 2 || got.Note != "capped" || fmt.Sprint(got.X) != fmt.Sprint(in.X) {
		t.Fatalf("after a reload: %+v", got)
	}
	Clear()
	current, restored = nil, false
	if Current() != nil {
		t.Error("a cleared set came back")
	}
	store(`{"name":"x","dim":2,"x":"AAAAAA=="}`) // one float: not whole points
	current, restored = nil, false
	if Current() != nil || restore() != "" {
		t.Error("an unreadable kept set was used or not forgotten")
	}
}

// TestKeptImages: an image set is kept one byte a pixel and comes back
// exactly (its intensities are 8-bit already), with its shape; a widget of
// points refuses it with a message that says why.
func TestKeptImages(t *testing.T) {
	t.Cleanup(Clear)
	x := make([]float32, 3*owndata.ImagePixels)
	for i := range x {
		x[i] = owndata.Quantise(float32(i%255) / 254)
	}
	Use(&owndata.Set{Name: "digits.zip", Dim: owndata.ImagePixels, Width: 28, Height: 28, X: x, Note: "all inverted"})
	if n := len(restore()); n > 4*len(x)/3+200 {
		t.Errorf("kept as %d characters for %d pixels", n, len(x))
	}
	current, restored = nil, false
	got := Images()
	if got == nil || got.Width != 28 || got.Height != 28 || got.N() != 3 || fmt.Sprint(got.X) != fmt.Sprint(x) {
		t.Fatalf("after a reload: %v", got)
	}
	if _, err := Data(2); err == nil || !strings.Contains(err.Error(), "your data set is images") {
		t.Errorf("Data(2) of images: %v", err)
	}
	if d, err := Data(0); err != nil || d.Dim != 784 {
		t.Errorf("Data(0) of images: %+v, %v", d.Dim, err)
	}
}

// TestPanelSummaryOfImages: the panels say what they take and what is in
// use, and a panel of points only says that images do not train it.
func TestPanelSummaryOfImages(t *testing.T) {
	t.Cleanup(Clear)
	det := &Panel{ID: "d", Images: true, NoPoints: true}
	tr := &Panel{ID: "t", Images: true}
	lab := &Panel{ID: "l", Dims: 2}
	if det.summary() != "No images yet: upload some below." || !strings.Contains(tr.summary(), "or upload a CSV file or images") || det.what() != "images" || tr.what() != "points or images" {
		t.Errorf("empty: %q, %q", det.summary(), tr.summary())
	}
	Use(&owndata.Set{Name: "rings.zip", Dim: owndata.ImagePixels, Width: 28, Height: 28, X: make([]float32, 2*owndata.ImagePixels), Note: "All inverted."})
	if s := tr.summary(); s != "In use: 2 images of 28×28 from rings.zip. All inverted." {
		t.Errorf("trainer: %q", s)
	}
	if s := lab.summary(); !strings.Contains(s, "This widget trains on points: draw some, or upload a CSV file.") {
		t.Errorf("lab: %q", s)
	}
	Use(&owndata.Set{Name: "ring.csv", Dim: 2, X: make([]float32, 8)})
	if s := det.summary(); !strings.Contains(s, "This widget takes images: upload some below.") {
		t.Errorf("detector with points: %q", s)
	}
}
