package e2e

import (
	"encoding/json"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"latentlab/web/lesson"
	"latentlab/web/widget"
)

// actionNames are the widgets' action buttons: controls=locked leaves them
// usable, actions=off turns them off.
var actionNames = []string{"Train", "Pause", "Step", "Reset", "Resample", "New samples", "Estimate again", "Optimize", "Play forward", "Play backward"}

// widgetState is what a widget offers the reader at one moment.
type widgetState struct {
	Buttons  map[string]bool `json:"buttons"`  // button name → enabled
	Inputs   []string        `json:"inputs"`   // enabled inputs and selects (id or aria-label)
	Controls map[string]bool `json:"controls"` // parameter control id → enabled
	Notice   string          `json:"notice"`   // the lock notice
}

// widgetStateJS reads every widget's state, keyed by block id.
const widgetStateJS = `JSON.stringify(Object.fromEntries([...document.querySelectorAll("figure.widget-frame")].map(f => {
  const body = f.querySelector(".widget-body");
  const buttons = {};
  for (const b of body.querySelectorAll("button")) buttons[b.textContent.trim()] = buttons[b.textContent.trim()] || !b.disabled;
  const inputs = [...body.querySelectorAll("input, select, textarea")].filter(e => !e.disabled).map(e => e.id || e.getAttribute("aria-label") || e.tagName);
  const controls = {};
  for (const e of body.querySelectorAll("[id]")) if (/^(INPUT|SELECT)$/.test(e.tagName)) controls[e.id] = !e.disabled;
  const n = f.querySelector(".lock-notice");
  return [f.id.replace(/^widget-/, ""), {buttons, inputs, controls, notice: n ? n.textContent : ""}];
})))`

// scrollToPreparingJS is true once no widget's training session is still
// preparing its models (kit.Session says "step 0 · loading the training
// engine…", "preparing…", "downloading…", "starting the engine again…": its
// buttons are disabled until they are ready); until then it scrolls the
// first status still preparing into the middle of the window, as a reader
// scrolling to it: a widget's engine starts when it comes near the viewport.
const scrollToPreparingJS = `(() => {
  const s = [...document.querySelectorAll(".ll-status")].find(e => /· (loading|preparing|downloading|starting)/.test(e.textContent));
  if (!s) return true;
  s.scrollIntoView({block: "center"});
  return false;
})()`

// settledState waits until every widget's models are ready and then until
// the widgets' buttons and inputs stop changing, and returns their state.
// (Stability alone is not enough on a busy machine: preparing a model can
// take longer than the stability window, and a locked widget's actions were
// then read while still disabled.)
func settledState(t *testing.T, p *Page) map[string]widgetState {
	t.Helper()
	waitAwake(p)
	if !p.TryWaitJS(scrollToPreparingJS, 120*time.Second) {
		t.Logf("a widget still prepares its models after 120 s: reading the state as it stands")
	}
	var last string
	stable := time.Now()
	deadline := time.Now().Add(40 * time.Second)
	for time.Now().Before(deadline) {
		cur := Eval[string](p, widgetStateJS)
		if cur != last {
			last, stable = cur, time.Now()
		} else if time.Since(stable) > 2*time.Second {
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	out := map[string]widgetState{}
	if err := json.Unmarshal([]byte(last), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// Locks, on every widget of every lesson (whole-lesson embeds):
// controls=locked disables every setting and leaves every action that works
// without it; actions=off turns the actions off; lock={id}.{param} disables
// just that setting, and a notice says what the course page fixed.
//
// The lessons are checked in parallel subtests, each in its own tab (as
// many at once as -test.parallel, GOMAXPROCS by default): a check spends
// most of its time in settledState's stability window, the page at rest.
func TestLocksOnEveryWidget(t *testing.T) {
	idx, ls := bundle(t)
	// The group returns once its parallel subtests have ended, so the
	// test's time (shards.txt) is theirs too.
	t.Run("lessons", func(t *testing.T) {
		for _, m := range idx.Lessons {
			var blocks []lesson.Block
			for _, b := range ls[m.Slug].Blocks {
				if b.Kind == lesson.KindWidget {
					blocks = append(blocks, b)
				}
			}
			if len(blocks) == 0 {
				continue
			}
			t.Run(m.Slug, func(t *testing.T) {
				t.Parallel()
				checkLocks(t, m.Slug, blocks)
			})
		}
	})
}

func checkLocks(t *testing.T, slug string, blocks []lesson.Block) {
	p := NewTab(t)
	p.Goto("/embed/" + slug)
	base := settledState(t, p)

	p.Goto("/embed/" + slug + "?controls=locked")
	locked := settledState(t, p)
	p.Screenshot("locks-" + slug + "-locked")

	// One setting control per widget, locked by name.
	var names []string
	lockOf := map[string]string{}
	for _, b := range blocks {
		spec, _ := widget.Lookup(b.Widget)
		for _, prm := range spec.Params {
			if base[b.ID].Controls[b.ID+"-"+prm.Name] {
				lockOf[b.ID] = prm.Name
				names = append(names, b.ID+"."+prm.Name)
				break
			}
		}
	}
	q := url.Values{"actions": {"off"}}
	if len(names) > 0 {
		q.Set("lock", strings.Join(names, ","))
	}
	p.Goto("/embed/" + slug + "?" + q.Encode())
	off := settledState(t, p)
	p.Screenshot("locks-" + slug + "-actions-off")

	checkOtherLocks(t, p, slug, blocks, base, lockOf)

	for _, b := range blocks {
		id := b.ID
		if _, ok := base[id]; !ok {
			t.Errorf("widget %q is not on /embed/%s", id, slug)
			continue
		}
		// controls=locked: no setting can change; every action that works
		// without the lock works with it.
		if in := locked[id].Inputs; len(in) > 0 {
			t.Errorf("%s (controls=locked): enabled inputs %v", id, in)
		}
		for name, on := range base[id].Buttons {
			if on && isAction(name) && !locked[id].Buttons[name] {
				t.Errorf("%s (controls=locked): the %q button is disabled; locked settings must leave actions usable", id, name)
			}
		}
		if !strings.Contains(locked[id].Notice, "fixed by the course page") {
			t.Errorf("%s (controls=locked): no visible reason (lock notice %q)", id, locked[id].Notice)
		}
		// actions=off: every action disabled.
		for name, on := range off[id].Buttons {
			if on && isAction(name) {
				t.Errorf("%s (actions=off): the %q button is enabled", id, name)
			}
		}
		// lock={id}.{param}: that control disabled, the other settings free.
		if prm := lockOf[id]; prm != "" {
			for ctl, on := range base[id].Controls {
				got := off[id].Controls[ctl]
				switch {
				case ctl == id+"-"+prm && got:
					t.Errorf("%s (lock=%s.%s): its control is enabled", id, id, prm)
				case ctl != id+"-"+prm && on && !got && isParamControl(b, ctl):
					t.Errorf("%s (lock=%s.%s): the control %s is disabled too", id, id, prm, ctl)
				}
			}
			if !strings.Contains(off[id].Notice, prm) {
				t.Errorf("%s (lock=%s.%s): the notice %q does not name it", id, id, prm, off[id].Notice)
			}
		} else if why := stateInputs[b.Widget]; len(base[id].Inputs) > 0 && why == "" {
			// Every widget's setting controls follow the kit convention
			// ({id}-{param}), so each can be locked on its own.
			t.Errorf("%s: enabled inputs %v, none with a {id}-{param} id to lock one by one", id, base[id].Inputs)
		} else if why != "" {
			t.Logf("%s: no setting control (%s)", id, why)
		} else {
			t.Logf("%s: no setting control (actions only)", id)
		}
	}
	t.Logf("%s: %d widgets; locked one by one: %s", slug, len(blocks), strings.Join(sortedStrings(names), ", "))
}

// stateInputs are the widgets whose inputs are the exercise itself, not
// settings (parameters), and why: they have no {id}-{param} id to lock.
var stateInputs = map[string]string{
	"penalty-by-hand": "the editable weights and inputs are the exercise; its one setting, seed, has no control",
}

// checkOtherLocks locks, in one more visit, every setting control of every
// widget but the one locked first (lockOf): each of them is disabled, and
// that one stays free.
func checkOtherLocks(t *testing.T, p *Page, slug string, blocks []lesson.Block, base map[string]widgetState, lockOf map[string]string) {
	var names []string
	rest := map[string][]string{}
	for _, b := range blocks {
		spec, _ := widget.Lookup(b.Widget)
		for _, prm := range spec.Params {
			if base[b.ID].Controls[b.ID+"-"+prm.Name] && prm.Name != lockOf[b.ID] {
				names = append(names, b.ID+"."+prm.Name)
				rest[b.ID] = append(rest[b.ID], prm.Name)
			}
		}
	}
	if len(names) == 0 {
		return
	}
	p.Goto("/embed/" + slug + "?" + url.Values{"lock": {strings.Join(names, ",")}}.Encode())
	got := settledState(t, p)
	for _, b := range blocks {
		for _, name := range rest[b.ID] {
			if got[b.ID].Controls[b.ID+"-"+name] {
				t.Errorf("%s (lock=%s.%s): its control is enabled", b.ID, b.ID, name)
			}
		}
		if first := lockOf[b.ID]; first != "" && len(rest[b.ID]) > 0 && !got[b.ID].Controls[b.ID+"-"+first] {
			t.Errorf("%s: locking its other settings disabled %s too", b.ID, first)
		}
	}
	t.Logf("%s: the other settings locked one by one: %s", slug, strings.Join(sortedStrings(names), ", "))
}

func isAction(name string) bool {
	for _, a := range actionNames {
		if a == name {
			return true
		}
	}
	return false
}

// isParamControl reports whether a control id is one of b's parameters.
func isParamControl(b lesson.Block, id string) bool {
	spec, _ := widget.Lookup(b.Widget)
	for _, p := range spec.Params {
		if id == b.ID+"-"+p.Name {
			return true
		}
	}
	return false
}

func sortedStrings(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}
