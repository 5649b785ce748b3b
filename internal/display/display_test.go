package display

import (
	"net"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// onlyLinux skips t elsewhere: only Linux has X displays to look for.
func onlyLinux(t *testing.T) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skipf("checks X displays, which only Linux uses (this is %s)", runtime.GOOS)
	}
}

func TestCheck(t *testing.T) {
	onlyLinux(t)
	t.Setenv("WAYLAND_DISPLAY", "")

	t.Setenv("DISPLAY", "")
	assert.ErrorIs(t, Check(), ErrNone, "no DISPLAY at all")

	for _, d := range []string{"nonsense", ":x", ":-1"} {
		t.Setenv("DISPLAY", d)
		assert.Error(t, Check(), "malformed DISPLAY %q", d)
	}

	// A display number nobody serves: set, but unreachable.
	t.Setenv("DISPLAY", ":987")
	assert.Error(t, Check())

	// A listening TCP "X server" on 127.0.0.1 is reachable.
	ln, err := net.Listen("tcp", "127.0.0.1:6087")
	if err == nil {
		defer ln.Close()
		t.Setenv("DISPLAY", "127.0.0.1:87")
		assert.NoError(t, Check())
	}
}

func TestReachUnixSocket(t *testing.T) {
	onlyLinux(t)
	dir := filepath.Join(os.TempDir(), ".X11-unix")
	require.NoError(t, os.MkdirAll(dir, 0o1777))
	sock := filepath.Join(dir, "X976")
	_ = os.Remove(sock)
	ln, err := net.Listen("unix", sock)
	require.NoError(t, err)
	defer ln.Close()
	assert.NoError(t, reach(":976.0"))
}

// TestWindowsNeverRefused runs in the Windows test binary that the Windows
// smoke test starts under wine: a Windows desk has no DISPLAY variable, and
// the app must still open its window there.
func TestWindowsNeverRefused(t *testing.T) {
	if runtime.GOOS == "linux" {
		t.Skip("checks Windows and macOS, which always have a screen to ask for")
	}
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	assert.NoError(t, Check())
}
