package worker

import (
	"time"

	"latentlab/core/analysis"
	"latentlab/core/infer"
)

// yieldPeriod is how long a request computes before it lets the worker's
// event loop run. The page's watchdog declares a worker that answers no
// ping for 8 s stopped, and on a loaded machine a held-out evaluation, the
// scores of 2,000 digits or a classifier fit on 1,000 digits' pixels takes
// seconds (wasm/worker/yield_test.go times them).
const yieldPeriod = 250 * time.Millisecond

// yieldEvery returns a function that, called often during a long
// computation, calls pause at most once per period. In the Web Worker
// pause sleeps: the Go program then waits, the event loop runs (the shim
// answers the watchdog's pings; requests that arrive are queued by
// wasm/engine), and the computation goes on.
func yieldEvery(period time.Duration, pause func()) func() {
	last := time.Now()
	return func() {
		if time.Since(last) >= period {
			pause()
			last = time.Now()
		}
	}
}

// sleepBriefly is the pause of a request in the Web Worker: a millisecond's
// sleep returns to the JS event loop.
func sleepBriefly() { time.Sleep(time.Millisecond) }

// blockRows is how many points a request handles between two yields.
const blockRows = 64

// inBlocks calls f on the consecutive blocks [lo, hi) of n rows, of at
// most blockRows each, and w.yield after each but the last.
func (w *Worker) inBlocks(n int, f func(lo, hi int) error) error {
	for lo := 0; lo < n; lo += blockRows {
		if lo > 0 {
			w.yield()
		}
		if err := f(lo, min(lo+blockRows, n)); err != nil {
			return err
		}
	}
	return nil
}

// rowwise maps the rows of x (width in) through f block by block,
// yielding between blocks, and joins the outputs: f(x) for a map that
// treats each row on its own.
func (w *Worker) rowwise(x []float32, in int, f func(block []float32) ([]float32, error)) ([]float32, error) {
	if len(x) == 0 || len(x)%in != 0 {
		return f(x) // its error names the sizes
	}
	var out []float32
	err := w.inBlocks(len(x)/in, func(lo, hi int) error {
		o, err := f(x[lo*in : hi*in])
		out = append(out, o...)
		return err
	})
	return out, err
}

// encodeRows is analysis.Encode block by block, yielding between blocks.
func (w *Worker) encodeRows(net *infer.Network, x []float32) (mu, sigma []float32, err error) {
	if len(x) == 0 || len(x)%net.Input != 0 {
		return analysis.Encode(net, x) // its error names the sizes
	}
	err = w.inBlocks(len(x)/net.Input, func(lo, hi int) error {
		m, s, err := analysis.Encode(net, x[lo*net.Input:hi*net.Input])
		mu, sigma = append(mu, m...), append(sigma, s...)
		return err
	})
	return mu, sigma, err
}

// reconstructRows is analysis.Reconstruct block by block, yielding between
// blocks.
func (w *Worker) reconstructRows(net *infer.Network, x []float32) ([]float32, error) {
	return w.rowwise(x, net.Input, func(b []float32) ([]float32, error) { return analysis.Reconstruct(net, b) })
}
