package windows

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/textfold"
	"tiepsuc/tests/smoke/xvfb"
)

// The screens a desk passes through, in the app's Vietnamese. The setup
// and sign-in phrases are read with their marks, which shows the Windows
// build draws Vietnamese letters whole; the home screen's are matched
// folded: they show that the desk opened, and an OCR slip on a mark must
// not fail that.
var (
	// homeWords are phrases of the home screen: the big button and the menu.
	homeWords = []string{
		"Tiếp đón", "công dân", "Hôm nay", "Hồ sơ nháp", "Hướng dẫn", "Cài đặt",
	}
	// setupWords are phrases of the setup screen a new desk opens on, none
	// of which the sign-in screen has: its title, the words above the
	// boxes, the second PIN box and the button.
	setupWords = []string{
		"Thiết lập bàn hỗ trợ", "lần đầu dùng", "Nhập lại mã PIN",
		"Tạo tài khoản quản lý",
	}
	// signInWords are phrases of the sign-in screen, none of which the
	// setup screen has: its title and button, and the advice under them.
	signInWords = []string{"Đăng nhập", "mã PIN riêng", "không dùng chung", "Người mới"}
)

const (
	// adminName is the desk admin's name typed on the setup screen; the
	// top bar then shows it as the volunteer at the desk.
	adminName = "Lan"
	// adminPIN is a PIN the app accepts: no run, repeat, date or common PIN.
	adminPIN = "583920"
)

// startDesk starts exe under wine with env and args, waits for its window
// and returns the program and its window id.
func startDesk(ctx context.Context, t *testing.T, srv *xvfb.Server, env []string,
	exe string, args ...string) (*winApp, string) {
	t.Helper()
	started := time.Now()
	desk := startWine(t, env, exe, args...)
	waitCtx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	id := waitWindow(waitCtx, t, srv, desk, title)
	t.Logf("window %s shown %v after start", id, time.Since(started).Round(time.Millisecond))
	return desk, id
}

// setUpDesk reads the setup screen on window id and types the admin's
// name, her PIN and the PIN again, each followed by Enter.
func setUpDesk(ctx context.Context, t *testing.T, srv *xvfb.Server, id string) {
	t.Helper()
	words, text := readWindow(ctx, t, srv, id, "setup", setupWords, 2, true)
	require.GreaterOrEqual(t, len(words), 2, "setup screen phrases read, with their marks, "+
		"on the screenshot: %v\nOCR text:\n%s", words, text)
	require.NoError(t, srv.TypeLines(ctx, id, adminName, adminPIN, adminPIN))
}

// signIn reads the sign-in screen on window id, where the one account is
// already chosen, and types the admin's PIN and Enter.
func signIn(ctx context.Context, t *testing.T, srv *xvfb.Server, id string) {
	t.Helper()
	words, text := readWindow(ctx, t, srv, id, "sign-in", signInWords, 2, true)
	require.GreaterOrEqual(t, len(words), 2, "sign-in screen phrases read, with their marks, "+
		"on the screenshot: %v\nOCR text:\n%s", words, text)
	require.NoError(t, srv.TypeLines(ctx, id, adminPIN))
}

// requireHome fails the test unless window id shows the home screen, with
// the admin's name in its top bar ("TNV: Lan"); name names the screenshot.
func requireHome(ctx context.Context, t *testing.T, srv *xvfb.Server, id, name string) {
	t.Helper()
	need := len(homeWords) / 2
	words, text := readWindow(ctx, t, srv, id, name, homeWords, need, false)
	require.GreaterOrEqual(t, len(words), need,
		"home screen words read on the screenshot: %v\nOCR text:\n%s", words, text)
	assert.Contains(t, textfold.Fold(text), "tnv: "+textfold.Fold(adminName),
		"the top bar does not name the volunteer signed in\nOCR text:\n%s", text)
}
