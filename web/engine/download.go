package engine

import "latentlab/wasm/protocol"

// Download is how far a file the worker downloads for a request has come:
// Got bytes of Total (0: the server did not say), Done on the last report.
type Download = protocol.ProgressBody

// OnDownload registers fn to be called (on the JS event loop) as the worker
// reports a download's progress (the training digits, a model it fetches);
// call the returned function to unregister.
func (c *Client) OnDownload(fn func(Download)) (cancel func()) {
	c.mu.Lock()
	if c.downloads == nil {
		c.downloads = map[int]func(Download){}
	}
	id := c.nextHook
	c.nextHook++
	c.downloads[id] = fn
	c.mu.Unlock()
	return func() {
		c.mu.Lock()
		delete(c.downloads, id)
		c.mu.Unlock()
	}
}

// OnDownload registers fn for the downloads of m's worker (Client.OnDownload).
func (m *Model) OnDownload(fn func(Download)) (cancel func()) { return m.c.OnDownload(fn) }

// progress passes a worker's progress message to the download hooks; the
// message also shows the worker is alive (the watchdog hears it).
func (c *Client) progress(m protocol.Message) {
	var d Download
	if err := m.DecodeBody(&d); err != nil {
		return
	}
	c.mu.Lock()
	c.heardLocked()
	hooks := make([]func(Download), 0, len(c.downloads))
	for _, h := range c.downloads {
		hooks = append(hooks, h)
	}
	c.mu.Unlock()
	for _, h := range hooks {
		h(d)
	}
}
