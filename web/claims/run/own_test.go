package run

import (
	"math"
	"testing"

	"latentlab/core/owndata"
	"latentlab/web/engine"
	"latentlab/web/widget"
	"latentlab/web/widget/cae"
)

// drawnS is an S drawn as a student would in the own-data square (±1.6): two
// half circles of radius 0.7 joined at the origin, sampled as the page
// samples a brush stroke.
func drawnS() []float32 {
	var path []float64
	for k := 0; k <= 40; k++ {
		a := math.Pi * float64(k) / 40
		path = append(path, -0.7*math.Sin(a), 0.7+0.7*math.Cos(a)) // the top bowl, opening right
	}
	for k := 1; k <= 40; k++ {
		a := math.Pi * float64(k) / 40
		path = append(path, 0.7*math.Sin(a), -0.7+0.7*math.Cos(a)) // the bottom bowl, opening left
	}
	return owndata.SampleStroke(nil, path, 0.06)
}

// TestLabOnADrawnCurve backs the applications lesson's "Bring your own data"
// sentences: on a drawn S, with the lab's own settings (16 units, λ = 0.3,
// its step limit), the CAE's arrows are more than five times as long as the
// plain AE's, yet fewer than half of those off the curve point towards its
// nearest part (on the circle over three quarters do: lessons/cae.md's
// lab-arrows claim) — the small tied network cannot bend its field twice.
func TestLabOnADrawnCurve(t *testing.T) {
	if testing.Short() {
		t.Skip("trains the lab's two models to its step limit")
	}
	pts := drawnS()
	spec, _ := widget.Lookup("contraction-lab")
	for _, seed := range []int{1, 2, 3} {
		v := spec.Params.Defaults()
		v["dataset"], v["seed"] = "own", seed
		cs, d := cae.LabModels(v)
		if d.Source != "own" || len(d.Points) != 0 {
			t.Fatalf("LabModels data for own: %+v", d)
		}
		w, slots, err := (&Runner{}).toyModels("own", cs[:], engine.Own(pts, 2))
		if err != nil {
			t.Fatal(err)
		}
		if err := trainToys(w, slots, labSteps.Get(v)); err != nil {
			t.Fatal(err)
		}
		m, err := measureLab(w, slots, labGrid.Get(v))
		if err != nil {
			t.Fatal(err)
		}
		inward, caeArrow, aeArrow := m["cae_inward"].(float64), m["cae_arrow"].(float64), m["ae_arrow"].(float64)
		t.Logf("seed %d, %d drawn points: CAE inward share %.2f, arrows CAE %.3f, AE %.3f", seed, len(pts)/2, inward, caeArrow, aeArrow)
		if !(caeArrow > 5*aeArrow && inward < 0.5) {
			t.Errorf("seed %d: CAE inward share %.2f (want < 0.5), arrows CAE %.3f vs AE %.3f (want > 5×)", seed, inward, caeArrow, aeArrow)
		}
	}
}
