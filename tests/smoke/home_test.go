package smoke

import (
	"context"
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
	// outEnv names a folder that receives a copy of each screenshot read.
	outEnv = "TIEPSUC_SMOKE_OUT"
	// title is the desk app's window title.
	title = "Tiếp Sức"
)

// The screens the smoke test passes through, in the app's Vietnamese. The
// setup and sign-in phrases must be read with their marks, which shows the
// app draws Vietnamese letters whole; the home screen's are matched folded:
// they show that the desk opened, and an OCR slip on a mark must not fail
// that.
var (
	// setupScreen is the first start on a new data folder: the title, the
	// words above the boxes, the second PIN box and the button that makes
	// the desk admin's account. None of them is on the sign-in screen.
	setupScreen = screen{name: "setup", phrases: []string{
		"Thiết lập bàn hỗ trợ", "lần đầu dùng", "Nhập lại mã PIN",
		"Tạo tài khoản quản lý",
	}, need: 2, marks: true}
	// signInScreen is a later start: the title and button, and the advice
	// under them. None of them is on the setup screen.
	signInScreen = screen{name: "sign-in", phrases: []string{
		"Đăng nhập", "mã PIN riêng", "không dùng chung", "Người mới",
	}, need: 2, marks: true}
	// homeScreen is the big button and the left menu.
	homeScreen = screen{name: "home", phrases: []string{
		"Tiếp đón", "công dân", "Hôm nay", "Hồ sơ nháp", "Hướng dẫn", "Cài đặt",
	}, need: 3}
)

const (
	// adminName is the desk admin's name typed on the setup screen; the
	// top bar then shows it as the volunteer at the desk.
	adminName = "Lan"
	// adminPIN is a PIN the app accepts: no run, repeat, date or common PIN.
	adminPIN = "583920"
)

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

// TestHomeScreenUnderXvfb starts the app on a new data folder as a desk
// admin would: the setup screen comes first, the admin types her name and
// a PIN twice with the keyboard alone, and the home screen follows, with
// the database in the data folder. Closed with SIGTERM and started again,
// the app asks for the PIN and opens the home screen once it is typed.
func TestHomeScreenUnderXvfb(t *testing.T) {
	requireX(t)
	bin := appBinary(t)

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	srv, err := xvfb.Start(ctx, 1280, 800)
	require.NoError(t, err)
	t.Cleanup(srv.Stop)

	data := t.TempDir()
	env := srv.Env(firstframe.EnvVar+"=1", "XDG_CONFIG_HOME="+t.TempDir(),
		"XDG_CACHE_HOME="+t.TempDir())
	app, id := startShown(ctx, t, srv, bin, env, data)

	requireScreen(ctx, t, srv, id, setupScreen)
	require.NoError(t, srv.TypeLines(ctx, id, adminName, adminPIN, adminPIN))
	requireHome(ctx, t, srv, id, "home")

	db, err := os.Stat(filepath.Join(data, datadir.DBName))
	require.NoError(t, err, "the database file was not created in the data folder")
	assert.Positive(t, db.Size(), "the database file is empty")
	stop(t, app)

	// The next start on the same folder: one account, so only its PIN.
	app, id = startShown(ctx, t, srv, bin, env, data)
	requireScreen(ctx, t, srv, id, signInScreen)
	require.NoError(t, srv.TypeLines(ctx, id, adminPIN))
	requireHome(ctx, t, srv, id, "home-signed-in")
	stop(t, app)
}

// startShown starts the app on data and waits for its window and first
// frame, and returns the app and its window.
func startShown(ctx context.Context, t *testing.T, srv *xvfb.Server, bin string,
	env []string, data string) (*appProcess, string) {
	t.Helper()
	started := time.Now()
	app := startApp(t, bin, env, "--data", data)
	waitCtx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	id, err := srv.WaitWindow(waitCtx, app.cmd.Process.Pid, title)
	require.NoError(t, err, "the app's window never appeared")
	require.NoError(t, app.waitFirstFrame(waitCtx), "no first frame painted")
	t.Logf("window %s painted its first frame %v after start", id, time.Since(started))
	return app, id
}

// requireScreen fails the test unless OCR reads s on window id.
func requireScreen(ctx context.Context, t *testing.T, srv *xvfb.Server, id string,
	s screen) {
	t.Helper()
	read, text := readScreen(ctx, t, srv, id, s)
	require.GreaterOrEqual(t, len(read), s.need, "%s screen phrases read by OCR: %q\n"+
		"OCR text:\n%s", s.name, read, text)
}

// requireHome fails the test unless window id shows the home screen, with
// the admin's name in its top bar ("TNV: Lan"); name names the screenshot.
func requireHome(ctx context.Context, t *testing.T, srv *xvfb.Server, id, name string) {
	t.Helper()
	home := homeScreen
	home.name = name
	read, text := readScreen(ctx, t, srv, id, home)
	require.GreaterOrEqual(t, len(read), homeScreen.need,
		"home screen phrases read by OCR: %q\nOCR text:\n%s", read, text)
	assert.Contains(t, textfold.Fold(text), "tnv: "+textfold.Fold(adminName),
		"the top bar does not name the volunteer signed in\nOCR text:\n%s", text)
}

// stop sends SIGTERM and requires the app to exit with code 0 within 5 s.
func stop(t *testing.T, app *appProcess) {
	t.Helper()
	require.NoError(t, app.cmd.Process.Signal(syscall.SIGTERM))
	code, exited := app.waitExit(5 * time.Second)
	require.True(t, exited, "the app still runs 5 s after SIGTERM")
	assert.Equal(t, 0, code, "exit code after SIGTERM")
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
