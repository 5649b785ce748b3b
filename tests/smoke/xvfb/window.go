package xvfb

import (
	"context"
	"fmt"
	"image"
	"strconv"
	"strings"
	"time"
)

// WaitWindow polls, every 100 ms until ctx ends, for a mapped window of
// process pid whose name is exactly name, and returns its X window id. The
// error names the windows the process had, which tells a wrong title from a
// window that never came.
func (s *Server) WaitWindow(ctx context.Context, pid int, name string) (string, error) {
	seen := map[string]bool{}
	for {
		ids, _ := s.run(ctx, "xdotool", "search", "--onlyvisible", "--pid",
			strconv.Itoa(pid))
		for _, id := range strings.Fields(string(ids)) {
			got, err := s.WindowName(ctx, id)
			if err != nil {
				continue
			}
			if got == name {
				return id, nil
			}
			seen[fmt.Sprintf("%q", got)] = true
		}

		select {
		case <-ctx.Done():
			names := make([]string, 0, len(seen))
			for n := range seen {
				names = append(names, n)
			}
			return "", fmt.Errorf("wait for window %q: %w (windows seen: %s)", name,
				ErrNoWindow, strings.Join(names, ", "))
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// WindowName returns the title of window id as xdotool reads it.
func (s *Server) WindowName(ctx context.Context, id string) (string, error) {
	out, err := s.run(ctx, "xdotool", "getwindowname", id)
	if err != nil {
		return "", fmt.Errorf("window name: %w", err)
	}
	return strings.TrimRight(string(out), "\n"), nil
}

// Capture takes a picture of window id with xwd and decodes it.
func (s *Server) Capture(ctx context.Context, id string) (*image.RGBA, error) {
	out, err := s.run(ctx, "xwd", "-silent", "-id", id)
	if err != nil {
		return nil, fmt.Errorf("capture window: %w", err)
	}
	img, err := DecodeXWD(out)
	if err != nil {
		return nil, fmt.Errorf("capture window: %w", err)
	}
	return img, nil
}

// TypeLines gives window id the keyboard and types each of lines into it,
// pressing Return after each, as a person at the keyboard would. The keys
// are real key presses (XTEST), which every toolkit accepts, rather than
// events sent to the window, which some ignore. With no window manager on
// the server, the window gets the keyboard by being focused directly.
func (s *Server) TypeLines(ctx context.Context, id string, lines ...string) error {
	for _, line := range lines {
		// xdotool's type takes every argument after it, so Return is a
		// second command.
		if line != "" {
			if _, err := s.run(ctx, "xdotool", "windowfocus", "--sync", id,
				"type", "--delay", "40", line); err != nil {
				return fmt.Errorf("type into window: %w", err)
			}
		}
		if err := s.Key(ctx, id, "Return"); err != nil {
			return err
		}
	}
	return nil
}

// Key gives window id the keyboard and presses keys there, each named as
// xdotool names them ("Return", "alt+F4").
func (s *Server) Key(ctx context.Context, id string, keys ...string) error {
	args := append([]string{"windowfocus", "--sync", id, "key", "--clearmodifiers"}, keys...)
	if _, err := s.run(ctx, "xdotool", args...); err != nil {
		return fmt.Errorf("press keys in window: %w", err)
	}
	return nil
}
