package xvfb

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTwoServersGetTheirOwnDisplays(t *testing.T) {
	if os.Getenv("TIEPSUC_SKIP_SMOKE") == "1" {
		t.Skip("TIEPSUC_SKIP_SMOKE=1: not starting Xvfb")
	}
	if missing := Missing(Tools...); len(missing) > 0 {
		t.Fatalf("missing %v: run `make test-deps` (or set TIEPSUC_SKIP_SMOKE=1)", missing)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	a, err := Start(ctx, 640, 480)
	require.NoError(t, err)
	defer a.Stop()
	b, err := Start(ctx, 640, 480)
	require.NoError(t, err)
	defer b.Stop()
	assert.NotEqual(t, a.Display, b.Display, "two servers must not share a display")

	// A client reaches the server and sees the screen size asked for.
	out, err := a.run(ctx, "xdotool", "getdisplaygeometry")
	require.NoError(t, err)
	assert.Equal(t, "640 480\n", string(out))

	a.Stop()
	a.Stop() // a second Stop must not block or fail
	cmd := exec.CommandContext(ctx, "xdotool", "getdisplaygeometry")
	cmd.Env = a.Env()
	assert.Error(t, cmd.Run(), "the stopped server still answers")
}
