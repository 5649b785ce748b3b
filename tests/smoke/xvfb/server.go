// Package xvfb runs a private Xvfb X server for the smoke test and the
// start-up benchmark, and finds, types into and captures windows on it
// with the standard X tools (xdotool, xwd).
package xvfb

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Tools lists the programs this package runs; all come from `make test-deps`.
var Tools = []string{"Xvfb", "xdotool", "xwd"}

// Missing returns the names among tools that are not on PATH.
func Missing(tools ...string) []string {
	var out []string
	for _, t := range tools {
		if _, err := exec.LookPath(t); err != nil {
			out = append(out, t)
		}
	}
	return out
}

// Server is one running Xvfb process and the display it serves.
type Server struct {
	// Display is the X display name, such as ":3".
	Display string

	cmd    *exec.Cmd
	exited chan struct{} // closed once Xvfb has exited and been reaped
	err    error         // Xvfb's exit error, set before exited is closed
}

// Start runs Xvfb with one screen of width x height pixels at 24 bits and no
// TCP listener. Xvfb itself picks a free display number (-displayfd) and
// writes it once it accepts clients, so two servers started at the same
// time never race for a number and no polling is needed.
func Start(ctx context.Context, width, height int) (*Server, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("start xvfb: %w", err)
	}
	defer r.Close()

	screen := fmt.Sprintf("%dx%dx24", width, height)
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", screen,
		"-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		w.Close()
		return nil, fmt.Errorf("start xvfb: %w", err)
	}
	w.Close()

	s := &Server{cmd: cmd, exited: make(chan struct{})}
	go func() {
		s.err = cmd.Wait()
		close(s.exited)
	}()

	num := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		num <- strings.TrimSpace(line)
	}()

	select {
	case n := <-num:
		if _, err := strconv.Atoi(n); err != nil {
			s.Stop()
			return nil, fmt.Errorf("start xvfb: no display number (%q)", n)
		}
		s.Display = ":" + n
		return s, nil
	case <-s.exited:
		return nil, fmt.Errorf("start xvfb: exited early: %v", s.err)
	case <-ctx.Done():
		s.Stop()
		return nil, fmt.Errorf("start xvfb: %w", ctx.Err())
	}
}

// Env returns the current environment with DISPLAY set to this server and
// WAYLAND_DISPLAY removed, followed by extra entries ("KEY=value").
func (s *Server) Env(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "DISPLAY=") || strings.HasPrefix(kv, "WAYLAND_DISPLAY=") {
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "DISPLAY="+s.Display)
	return append(env, extra...)
}

// Stop ends the server with SIGTERM, or SIGKILL after two seconds, and
// waits for it to exit. Stopping a stopped server does nothing.
func (s *Server) Stop() {
	select {
	case <-s.exited:
		return
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(2 * time.Second):
		_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
		<-s.exited
	}
}

// run runs an X tool against this server and returns its standard output.
func (s *Server) run(ctx context.Context, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = s.Env()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		return out, fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, msg)
	}
	return out, nil
}

// ErrNoWindow is returned by WaitWindow when no window of the process has
// the wanted name before the context ends.
var ErrNoWindow = errors.New("no window with that name")
