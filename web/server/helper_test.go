package server

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// Some tests run the server in a child process (the test binary itself,
// see TestMain), to send it a real signal or give it a low open-file limit.
const helperEnv = "LATENTLAB_SERVER_HELPER"

// Helper modes: what the child serves.
const (
	helperSIGTERM = "sigterm" // a 6.4 s download (slowDownload)
	helperFDLimit = "fdlimit" // LATENTLAB_SERVER_DIR, with 100 open files at most
)

// sigtermDownload takes 6.4 s: longer than the 5 s the server used to allow.
const sigtermChunks, sigtermPause = 16, 400 * time.Millisecond

func TestMain(m *testing.M) {
	switch os.Getenv(helperEnv) {
	case "":
		os.Exit(m.Run())
	case helperSIGTERM:
		exitWith(ListenAndServe("127.0.0.1:0", slowDownload(sigtermChunks, sigtermPause), os.Stdout, Options{Grace: 30 * time.Second}))
	case helperFDLimit:
		if err := lowerOpenFileLimit(100); err != nil {
			exitWith(err)
		}
		exitWith(ListenAndServe("127.0.0.1:0", New(Config{Dir: os.Getenv("LATENTLAB_SERVER_DIR")}), os.Stdout, Options{}))
	}
}

func exitWith(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	os.Exit(0)
}

// helper is a server running in a child process.
type helper struct {
	cmd    *exec.Cmd
	url    string // http://127.0.0.1:PORT/
	stderr *bytes.Buffer
}

// startHelper starts the child in mode (env: more variables) and waits for
// its address; the child is killed when the test ends.
func startHelper(t *testing.T, mode string, env ...string) *helper {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(append(os.Environ(), helperEnv+"="+mode), env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	h := &helper{cmd: cmd, stderr: new(bytes.Buffer)}
	cmd.Stderr = h.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := bufio.NewScanner(stdout)
	for lines.Scan() {
		if _, rest, ok := strings.Cut(lines.Text(), "serving at "); ok {
			h.url, _, _ = strings.Cut(rest, " ")
			break
		}
	}
	if h.url == "" {
		t.Fatalf("no address from the server; stderr: %s", h.stderr.String())
	}
	go io.Copy(io.Discard, stdout)
	return h
}
