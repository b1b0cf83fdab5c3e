package engine

import (
	"testing"

	"latentlab/wasm/protocol"
)

// TestDownloadProgress: the worker's progress messages (seq 0) reach the
// download hooks, not any request's callback; a cancelled hook hears no more.
func TestDownloadProgress(t *testing.T) {
	c, ts := newQueued()
	var got []Download
	cancel := c.OnDownload(func(d Download) { got = append(got, d) })
	replies := 0
	c.Do("", 0, protocol.Train, nil, nil, func(protocol.Message, []float32) { replies++ })
	progress := func(got, total int64, done bool) {
		m := protocol.MustNew(protocol.Progress, &protocol.ProgressBody{Path: "/web/data/mnist-train.bin", Got: got, Total: total, Done: done})
		c.receive(m, nil)
	}
	progress(100, 1000, false)
	progress(1000, 1000, true)
	if len(got) != 2 || got[0].Got != 100 || got[0].Total != 1000 || got[0].Path != "/web/data/mnist-train.bin" || !got[1].Done {
		t.Errorf("downloads heard: %+v", got)
	}
	if replies != 0 {
		t.Errorf("a progress message answered the pending request (%d replies)", replies)
	}
	r, _ := (*ts)[0].sent[0].Reply(nil)
	c.receive(r, nil)
	if replies != 1 {
		t.Errorf("%d replies after the real one", replies)
	}
	cancel()
	progress(5, 0, false)
	if len(got) != 2 {
		t.Errorf("a cancelled hook heard %+v", got[2:])
	}
}
