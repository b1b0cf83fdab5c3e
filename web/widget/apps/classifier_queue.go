package apps

import (
	"time"

	"latentlab/web/engine"
)

// fitQueue keeps at most one classify request per representation in flight:
// a request asked for while that representation's previous one is still
// out waits and is sent when it returns (only the newest waits), so a
// training VAE never piles requests up in the worker.
type fitQueue struct {
	done    func(row int, acc []float64, step int, err error)
	at      time.Time // when the last request was sent
	out     map[int]bool
	waiting map[int]func()
	gen     int // replies to requests of an older generation are not shown
}

// renew drops what the requests in flight will measure (the settings
// changed).
func (q *fitQueue) renew() { q.gen++ }

// forget frees row after its model started a new life: a reply to the old
// one never comes back.
func (q *fitQueue) forget(row int) {
	if q.out != nil {
		q.out[row] = false
		delete(q.waiting, row)
	}
}

// ask sends classify request c for representation row to model m, tagged
// with step, or queues it behind the one in flight.
func (q *fitQueue) ask(m *engine.Model, row int, c engine.Classifier, step int) {
	if q.out == nil {
		q.out, q.waiting = map[int]bool{}, map[int]func(){}
	}
	gen := q.gen
	send := func() {
		q.out[row], q.at = true, time.Now()
		m.Classify(c, func(a engine.Accuracies, err error) {
			q.out[row] = false
			if gen == q.gen {
				q.done(row, a.Accuracy, step, err)
			}
			if next := q.waiting[row]; next != nil {
				delete(q.waiting, row)
				next()
			}
		})
	}
	if q.out[row] {
		q.waiting[row] = send
		return
	}
	send()
}
