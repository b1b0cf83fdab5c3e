package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"

	"latentlab/web/e2e"
)

// traceEvent is one Chrome trace event (the fields the long-task report
// reads); ts and dur are in µs.
type traceEvent struct {
	Name string          `json:"name"`
	Cat  string          `json:"cat"`
	Ph   string          `json:"ph"`
	Ts   float64         `json:"ts"`
	Dur  float64         `json:"dur"`
	TDur float64         `json:"tdur"` // thread time: µs on a CPU
	Pid  int             `json:"pid"`
	Tid  int             `json:"tid"`
	ID   json.RawMessage `json:"id"`
	Args json.RawMessage `json:"args"`
}

// startTrace records the browser's timeline (main-thread tasks, script,
// layout, paint, V8's garbage collections) for p until the returned stop
// is called, which returns the events.
func startTrace(p *e2e.Page) (stop func() []traceEvent) {
	var (
		mu     sync.Mutex
		events []traceEvent
		done   = make(chan struct{})
	)
	chromedp.Listen(p.Ctx, func(ev any) {
		switch e := ev.(type) {
		case *tracing.EventDataCollected:
			mu.Lock()
			for _, v := range e.Value {
				var t traceEvent
				if json.Unmarshal([]byte(v), &t) == nil {
					events = append(events, t)
				}
			}
			mu.Unlock()
		case *tracing.EventTracingComplete:
			close(done)
		}
	})
	cats := []string{"devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "v8.execute",
		"disabled-by-default-v8.gc", "blink", "blink.user_timing", "toplevel", "__metadata"}
	p.Do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, tracing.Start, tracing.StartParams{TraceConfig: &tracing.TraceConfig{IncludedCategories: cats}})
		return err
	}))
	return func() []traceEvent {
		p.Do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, tracing.End, cdp.Empty{})
			return err
		}))
		select {
		case <-done:
		case <-time.After(30 * time.Second):
		}
		mu.Lock()
		defer mu.Unlock()
		return events
	}
}

// longTaskReport names what each main-thread task longer than minMs did:
// for every renderer main thread (CrRendererMain), each task over minMs
// with the events inside it that took at least 2 ms, outermost first (a
// function call names its script; a garbage collection, layout or paint
// says so).
func longTaskReport(events []traceEvent, minMs float64, prof *profiler.Profile) string {
	main := map[[2]int]bool{}
	for _, e := range events {
		if e.Ph == "M" && e.Name == "thread_name" && strings.Contains(string(e.Args), "CrRendererMain") {
			main[[2]int{e.Pid, e.Tid}] = true
		}
	}
	byThread := map[[2]int][]traceEvent{}
	for _, e := range events {
		if e.Ph == "X" && main[[2]int{e.Pid, e.Tid}] {
			byThread[[2]int{e.Pid, e.Tid}] = append(byThread[[2]int{e.Pid, e.Tid}], e)
		}
	}
	var w strings.Builder
	for _, evs := range byThread {
		sort.Slice(evs, func(i, j int) bool {
			if evs[i].Ts != evs[j].Ts {
				return evs[i].Ts < evs[j].Ts
			}
			return evs[i].Dur > evs[j].Dur
		})
		end := 0.0 // of the last task reported: tasks nested in it are not
		for i, t := range evs {
			if t.Name != "RunTask" && t.Name != "ThreadControllerImpl::RunTask" || t.Dur < minMs*1000 || t.Ts < end {
				continue
			}
			end = t.Ts + t.Dur
			fmt.Fprintf(&w, "  task of %.1f ms (%s):", t.Dur/1000, t.Name)
			for _, c := range evs[i+1:] {
				if c.Ts >= t.Ts+t.Dur {
					break
				}
				if c.Dur < 2000 || c.Name == t.Name {
					continue
				}
				fmt.Fprintf(&w, " +%.1f %s %.1f ms%s;", (c.Ts-t.Ts)/1000, c.Name, c.Dur/1000, argsNote(c.Args))
			}
			w.WriteString("\n")
			if prof != nil {
				w.WriteString(profileIn(prof, t.Ts, t.Ts+t.Dur))
			}
		}
	}
	return w.String()
}

// argsNote is the part of an event's args worth printing: a function's
// name and script, an event's type.
func argsNote(raw json.RawMessage) string {
	var a struct {
		Data struct {
			FunctionName string `json:"functionName"`
			URL          string `json:"url"`
			Type         string `json:"type"`
		} `json:"data"`
		UsedHeapSizeBefore float64 `json:"usedHeapSizeBefore"`
	}
	if json.Unmarshal(raw, &a) != nil {
		return ""
	}
	var s []string
	for _, v := range []string{a.Data.Type, a.Data.FunctionName, a.Data.URL} {
		if v != "" {
			s = append(s, v)
		}
	}
	if len(s) == 0 {
		return ""
	}
	return " (" + strings.Join(s, " ") + ")"
}

// profileInterval is startProfile's sampling interval in µs.
const profileInterval = 200

// startProfile samples the page's main thread's stacks every 200 µs until
// the returned stop is called. Function names of app.wasm show only in a
// build that keeps its name section (without -ldflags=-s).
func startProfile(p *e2e.Page) (stop func() *profiler.Profile) {
	p.Do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, profiler.Enable, cdp.Empty{}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, tg, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: profileInterval}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, profiler.Start, cdp.Empty{})
		return err
	}))
	return func() *profiler.Profile {
		var prof *profiler.Profile
		p.Do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			r, err := cdp.Call(ctx, tg, profiler.Stop, cdp.Empty{})
			prof = r.Profile
			return err
		}))
		return prof
	}
}

// profileIn lists the functions the samples in [t0, t1] (µs, the trace's
// clock) spent most time in: on top of the stack (self) and anywhere in
// it (total), in ms at the sampling interval.
func profileIn(prof *profiler.Profile, t0, t1 float64) string {
	parent := map[int64]int64{}
	node := map[int64]*profiler.ProfileNode{}
	for _, n := range prof.Nodes {
		node[n.ID] = n
		for _, c := range n.Children {
			parent[c] = n.ID
		}
	}
	self, total := map[string]float64{}, map[string]float64{}
	t := prof.StartTime
	for i, id := range prof.Samples {
		dt := float64(prof.TimeDeltas[i])
		t += dt
		if t < t0 || t > t1 || i+1 >= len(prof.TimeDeltas) {
			continue
		}
		ms := float64(prof.TimeDeltas[i+1]) / 1000
		seen := map[string]bool{}
		for n := id; n != 0; n = parent[n] {
			name := node[n].CallFrame.FunctionName
			if name == "" {
				name = "(anonymous " + node[n].CallFrame.URL + ")"
			}
			if n == id {
				self[name] += ms
			}
			if !seen[name] {
				total[name] += ms
				seen[name] = true
			}
		}
	}
	top := func(m map[string]float64, k int) string {
		type kv struct {
			k string
			v float64
		}
		var l []kv
		for n, v := range m {
			l = append(l, kv{n, v})
		}
		sort.Slice(l, func(i, j int) bool { return l[i].v > l[j].v })
		var b strings.Builder
		for _, x := range l[:min(k, len(l))] {
			fmt.Fprintf(&b, " %s %.1f;", x.k, x.v)
		}
		return b.String()
	}
	return "    self:" + top(self, 8) + "\n    total:" + top(total, 25) + "\n"
}

// span is one User Timing measure in the trace's clock (µs).
type span struct {
	name   string
	t0, t1 float64
}

// measureSpans are the User Timing measures (performance.measure, the
// trace's blink.user_timing events) whose name starts with prefix, in
// order of their start.
func measureSpans(events []traceEvent, prefix string) []span {
	var spans []span
	open := map[string]float64{}
	for _, e := range events {
		if e.Cat != "blink.user_timing" || !strings.HasPrefix(e.Name, prefix) {
			continue
		}
		key := e.Name + string(e.ID)
		switch e.Ph {
		case "X":
			spans = append(spans, span{e.Name, e.Ts, e.Ts + e.Dur})
		case "b":
			open[key] = e.Ts
		case "e":
			if t0, ok := open[key]; ok {
				spans = append(spans, span{e.Name, t0, e.Ts})
				delete(open, key)
			}
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].t0 < spans[j].t0 })
	return spans
}

// measureReport profiles the measures of spans that took at least minMs:
// each one's name, rank among the measures of that name, duration, and
// the functions the profile's samples inside it spent most time in
// (profileIn).
func measureReport(spans []span, minMs float64, prof *profiler.Profile) string {
	var w strings.Builder
	rank := map[string]int{}
	for _, s := range spans {
		rank[s.name]++
		if (s.t1-s.t0)/1000 < minMs {
			continue
		}
		fmt.Fprintf(&w, "  %s #%d: %.1f ms\n", s.name, rank[s.name], (s.t1-s.t0)/1000)
		if prof != nil {
			w.WriteString(profileIn(prof, s.t0, s.t1))
		}
	}
	return w.String()
}

// cpuMs estimates the time on a CPU of each measure of spans named name,
// in order: its duration times the share of wall time that the innermost
// main-thread event around it (the animation-frame or message callback it
// ran in) spent on a CPU (the trace's thread time, tdur). On a machine
// shared by other work the renderer is sometimes taken off its core in
// the middle of a redraw; this leaves that time out.
func cpuMs(events []traceEvent, spans []span, name string) []float64 {
	var ms []float64
	for _, s := range spans {
		if s.name != name {
			continue
		}
		var in *traceEvent
		for i := range events {
			e := &events[i]
			if e.Ph == "X" && e.TDur > 0 && e.Ts <= s.t0 && e.Ts+e.Dur >= s.t1 && (in == nil || e.Dur < in.Dur) {
				in = e
			}
		}
		share := 1.0
		if in != nil {
			share = min(1, in.TDur/in.Dur)
		}
		ms = append(ms, (s.t1-s.t0)/1000*share)
	}
	return ms
}
