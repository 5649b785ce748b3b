package smoke

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/datadir"
	"tiepsuc/internal/firstframe"
	"tiepsuc/internal/textfold"
	"tiepsuc/tests/smoke/xvfb"
)

const (
	// skipEnv, set to 1, skips the tests that need an X server.
	skipEnv = "TIEPSUC_SKIP_SMOKE"
	// outEnv names a folder that receives a copy of the home screen PNG.
	outEnv = "TIEPSUC_SMOKE_OUT"
	// title is the desk app's window title.
	title = "Tiếp Sức"
)

// homeWords are phrases of the home screen, folded (no marks, lower case):
// the big button and the left menu.
var homeWords = []string{
	"tiep don", "cong dan", "hom nay", "ho so nhap", "huong dan", "cai dat",
}

// requireX fails the test when a tool it needs is missing, with the make
// target that installs it; TIEPSUC_SKIP_SMOKE=1 skips instead.
func requireX(t *testing.T) {
	t.Helper()
	if os.Getenv(skipEnv) == "1" {
		t.Skipf("%s=1: not starting the app under Xvfb", skipEnv)
	}
	missing := xvfb.Missing(append(xvfb.Tools, "tesseract")...)
	if len(missing) > 0 {
		t.Fatalf("missing %s: run `make test-deps` (or set %s=1 to skip this test)",
			strings.Join(missing, ", "), skipEnv)
	}
	out, err := exec.Command("tesseract", "--list-langs").CombinedOutput()
	require.NoError(t, err, "tesseract --list-langs: %s", out)
	if !strings.Contains(string(out), "\nvie") {
		t.Fatalf("tesseract has no Vietnamese data: run `make test-deps`")
	}
}

func TestHomeScreenUnderXvfb(t *testing.T) {
	requireX(t)
	bin := appBinary(t)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	srv, err := xvfb.Start(ctx, 1280, 800)
	require.NoError(t, err)
	t.Cleanup(srv.Stop)

	data := t.TempDir()
	env := srv.Env(firstframe.EnvVar+"=1", "XDG_CONFIG_HOME="+t.TempDir(),
		"XDG_CACHE_HOME="+t.TempDir())
	started := time.Now()
	app := startApp(t, bin, env, "--data", data)

	waitCtx, waitCancel := context.WithTimeout(ctx, 60*time.Second)
	defer waitCancel()
	id, err := srv.WaitWindow(waitCtx, app.cmd.Process.Pid, title)
	require.NoError(t, err, "the app's window never appeared")
	require.NoError(t, app.waitFirstFrame(waitCtx), "no first frame painted")
	t.Logf("window %s painted its first frame %v after start", id, time.Since(started))

	shot, text := readHome(t, ctx, srv, id)
	found := wordsFound(text, homeWords)
	t.Logf("home screen words read by OCR: %v", found)
	assert.GreaterOrEqual(t, len(found), len(homeWords)/2,
		"home screen words read by OCR: %v (screenshot %s)\nOCR text:\n%s", found, shot, text)

	db, err := os.Stat(filepath.Join(data, datadir.DBName))
	require.NoError(t, err, "the database file was not created in the data folder")
	assert.Positive(t, db.Size(), "the database file is empty")

	require.NoError(t, app.cmd.Process.Signal(syscall.SIGTERM))
	code, exited := app.waitExit(5 * time.Second)
	require.True(t, exited, "the app still runs 5 s after SIGTERM")
	assert.Equal(t, 0, code, "exit code after SIGTERM")
}

// readHome captures the window until OCR finds the home screen's words or
// five tries have passed, saves the last picture, and returns its path and
// the OCR text. The first frame may still be laying out its content.
func readHome(t *testing.T, ctx context.Context, srv *xvfb.Server, id string) (string, string) {
	t.Helper()
	dir := t.TempDir()
	shot := filepath.Join(dir, "home.png")
	var text string
	for try := range 5 {
		if try > 0 {
			time.Sleep(time.Second)
		}
		img, err := srv.Capture(ctx, id)
		require.NoError(t, err)
		require.Greater(t, colours(img), 8, "the window shows a blank picture")
		require.NoError(t, savePNG(shot, img))

		text, err = ocr(ctx, img, dir)
		require.NoError(t, err)
		if len(wordsFound(text, homeWords)) >= len(homeWords)/2 {
			break
		}
	}
	t.Logf("home screen picture: %s", shot)
	if dir := os.Getenv(outEnv); dir != "" {
		require.NoError(t, os.MkdirAll(dir, 0o755))
		copyTo := filepath.Join(dir, "home.png")
		b, err := os.ReadFile(shot)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(copyTo, b, 0o644))
		t.Logf("copied to %s", copyTo)
	}
	return shot, text
}

// wordsFound returns the phrases of want that appear in text once both are
// folded, so OCR slips on Vietnamese marks do not count against the screen.
func wordsFound(text string, want []string) []string {
	folded := textfold.Fold(text)
	var found []string
	for _, w := range want {
		if strings.Contains(folded, w) {
			found = append(found, w)
		}
	}
	return found
}

// colours counts the distinct colours of img, up to 1,000.
func colours(img image.Image) int {
	seen := map[[3]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			seen[[3]uint32{r, g, bl}] = true
			if len(seen) >= 1000 {
				return len(seen)
			}
		}
	}
	return len(seen)
}

// savePNG writes img to path as PNG.
func savePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("save png: %w", err)
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("save png: %w", err)
	}
	return f.Close()
}

func TestNoDisplayExplainsXvfb(t *testing.T) {
	bin := appBinary(t)
	data := t.TempDir()
	env := envWithout([]string{"DISPLAY", "WAYLAND_DISPLAY"},
		"XDG_CONFIG_HOME="+t.TempDir())

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--data", data)
	cmd.Env = env
	var stdout, stderr lockedBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()

	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, "the app must exit with an error code")
	assert.Equal(t, 2, exit.ExitCode(), "exit code without a display")
	msg := stderr.String()
	assert.Contains(t, strings.ToLower(msg), "display", "message names the missing display")
	assert.Contains(t, msg, "Xvfb", "message says how to run under Xvfb")
	assert.NotContains(t, msg, "goroutine ", "a panic instead of a message")
	assert.Empty(t, stdout.String())
}
