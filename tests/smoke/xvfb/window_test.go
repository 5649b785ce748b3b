package xvfb

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTypeLinesReachesTheWindow types into xev's window and reads back, from
// what xev prints, the keys it was given: each line's letters, then Return.
func TestTypeLinesReachesTheWindow(t *testing.T) {
	if os.Getenv("TIEPSUC_SKIP_SMOKE") == "1" {
		t.Skip("TIEPSUC_SKIP_SMOKE=1: not starting Xvfb")
	}
	if missing := Missing(append(Tools, "xev")...); len(missing) > 0 {
		t.Fatalf("missing %v: run `make test-deps` (or set TIEPSUC_SKIP_SMOKE=1)", missing)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv, err := Start(ctx, 640, 480)
	require.NoError(t, err)
	defer srv.Stop()

	xev := exec.CommandContext(ctx, "xev", "-event", "keyboard", "-name", "keys")
	xev.Env = srv.Env()
	var out syncBuffer
	xev.Stdout = &out
	require.NoError(t, xev.Start())
	defer func() {
		_ = xev.Process.Kill()
		_ = xev.Wait()
	}()
	// xev does not say its process id on its window, so it is found by name.
	ids, err := srv.run(ctx, "xdotool", "search", "--sync", "--onlyvisible", "--name", "^keys$")
	require.NoError(t, err)
	require.NotEmpty(t, strings.Fields(string(ids)), "xev's window")
	id := strings.Fields(string(ids))[0]

	require.NoError(t, srv.TypeLines(ctx, id, "Lan", "58"))
	want := []string{"(keysym 0x4c, L)", "(keysym 0x61, a)", "(keysym 0x6e, n)",
		"(keysym 0xff0d, Return)", "(keysym 0x35, 5)", "(keysym 0x38, 8)",
		"(keysym 0xff0d, Return)"}
	var got []string
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if got = pressed(out.String()); len(got) >= len(want) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	assert.Equal(t, want, got, "keys the window received, in order")
}

// pressed returns the keysyms of the KeyPress events in xev's output, such
// as "(keysym 0x61, a)", leaving out the Shift that types a capital.
func pressed(out string) []string {
	var keys []string
	for _, event := range strings.Split(out, "\n\n") {
		if !strings.HasPrefix(event, "KeyPress event") {
			continue
		}
		i := strings.Index(event, "(keysym ")
		if i < 0 {
			continue
		}
		key := event[i : i+strings.Index(event[i:], ")")+1]
		if !strings.Contains(key, "Shift") {
			keys = append(keys, key)
		}
	}
	return keys
}

// syncBuffer collects a child's output safely across goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
