//go:build !(js && wasm)

package quiz

import "sync"

// Outside the browser (the server's prerendering and native tests) progress
// lives in memory, under the same encoding as in localStorage.
var (
	memMu    sync.Mutex
	memStore []byte
)

// LoadProgress reads the stored progress; see the js/wasm version.
func LoadProgress() (*Progress, string) {
	memMu.Lock()
	b := memStore
	memMu.Unlock()
	p, notice := DecodeProgress(b)
	if notice != "" {
		_ = ResetProgress()
	}
	return p, notice
}

// SaveProgress stores p.
func SaveProgress(p *Progress) error {
	memMu.Lock()
	defer memMu.Unlock()
	memStore = p.Encode()
	return nil
}

// ResetProgress removes every stored quiz result.
func ResetProgress() error {
	memMu.Lock()
	defer memMu.Unlock()
	memStore = nil
	return nil
}

// setStoredForTest puts raw bytes in the store (tests of corrupt data).
func setStoredForTest(b []byte) {
	memMu.Lock()
	defer memMu.Unlock()
	memStore = b
}
