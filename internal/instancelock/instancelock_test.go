package instancelock

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/tests/windows/winetest"
)

// helperEnv, when set, makes the test binary a helper process that holds
// the lock of the folder it names (see holdLock).
const helperEnv = "TIEPSUC_LOCK_HELPER_DIR"

// heldCode is the helper's exit code when the folder is already locked.
const heldCode = 3

func TestMain(m *testing.M) {
	if dir := os.Getenv(helperEnv); dir != "" {
		os.Exit(holdLock(dir))
	}
	os.Exit(m.Run())
}

// holdLock takes the lock on dir, prints "locked" and keeps it until its
// standard input closes; when another process has it, it prints "held" and
// exits with heldCode.
func holdLock(dir string) int {
	l, err := Acquire(dir)
	if errors.Is(err, ErrHeld) {
		fmt.Println("held")
		return heldCode
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("locked")
	_, _ = io.Copy(io.Discard, os.Stdin)
	if err := l.Release(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// helper is a running helper process.
type helper struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	said  string // the first line it printed
}

// startHelper starts a helper process on dir and waits for its first line.
func startHelper(t *testing.T, dir string) *helper {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+dir)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = stdin.Close()
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})

	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(stdout).ReadString('\n')
		line <- strings.TrimSpace(s)
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case s := <-line:
		return &helper{cmd: cmd, stdin: stdin, said: s}
	case <-time.After(30 * time.Second):
		t.Fatal("the helper process said nothing in 30 s")
		return nil
	}
}

// exitCode waits for the helper to exit and returns its exit code.
func (h *helper) exitCode(t *testing.T) int {
	t.Helper()
	_ = h.stdin.Close()
	err := h.cmd.Wait()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("wait for helper: %v", err)
	}
	return h.cmd.ProcessState.ExitCode()
}

func TestSecondProcessIsRefused(t *testing.T) {
	dir := filepath.Join(winetest.TempDir(t), "desk")

	first := startHelper(t, dir)
	require.Equal(t, "locked", first.said, "the first copy must get the folder")

	_, err := Acquire(dir)
	require.ErrorIs(t, err, ErrHeld, "this process while the first copy runs")
	second := startHelper(t, dir)
	assert.Equal(t, "held", second.said, "a second process while the first runs")
	assert.Equal(t, heldCode, second.exitCode(t))

	assert.Equal(t, 0, first.exitCode(t), "the first copy exits cleanly")
	l, err := Acquire(dir)
	require.NoError(t, err, "the folder is free once the first copy has exited")

	third := startHelper(t, dir)
	assert.Equal(t, "held", third.said, "another process while this one holds it")
	assert.Equal(t, heldCode, third.exitCode(t))

	require.NoError(t, l.Release())
	fourth := startHelper(t, dir)
	assert.Equal(t, "locked", fourth.said, "a process after this one released it")
	assert.Equal(t, 0, fourth.exitCode(t))
}

func TestKilledHolderFreesFolder(t *testing.T) {
	dir := winetest.TempDir(t)
	h := startHelper(t, dir)
	require.Equal(t, "locked", h.said)

	require.NoError(t, h.cmd.Process.Kill())
	_ = h.cmd.Wait()

	// The crashed copy left its lock file behind, but not its lock.
	assert.FileExists(t, filepath.Join(dir, FileName))
	l, err := Acquire(dir)
	require.NoError(t, err, "a killed copy must not keep the folder locked")
	require.NoError(t, l.Release())
}

func TestSameProcessTwice(t *testing.T) {
	dir := winetest.TempDir(t)
	l, err := Acquire(dir)
	require.NoError(t, err)

	_, err = Acquire(dir)
	require.ErrorIs(t, err, ErrHeld, "a second window in the same process")
	assert.Contains(t, err.Error(), filepath.Join(dir, FileName), "the error names the file")

	require.NoError(t, l.Release())
	require.NoError(t, l.Release(), "a second release does nothing")
	var none *Lock
	require.NoError(t, none.Release())

	again, err := Acquire(dir)
	require.NoError(t, err, "the folder is free after Release")
	require.NoError(t, again.Release())
}

func TestVietnameseFolderName(t *testing.T) {
	dir := filepath.Join(winetest.TempDir(t), "Dữ liệu Tiếp Sức", "Bàn số 2")
	l, err := Acquire(dir)
	require.NoError(t, err, "the folder is created and locked")
	defer l.Release()

	entries, err := os.ReadDir(filepath.Dir(dir))
	require.NoError(t, err)
	require.Len(t, entries, 1)
	assert.Equal(t, "Bàn số 2", entries[0].Name(), "the folder keeps its Vietnamese name")
	assert.FileExists(t, filepath.Join(dir, FileName))

	_, err = Acquire(dir)
	assert.ErrorIs(t, err, ErrHeld)
}

func TestUnusableFolderIsNotInUse(t *testing.T) {
	file := filepath.Join(winetest.TempDir(t), "not-a-folder")
	require.NoError(t, os.WriteFile(file, []byte("x"), 0o600))

	_, err := Acquire(file)
	require.Error(t, err, "a data folder that is a file cannot be locked")
	assert.NotErrorIs(t, err, ErrHeld,
		"a folder that cannot be used must not be reported as in use")
}

// BenchmarkAcquireRelease measures what the lock adds to every start of
// the app.
func BenchmarkAcquireRelease(b *testing.B) {
	dir := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		l, err := Acquire(dir)
		if err != nil {
			b.Fatal(err)
		}
		if err := l.Release(); err != nil {
			b.Fatal(err)
		}
	}
}
