package windows

import (
	"context"
	"image"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/datadir"
	"tiepsuc/internal/instancelock"
	"tiepsuc/tests/smoke/xvfb"
)

const (
	// title is the desk app's window title.
	title = "Tiếp Sức"
	// outEnv names a folder that receives the screenshots, as in tests/smoke.
	outEnv = "TIEPSUC_SMOKE_OUT"
)

// TestDeskOnWindows starts the packaged .exe under wine as a desk admin
// would, on the default data folder: it must open on the setup screen, take
// her name and PIN from the keyboard alone and show the home screen, keep
// its database in the Windows user data folder, turn a second copy away
// with a plain message, and close cleanly when asked. Started again as the
// same Windows user, it must open its database and key, ask for her PIN
// and show the home screen, and close again leaving a sound database.
func TestDeskOnWindows(t *testing.T) {
	exe := requireWine(t)
	prefix := winePrefix(t)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	srv, err := xvfb.Start(ctx, 1280, 800)
	require.NoError(t, err)
	t.Cleanup(srv.Stop)
	env := wineEnv(srv.Env(), prefix)

	desk, id := startDesk(ctx, t, srv, env, exe)
	setUpDesk(ctx, t, srv, id)
	requireHome(ctx, t, srv, id, "home")

	data := filepath.Join(userDataFolder(t, prefix), "TiepSuc")
	db := filepath.Join(data, datadir.DBName)
	info, err := os.Stat(db)
	require.NoError(t, err, "no database in the Windows user data folder (%%AppData%%)")
	assert.Positive(t, info.Size())
	assert.FileExists(t, filepath.Join(data, instancelock.FileName))
	assert.FileExists(t, filepath.Join(data, "logs", "tiepsuc.log"))

	secondCopyTurnedAway(ctx, t, srv, env, exe)
	require.True(t, desk.running(), "the first copy stopped when the second started")

	askToClose(ctx, t, srv, id)
	assert.Equal(t, 0, desk.wait(t, 30*time.Second), "exit code after closing the window")
	requireFolded(t, db)

	desk, id = startDesk(ctx, t, srv, env, exe)
	signIn(ctx, t, srv, id)
	requireHome(ctx, t, srv, id, "home-signed-in")
	askToClose(ctx, t, srv, id)
	assert.Equal(t, 0, desk.wait(t, 30*time.Second), "exit code after closing the window")
	requireFolded(t, db)
	checkDatabase(t, db)
}

// secondCopyTurnedAway starts a second copy on the same data folder: it
// must show the in-use message in both languages and exit with exitInUse
// once its window is closed.
func secondCopyTurnedAway(ctx context.Context, t *testing.T, srv *xvfb.Server,
	env []string, exe string) {
	t.Helper()
	second := startWine(t, env, exe)
	name := translated(t, "vi", "in_use.title") + " · " + translated(t, "en", "in_use.title")
	waitCtx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	id := waitWindow(waitCtx, t, srv, second, name)

	want := []string{"đang mở", "already open", translated(t, "vi", "in_use.folder"),
		translated(t, "en", "in_use.folder")}
	words, _ := readWindow(ctx, t, srv, id, "in-use", want, 3, false)
	assert.GreaterOrEqual(t, len(words), 3, "in-use message words read: %v", words)

	askToClose(ctx, t, srv, id)
	assert.Equal(t, exitInUse, second.wait(t, 30*time.Second),
		"exit code of the second copy")
}

// TestVietnameseDataFolderOnWindows starts the .exe on a data folder named
// in Vietnamese, given as a Windows path: the database must appear under
// that exact name and be sound after the app closes.
func TestVietnameseDataFolderOnWindows(t *testing.T) {
	exe := requireWine(t)
	prefix := winePrefix(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	srv, err := xvfb.Start(ctx, 1280, 800)
	require.NoError(t, err)
	t.Cleanup(srv.Stop)

	const name = "Dữ liệu Tiếp Sức"
	desk, id := startDesk(ctx, t, srv, wineEnv(srv.Env(), prefix), exe, "--data", `C:\`+name)

	db := filepath.Join(prefix, "drive_c", name, datadir.DBName)
	info, err := os.Stat(db)
	require.NoError(t, err, "no database in C:\\%s", name)
	assert.Positive(t, info.Size())

	askToClose(ctx, t, srv, id)
	assert.Equal(t, 0, desk.wait(t, 30*time.Second), "exit code after closing the window")
	requireFolded(t, db)
	checkDatabase(t, db)
}

// readWindow captures window id until OCR reads at least need of the
// phrases of want, with their marks when marks is set, or eight tries have
// passed, and returns the phrases read and the last OCR text. The window
// may still be drawing its first frames, or changing screens after a key.
// The last picture is logged, and copied to $TIEPSUC_SMOKE_OUT as
// windows-<name>.png when that is set.
func readWindow(ctx context.Context, t *testing.T, srv *xvfb.Server, id, name string,
	want []string, need int, marks bool) ([]string, string) {
	t.Helper()
	dir := t.TempDir()
	shot := filepath.Join(dir, name+".png")
	var words []string
	var text string
	for try := range 8 {
		if try > 0 {
			time.Sleep(time.Second)
		}
		img, err := srv.Capture(ctx, id)
		if err != nil || !varied(img) {
			continue // not mapped or not painted yet
		}
		require.NoError(t, savePNG(shot, img))
		text, err = readText(ctx, img, dir)
		require.NoError(t, err)
		if words = found(text, want, marks); len(words) >= need {
			break
		}
	}
	t.Logf("%s window: read %v; picture %s", name, words, shot)
	if len(words) == 0 {
		t.Logf("OCR text:\n%s", text)
	}
	if out := os.Getenv(outEnv); out != "" {
		b, err := os.ReadFile(shot)
		require.NoError(t, err, "no picture of the %s window was taken", name)
		require.NoError(t, os.MkdirAll(out, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(out, "windows-"+name+".png"), b, 0o644))
	}
	return words, text
}

// varied reports whether img has more than a few colours, which a painted
// window has and a blank or black one has not.
func varied(img *image.RGBA) bool {
	seen := map[[3]uint8]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			c := img.RGBAAt(x, y)
			seen[[3]uint8{c.R, c.G, c.B}] = true
			if len(seen) > 8 {
				return true
			}
		}
	}
	return false
}
