package e2e_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/chromedp"

	"latentlab/web/e2e"
)

// cpuTicks is the CPU time (user + system, in clock ticks) of the test's
// Chromium by "process type/thread name" (renderer/DedicatedWorker th,
// renderer/CrRendererMain, gpu-process/…), read from /proc: where the
// browser's CPU goes, the page's main thread beside its workers. It is
// empty where /proc is not Linux's.
type cpuTicks map[string]float64

// clockTick is USER_HZ, the unit of /proc/…/stat's utime and stime (100 on
// every Linux this runs on).
const clockTick = 100.0

// browserCPU reads the CPU time of every thread of p's browser and its
// descendants.
func browserCPU(p *e2e.Page) cpuTicks {
	out := cpuTicks{}
	c := chromedp.FromContext(p.Ctx)
	if c == nil || c.Browser == nil || c.Browser.Process() == nil {
		return out
	}
	parent := map[int]int{}
	procs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range procs {
		pid, _ := strconv.Atoi(filepath.Base(d))
		if st := procStat(filepath.Join(d, "stat")); len(st) > 1 {
			parent[pid], _ = strconv.Atoi(st[1])
		}
	}
	root := c.Browser.Process().Pid
	for pid := range parent {
		if !descends(pid, root, parent) {
			continue
		}
		kind := processType(pid)
		tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/[0-9]*", pid))
		for _, t := range tasks {
			st := procStat(filepath.Join(t, "stat"))
			if len(st) < 14 {
				continue
			}
			name, _ := os.ReadFile(filepath.Join(t, "comm"))
			u, _ := strconv.ParseFloat(st[11], 64)
			s, _ := strconv.ParseFloat(st[12], 64)
			out[kind+"/"+strings.TrimSpace(string(name))] += u + s
		}
	}
	return out
}

// procStat returns the fields of a /proc stat file after the command name
// (field 3, the state, is [0]).
func procStat(path string) []string {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return nil
	}
	return strings.Fields(s[i+1:])
}

func descends(pid, root int, parent map[int]int) bool {
	for range 64 {
		if pid == root {
			return true
		}
		pp, ok := parent[pid]
		if !ok || pp <= 1 {
			return false
		}
		pid = pp
	}
	return false
}

// processType is Chromium's --type= of a process ("browser" without one).
func processType(pid int) string {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	// Chromium rewrites a child's command line as one string (setproctitle).
	for _, a := range strings.Fields(strings.ReplaceAll(string(b), "\x00", " ")) {
		if t, ok := strings.CutPrefix(a, "--type="); ok {
			return t
		}
	}
	return "browser"
}

// cpuReport lists the threads that used at least 1 % of a core between a
// and b, over secs seconds, as ms of CPU per second, the busiest first.
func cpuReport(a, b cpuTicks, secs float64) string {
	type row struct {
		name string
		ms   float64
	}
	var rows []row
	total := 0.0
	for k, v := range b {
		ms := (v - a[k]) * 1000 / clockTick / secs
		total += ms
		if ms >= 10 {
			rows = append(rows, row{k, ms})
		}
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].ms > rows[j].ms })
	var w strings.Builder
	fmt.Fprintf(&w, "  browser CPU (/proc, all its processes): %.0f ms per second of wall time; by thread:", total)
	for _, r := range rows {
		fmt.Fprintf(&w, " %s %.0f;", r.name, r.ms)
	}
	return w.String() + "\n"
}

// workerMs is the CPU time, in ms, of the engine workers' threads in c
// (every dedicated worker of the browser: measure while one trains).
func (c cpuTicks) workerMs() float64 {
	ms := 0.0
	for k, v := range c {
		if strings.Contains(k, "/DedicatedWorker") {
			ms += v * 1000 / clockTick
		}
	}
	return ms
}

// mainThread is the page's main-thread time so far, in ms, from the
// renderer's own counters (CDP Performance.getMetrics): every task, and
// of it script, layout and style recalculation.
type mainThread struct{ Task, Script, Layout, Style float64 }

// mainThreadTime reads p's main-thread counters (enabling them once).
func mainThreadTime(p *e2e.Page) mainThread {
	var m mainThread
	err := chromedp.Do(p.Ctx, chromedp.Func(func(ctx2 context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx2, tg, performance.Enable, performance.EnableParams{}); err != nil {
			return err
		}
		r, err := cdp.Call(ctx2, tg, performance.GetMetrics, cdp.Empty{})
		if err != nil {
			return err
		}
		for _, x := range r.Metrics {
			switch x.Name {
			case "TaskDuration":
				m.Task = x.Value * 1000
			case "ScriptDuration":
				m.Script = x.Value * 1000
			case "LayoutDuration":
				m.Layout = x.Value * 1000
			case "RecalcStyleDuration":
				m.Style = x.Value * 1000
			}
		}
		return nil
	}))
	if err != nil {
		p.T.Fatalf("Performance.getMetrics: %v", err)
	}
	return m
}

// per is m − a in ms per second of secs.
func (m mainThread) per(a mainThread, secs float64) mainThread {
	return mainThread{(m.Task - a.Task) / secs, (m.Script - a.Script) / secs, (m.Layout - a.Layout) / secs, (m.Style - a.Style) / secs}
}

func (m mainThread) String() string {
	return fmt.Sprintf("%.0f ms/s busy (script %.0f, layout %.0f, style %.0f)", m.Task, m.Script, m.Layout, m.Style)
}
