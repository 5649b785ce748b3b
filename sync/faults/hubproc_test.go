package faults_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// binDir holds the hub binary built once for this test run.
var binDir string

// hubBinary builds cmd/hub once and returns its path.
var hubBinary = sync.OnceValues(func() (string, error) {
	path := filepath.Join(binDir, "hub")
	cmd := exec.Command("go", "build", "-o", path, "tiepsuc/cmd/hub")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build hub: %w\n%s", err, out)
	}
	return path, nil
})

// hubProc is the real hub binary serving on 127.0.0.1.
type hubProc struct {
	bin, dsn, data, addr string
	URL, Fingerprint     string

	cmd  *exec.Cmd
	logs *bytes.Buffer
}

// startHubProc builds the hub if needed and starts it on a free port, with
// its SQLite database and certificate in a fresh folder.
func startHubProc(t *testing.T) *hubProc {
	t.Helper()
	bin, err := hubBinary()
	require.NoError(t, err)
	dir := t.TempDir()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	h := &hubProc{bin: bin, dsn: "sqlite://" + filepath.Join(dir, "hub.db"),
		data: filepath.Join(dir, "data"), addr: addr}
	h.start(t)
	t.Cleanup(func() { h.kill() })
	return h
}

// start runs `hub serve` and waits until it says where it listens.
func (h *hubProc) start(t *testing.T) {
	t.Helper()
	h.cmd = exec.Command(h.bin, "serve", "--db", h.dsn, "--data", h.data, "--addr", h.addr)
	h.logs = &bytes.Buffer{}
	h.cmd.Stderr = h.logs
	out, err := h.cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, h.cmd.Start())

	fp := regexp.MustCompile(`fingerprint: ([0-9A-F:]{95})`)
	ready := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			if m := fp.FindStringSubmatch(line); m != nil {
				h.Fingerprint = m[1]
			}
			if strings.Contains(line, "listening on https://") {
				h.URL = "https://" + h.addr
			}
			if h.URL != "" && h.Fingerprint != "" {
				ready <- nil
				_, _ = io.Copy(io.Discard, out)
				return
			}
		}
		ready <- fmt.Errorf("hub ended before it listened: %s", h.logs.String())
	}()
	select {
	case err := <-ready:
		require.NoError(t, err)
	case <-time.After(30 * time.Second):
		h.kill()
		require.FailNow(t, "hub did not start", h.logs.String())
	}
}

// kill stops the hub at once, as a power cut would (SIGKILL).
func (h *hubProc) kill() {
	if h.cmd == nil || h.cmd.Process == nil {
		return
	}
	_ = h.cmd.Process.Kill()
	_ = h.cmd.Wait()
	h.cmd = nil
}

// restart starts the hub again on the same database, folder and port.
func (h *hubProc) restart(t *testing.T) {
	t.Helper()
	fp := h.Fingerprint
	h.URL, h.Fingerprint = "", ""
	h.start(t)
	require.Equal(t, fp, h.Fingerprint, "the same certificate after a restart")
}

// newCode adds a desk of commune with `hub desk add` and returns its code.
func (h *hubProc) newCode(t *testing.T, commune, name string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, h.bin, "desk", "add", "--db", h.dsn, "--data",
		h.data, "--commune", commune, "--name", name).CombinedOutput()
	require.NoError(t, err, string(out))
	m := regexp.MustCompile(`enrolment code: ([A-Z0-9]{5}-[A-Z0-9]{5})`).FindSubmatch(out)
	require.NotNil(t, m, string(out))
	return string(m[1])
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "tiepsuc-faults-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
