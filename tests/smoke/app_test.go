package smoke

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"tiepsuc/internal/firstframe"
)

// binEnv names a prebuilt app binary to test instead of building one.
const binEnv = "TIEPSUC_SMOKE_BIN"

var (
	buildOnce sync.Once
	buildBin  string
	buildErr  error
	buildDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		_ = os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// appBinary builds the desk app once per test run with the same go command
// and flags as the tests, or returns $TIEPSUC_SMOKE_BIN when set.
func appBinary(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv(binEnv); bin != "" {
		return bin
	}
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "tiepsuc-smoke-")
		if buildErr != nil {
			return
		}
		buildBin = filepath.Join(buildDir, "tiepsuc")
		cmd := exec.Command("go", "build", "-o", buildBin, "tiepsuc")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
		var out []byte
		out, buildErr = cmd.CombinedOutput()
		if buildErr != nil {
			buildErr = errors.New("go build tiepsuc: " + buildErr.Error() + "\n" + string(out))
		}
	})
	require.NoError(t, buildErr)
	return buildBin
}

// appProcess is one running desk app and what it has printed.
type appProcess struct {
	cmd        *exec.Cmd
	firstFrame chan struct{} // closed when the app prints firstframe.Line
	stderr     *lockedBuffer
	exited     chan struct{} // closed once the process has been reaped
	waitErr    error
}

// startApp starts bin with args and env in its own process group, and stops
// it at the end of the test if it still runs.
func startApp(t *testing.T, bin string, env []string, args ...string) *appProcess {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	p := &appProcess{
		cmd:        cmd,
		firstFrame: make(chan struct{}),
		stderr:     &lockedBuffer{},
		exited:     make(chan struct{}),
	}
	cmd.Stderr = p.stderr
	require.NoError(t, cmd.Start())

	scanned := make(chan struct{})
	go func() {
		defer close(scanned)
		sc := bufio.NewScanner(stdout)
		seen := false
		for sc.Scan() {
			if sc.Text() == firstframe.Line && !seen {
				seen = true
				close(p.firstFrame)
			}
		}
	}()
	go func() {
		<-scanned
		p.waitErr = cmd.Wait()
		close(p.exited)
	}()

	t.Cleanup(func() {
		select {
		case <-p.exited:
		default:
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-p.exited
		}
		if t.Failed() {
			t.Logf("app stderr:\n%s", p.stderr.String())
		}
	})
	return p
}

// waitExit waits up to limit for the app to exit and returns its exit code,
// or -1 and false when it is still running.
func (p *appProcess) waitExit(limit time.Duration) (int, bool) {
	select {
	case <-p.exited:
		return p.cmd.ProcessState.ExitCode(), true
	case <-time.After(limit):
		return -1, false
	}
}

// waitFirstFrame waits until the app reports its first frame or ctx ends.
func (p *appProcess) waitFirstFrame(ctx context.Context) error {
	select {
	case <-p.firstFrame:
		return nil
	case <-p.exited:
		return errors.New("app exited before its first frame: " + p.waitErrText())
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (p *appProcess) waitErrText() string {
	if p.waitErr == nil {
		return "exit code 0"
	}
	return p.waitErr.Error()
}

// lockedBuffer collects a child's output safely across goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// envWithout returns the environment without the named variables, plus extra.
func envWithout(names []string, extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		drop := false
		for _, n := range names {
			drop = drop || name == n
		}
		if !drop {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}
