package windows

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"tiepsuc/assets"
	"tiepsuc/internal/keystore"
	"tiepsuc/internal/store"
	"tiepsuc/tests/smoke/xvfb"
)

// exitInUse is the app's exit code when another copy holds its data folder.
const exitInUse = 3

// winApp is one program started under wine.
type winApp struct {
	cmd    *exec.Cmd
	log    string        // file receiving its stdout and stderr
	exited chan struct{} // closed once wine has exited
	code   int           // wine's exit code, the program's own
}

// startWine starts exe under wine with env and args. Its output goes to a
// file rather than a pipe: wine's own helper processes inherit it, and a
// pipe would keep Wait from returning while they live.
func startWine(t *testing.T, env []string, exe string, args ...string) *winApp {
	t.Helper()
	log, err := os.CreateTemp(t.TempDir(), "wine-*.log")
	require.NoError(t, err)
	defer log.Close()

	cmd := exec.Command("wine", append([]string{exe}, args...)...)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	require.NoError(t, cmd.Start())
	p := &winApp{cmd: cmd, log: log.Name(), exited: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		p.code = cmd.ProcessState.ExitCode()
		close(p.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-p.exited:
		default:
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-p.exited
		}
		if t.Failed() {
			out, _ := os.ReadFile(p.log)
			t.Logf("output of %s %v:\n%s", filepath.Base(exe), args, out)
		}
	})
	return p
}

// wait waits up to limit for the program to exit and returns its exit code.
func (p *winApp) wait(t *testing.T, limit time.Duration) int {
	t.Helper()
	select {
	case <-p.exited:
		return p.code
	case <-time.After(limit):
		t.Fatalf("still running %v after being asked to close", limit)
		return -1
	}
}

// running reports whether the program has not exited yet.
func (p *winApp) running() bool {
	select {
	case <-p.exited:
		return false
	default:
		return true
	}
}

// waitWindow waits until ctx ends for p's window titled name and returns
// its id; it fails as soon as p exits.
func waitWindow(ctx context.Context, t *testing.T, srv *xvfb.Server, p *winApp,
	name string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-p.exited:
			cancel()
		case <-ctx.Done():
		}
	}()
	id, err := srv.WaitWindow(ctx, p.cmd.Process.Pid, name)
	if !p.running() {
		t.Fatalf("exited with code %d before showing its window %q", p.code, name)
	}
	require.NoError(t, err)
	return id
}

// askToClose asks window id to close as a person at a Windows desk does,
// with Alt+F4: wine turns it into the same close request as the window's
// close button. There is no window manager, so the window gets the keyboard
// by being focused directly.
func askToClose(ctx context.Context, t *testing.T, srv *xvfb.Server, id string) {
	t.Helper()
	require.NoError(t, srv.Key(ctx, id, "alt+F4"))
}

// checkDatabase opens the database file with the store, here on Linux. The
// store first checks the file (a SQLite file, whole, written by a schema
// this build knows) and only then loads the data key beside it, which the
// Windows build wraps by DPAPI for the Windows user: so the one refusal
// that passes is that key being unreadable here. Anything else is a
// damaged database, or a key left where a copy of the folder would open it.
func checkDatabase(t *testing.T, path string) {
	t.Helper()
	// The store logs the refusal; here it is the expected outcome.
	quiet := store.WithLogger(slog.New(slog.DiscardHandler))
	st, err := store.Open(context.Background(), path, quiet)
	if err == nil {
		require.NoError(t, st.Close())
		t.Fatalf("the database opened off Windows: its data key is not protected by DPAPI")
	}
	require.ErrorIs(t, err, keystore.ErrUnwrap,
		"the database the Windows app left fails the store's check")
}

// requireFolded checks that the app, on closing, folded its write-ahead log
// into the database file, so that copying the folder keeps every edit.
func requireFolded(t *testing.T, db string) {
	t.Helper()
	info, err := os.Stat(db + "-wal")
	if err == nil {
		require.Zero(t, info.Size(), "edits left in %s-wal after closing", filepath.Base(db))
	}
}

// translated returns the text of key in language code from app.<code>.json.
func translated(t *testing.T, code, key string) string {
	t.Helper()
	b, err := assets.ReadTranslationFile("lang/app." + code + ".json")
	require.NoError(t, err)
	m := map[string]string{}
	require.NoError(t, json.Unmarshal(b, &m))
	require.NotEmpty(t, m[key], "app.%s.json lacks %s", code, key)
	return m[key]
}
