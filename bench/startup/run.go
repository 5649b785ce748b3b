package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	"tiepsuc/internal/firstframe"
)

// program is one binary under test and how to start it.
type program struct {
	name string
	bin  string
	// args returns the command line of one start; the app gets a fresh data
	// folder each time.
	args func() ([]string, error)
}

// settle is how long a program runs after its first frame before it is
// asked to quit. Fyne installs its SIGTERM handler from a goroutine started
// by Run, so a signal sent at once could find the default handler still in
// place and kill the program instead of letting it quit.
const settle = 250 * time.Millisecond

// startOnce starts p with env and measures the time from exec to the line
// firstframe.Line on its standard output. It then asks p to quit and reaps
// it; a program that does not quit cleanly is a warning, not a lost sample.
func startOnce(ctx context.Context, p program, env []string, limit time.Duration) (
	took time.Duration, warning string, err error) {
	args, err := p.args()
	if err != nil {
		return 0, "", err
	}
	cmd := exec.Command(p.bin, args...)
	cmd.Env = env
	stderr := &tail{max: 2048}
	cmd.Stderr = stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return 0, "", fmt.Errorf("start %s: %w", p.name, err)
	}

	begin := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, "", fmt.Errorf("start %s: %w", p.name, err)
	}
	seen := make(chan time.Duration, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if sc.Text() == firstframe.Line {
				seen <- time.Since(begin)
				break
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
		close(seen)
	}()

	select {
	case d, ok := <-seen:
		if !ok {
			err = fmt.Errorf("%s exited without a first frame", p.name)
		}
		took = d
	case <-time.After(limit):
		err = fmt.Errorf("%s: no first frame within %v", p.name, limit)
	case <-ctx.Done():
		err = ctx.Err()
	}
	if err == nil {
		time.Sleep(settle)
	}
	if w := stop(cmd); w != "" {
		warning = fmt.Sprintf("%s: %s; last output: %s", p.name, w, stderr.String())
	}
	if err != nil {
		err = fmt.Errorf("%w; last output: %s", err, stderr.String())
	}
	return took, warning, err
}

// stop asks cmd's process group to quit with SIGTERM, kills it after five
// seconds, reaps it, and says what went wrong, if anything.
func stop(cmd *exec.Cmd) string {
	pgid := -cmd.Process.Pid
	_ = syscall.Kill(pgid, syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			return "quit with " + err.Error()
		}
		return ""
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(pgid, syscall.SIGKILL)
		<-done
		return "ignored SIGTERM for 5 s and was killed"
	}
}

// tail keeps the last max bytes written to it.
type tail struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = t.buf[over:]
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.TrimSpace(string(t.buf))
}

// build compiles pkg into dir with the go command on PATH, the same for
// every program, and returns the binary's path.
func build(ctx context.Context, pkg, dir, name string) (string, error) {
	bin := dir + "/" + name
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, pkg)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build %s: %w\n%s", pkg, err, out)
	}
	return bin, nil
}
