package kit

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"latentlab/core/modelfile"
	"latentlab/web/engine"
)

// This file is how a Session survives an engine that stops (it crashed, or
// the watchdog in web/engine found it silent): while training runs the
// session keeps a model file of each model every keepEvery; when the
// engine stops, the bar's Reset starts a fresh engine from those files
// instead of building new models, and training resumes where they were
// kept.

// keepEvery is how often a training session keeps its models' weights, and
// keepShare the largest share of the engine's time that keeping may take
// (saving R1's model takes ~30 ms of the worker on a quiet machine, several
// times that on a loaded one: then the weights are kept less often). Every
// 10 s it is ~0.3 % of the worker's time (0.6 % every 5 s took from the
// lesson page's training speed, web/e2e BenchmarkLessonSteps); an engine
// that stops loses at most those seconds of training.
const (
	keepEvery = 10 * time.Second
	keepShare = 0.01
)

// kept is the last good weights of a session's models.
type kept struct {
	files [][]byte      // one model file per model (nil until all are kept)
	data  []engine.Data // the data each model trains on
	step  int           // the step the files were saved at (-1: not read yet; see Step)
	pace  Share         // when to save again (keepEvery, keepShare; busy while a save is in flight)
	life  int           // bumped when the models begin a new life: saves of older ones are dropped
}

// Step returns the step the kept files were saved at, read from the first
// file's header the first time it is needed (the engine stopped): reading
// it at every save cost the page's main thread tens of ms every keepEvery
// while training ran (a long task on a loaded machine).
func (k *kept) Step() int {
	if k.step < 0 && len(k.files) > 0 {
		k.step = 0
		if sum, err := modelfile.ReadSummary(k.files[0]); err == nil {
			k.step = sum.Step
		}
	}
	return max(k.step, 0)
}

// forget drops the kept weights (the models begin a new life).
func (k *kept) forget() {
	k.files, k.data, k.step = nil, nil, 0
	k.pace = Share{Every: keepEvery, Fraction: keepShare}
	k.life++
}

// watchEngine registers the session for the engine's stop (once).
func (s *Session) watchEngine() {
	if s.unwatch != nil || len(s.Models) == 0 {
		return
	}
	stop := s.Models[0].OnStop(func(err error) { s.deliver(func() { s.engineStopped(err) }) })
	downloads := s.Models[0].OnDownload(func(d engine.Download) { s.deliver(func() { s.downloading(d) }) })
	s.unwatch = func() { stop(); downloads() }
}

// downloading shows, while the session waits for the engine (its models
// being prepared or a chunk in flight: the first one fetches the training
// digits), how much of the file the worker downloads has arrived.
func (s *Session) downloading(d engine.Download) {
	waiting := (!s.IsReady() && !s.failed) || s.Driver.Busy()
	if d.Done || !waiting || s.stopped {
		return
	}
	s.Say(fmt.Sprintf("step %d · downloading %s… %s", s.Step(), downloadName(d.Path), downloadedMB(d)))
}

// downloadedMB says how much of a download has come, in the bytes that
// cross the network: a compressed file's share of its size on the wire
// (the worker counts unpacked bytes).
func downloadedMB(d engine.Download) string {
	mb := func(n int64) float64 { return float64(n) / 1e6 }
	switch {
	case d.Sent > 0 && d.Total > 0:
		return fmt.Sprintf("%.1f of %.1f MB", mb(d.Sent)*min(1, float64(d.Got)/float64(d.Total)), mb(d.Sent))
	case d.Total > 0:
		return fmt.Sprintf("%.1f of %.1f MB", mb(d.Got), mb(d.Total))
	}
	return fmt.Sprintf("%.1f MB", mb(d.Got))
}

// downloadName names a file the engine downloads for a student.
func downloadName(path string) string {
	switch {
	case strings.HasSuffix(path, "-train.bin"):
		return "the training digits"
	case strings.HasSuffix(path, "-test.bin"):
		return "the held-out digits"
	case strings.Contains(path, "/models/"):
		return "the pretrained model"
	}
	return "data"
}

// unwatchEngine undoes watchEngine (Close).
func (s *Session) unwatchEngine() {
	if s.unwatch != nil {
		s.unwatch()
		s.unwatch = nil
	}
}

// keep saves every model's weights if the last were kept more than
// keepEvery ago (after a chunk, while training runs).
func (s *Session) keep() {
	k := &s.kept
	if k.pace.Every == 0 {
		k.pace = Share{Every: keepEvery, Fraction: keepShare}
	}
	now := time.Now()
	if !s.IsReady() || !k.pace.Due(now) {
		return
	}
	k.pace.Begin(now)
	life, files, left := k.life, make([][]byte, len(s.Models)), len(s.Models)
	var cost time.Duration
	data := make([]engine.Data, len(s.Models))
	for i, m := range s.Models {
		data[i] = s.infos[i].Data
		m.Save(map[string]string{"kept": "engine watchdog"}, func(b []byte, err error) {
			if life != k.life || files == nil {
				return
			}
			if err != nil {
				k.pace.Failed() // try again after keepEvery
				files = nil
				return
			}
			files[i] = b
			cost += m.Cost()
			if left--; left == 0 {
				k.files, k.data, k.step = files, data, -1
				k.pace.Done(cost)
			}
		})
	}
}

// canRestore reports whether Reset can start from kept weights.
func (s *Session) canRestore() bool {
	return s.stopped && len(s.kept.files) == len(s.Models) && len(s.Models) > 0
}

// stoppedMessage is the alert when the engine stopped, in a student's words.
func (s *Session) stoppedMessage() string {
	msg := "The training engine in this tab stopped working"
	switch {
	case errors.Is(s.stopErr, engine.ErrNotLoaded):
		return "The training engine did not load (the connection may have dropped). Press Reset to try again."
	case errors.Is(s.stopErr, engine.ErrSilent):
		msg = "The training engine in this tab stopped answering"
	}
	if s.canRestore() {
		return fmt.Sprintf("%s. Press Reset to start it again from the weights kept at step %d.", msg, s.kept.Step())
	}
	return msg + ". Press Reset to start it again (training starts over)."
}

// engineStopped takes the engine's stop: training stops, the status says
// so without a stale rate, and the alert says what Reset will do.
func (s *Session) engineStopped(err error) {
	if s.stopped {
		return
	}
	s.stopped, s.stopErr, s.pausing = true, err, false
	s.Driver.Abandon()
	s.Driver.Fail(s.Driver.Gen(), "the engine stopped")
	s.pace.Release()
	s.alert = s.stoppedMessage()
	state := "the engine stopped"
	if errors.Is(err, engine.ErrNotLoaded) {
		state = "the engine did not load"
	}
	s.status, s.said = fmt.Sprintf("step %d · %s", s.Step(), state), true
}

// restore starts a fresh engine with the kept weights (Start, after the
// engine stopped): each model is loaded from its kept file and trains on
// the same data, from the step it was kept at.
func (s *Session) restore(ctx app.Context) {
	k := s.kept
	s.Say(fmt.Sprintf("step %d · starting the engine again from the kept weights…", s.kept.Step()))
	for i, m := range s.Models {
		m.Load(engine.Source{File: k.files[i], Data: &k.data[i]}, func(info engine.Info, err error) {
			s.setUp(ctx, i, info, err)
		})
	}
}

// capitalized returns s with its first letter in upper case.
func capitalized(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
