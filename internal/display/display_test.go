package display

import (
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheck(t *testing.T) {
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
	dir := filepath.Join(os.TempDir(), ".X11-unix")
	require.NoError(t, os.MkdirAll(dir, 0o1777))
	sock := filepath.Join(dir, "X976")
	_ = os.Remove(sock)
	ln, err := net.Listen("unix", sock)
	require.NoError(t, err)
	defer ln.Close()
	assert.NoError(t, reach(":976.0"))
}
