package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/instancelock"
)

// TestSecondCopyIsTurnedAway starts the app on a data folder that another
// copy holds, on a computer without a screen: it must say so plainly in
// both languages, on stderr, and exit with its own code without touching
// the folder's files.
func TestSecondCopyIsTurnedAway(t *testing.T) {
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	dir := filepath.Join(t.TempDir(), "Dữ liệu Tiếp Sức")
	first, err := instancelock.Acquire(dir)
	require.NoError(t, err)
	defer first.Release()

	var stderr bytes.Buffer
	code := run([]string{"--data", dir}, &stderr)

	assert.Equal(t, exitInUse, code)
	msg := stderr.String()
	for _, key := range []string{"in_use.title", "in_use.message", "in_use.folder"} {
		texts := inBothLanguages(key)
		require.Len(t, texts, 2, "%s must be in Vietnamese and English", key)
		assert.NotEqual(t, texts[0], texts[1], "%s is not translated", key)
		for _, s := range texts {
			assert.Contains(t, msg, s)
		}
	}
	assert.Less(t, strings.Index(msg, "đang mở"), strings.Index(msg, "already open"),
		"Vietnamese comes first")
	assert.Contains(t, msg, dir, "the message names the folder")
	assert.NoFileExists(t, filepath.Join(dir, "tiepsuc.db"))
	assert.NoDirExists(t, filepath.Join(dir, "logs"))
}

// TestNoScreenLeavesFolderFree checks that a copy that stops for want of a
// screen gives the folder's lock back.
func TestNoScreenLeavesFolderFree(t *testing.T) {
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	dir := t.TempDir()

	var stderr bytes.Buffer
	assert.Equal(t, exitNoDisplay, run([]string{"--data", dir}, &stderr))
	assert.Contains(t, stderr.String(), "Xvfb")

	l, err := instancelock.Acquire(dir)
	require.NoError(t, err, "the copy that stopped still holds the folder")
	require.NoError(t, l.Release())
}

func TestBadFlag(t *testing.T) {
	var stderr bytes.Buffer
	assert.Equal(t, exitNoDisplay, run([]string{"--no-such-flag"}, &stderr))
	assert.Contains(t, stderr.String(), "-data")
}
