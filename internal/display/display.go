// Package display tells, before any window is made, whether there is a
// screen to show it on, so a desk without one gets a plain message instead
// of a crash deep inside the graphics library.
package display

import (
	"errors"
	"fmt"
	"net"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// ErrNone says there is no display at all: neither DISPLAY nor
// WAYLAND_DISPLAY is set.
var ErrNone = errors.New("no display")

// Check returns nil when a window can be opened: always on Windows and
// macOS; on Linux when Wayland is set, or when the X server named by
// DISPLAY answers.
func Check() error {
	if runtime.GOOS != "linux" {
		return nil
	}
	if os.Getenv("WAYLAND_DISPLAY") != "" {
		return nil
	}
	d := os.Getenv("DISPLAY")
	if d == "" {
		return ErrNone
	}
	return reach(d)
}

// reach connects to the X server of DISPLAY value d and hangs up.
func reach(d string) error {
	host, rest, ok := strings.Cut(d, ":")
	if !ok {
		return fmt.Errorf("display %q: no screen number", d)
	}
	num, _, _ := strings.Cut(rest, ".")
	n, err := strconv.Atoi(num)
	if err != nil || n < 0 {
		return fmt.Errorf("display %q: bad screen number", d)
	}
	var network, addr string
	switch host {
	case "", "unix":
		network, addr = "unix", "/tmp/.X11-unix/X"+num
	default:
		network, addr = "tcp", net.JoinHostPort(host, strconv.Itoa(6000+n))
	}
	c, err := net.DialTimeout(network, addr, 2*time.Second)
	if err != nil && network == "unix" {
		// Some servers listen only on the abstract socket.
		c, err = net.DialTimeout("unix", "@"+addr, 2*time.Second)
	}
	if err != nil {
		return fmt.Errorf("display %q: %w", d, err)
	}
	return c.Close()
}
