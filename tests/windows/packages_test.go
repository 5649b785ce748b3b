package windows

import (
	"context"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/tests/windows/winetest"
)

// windowsTested are the packages whose behaviour differs on Windows: where
// the data folder is (and that Vietnamese folder names reach the store),
// the lock that turns a second copy away, the display check, and the data
// key wrapped by DPAPI. Their own tests are built as Windows programs and
// run under wine.
var windowsTested = []string{
	"tiepsuc/internal/datadir",
	"tiepsuc/internal/instancelock",
	"tiepsuc/internal/display",
	"tiepsuc/internal/keystore",
}

func TestPackagesOnWindows(t *testing.T) {
	requireWine(t)
	prefix := winePrefix(t)
	dir := t.TempDir()
	for _, pkg := range windowsTested {
		t.Run(path.Base(pkg), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			bin := filepath.Join(dir, path.Base(pkg)+".test.exe")
			build := exec.CommandContext(ctx, "go", "test", "-c", "-o", bin, pkg)
			build.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64",
				"CGO_ENABLED=0")
			out, err := build.CombinedOutput()
			require.NoError(t, err, "build the Windows test program: %s", out)

			// Output to a file, not a pipe that wine's helpers would hold open.
			logPath := filepath.Join(dir, path.Base(pkg)+".log")
			log, err := os.Create(logPath)
			require.NoError(t, err)
			run := exec.CommandContext(ctx, "wine", bin, "-test.v", "-test.count=1")
			run.Env = wineEnv(noDisplay(), prefix, winetest.EnvVar+"=1")
			run.Dir = t.TempDir()
			run.Stdout, run.Stderr = log, log
			err = run.Run()
			require.NoError(t, log.Close())
			out, _ = os.ReadFile(logPath)
			t.Logf("%s under wine:\n%s", path.Base(pkg), out)
			require.NoError(t, err, "the package's tests fail on Windows")
			assert.Contains(t, string(out), "\nPASS")
		})
	}
}
