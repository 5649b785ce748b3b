package windows

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"tiepsuc/tests/smoke/xvfb"
)

// exeEnv names the packaged .exe to test; `make test-windows` sets it.
const exeEnv = "TIEPSUC_WINDOWS_EXE"

// wineTools are the programs these tests run besides xvfb.Tools; `make
// test-windows` installs them.
var wineTools = []string{"wine", "wineboot", "wineserver", "x86_64-w64-mingw32-gcc",
	"tesseract"}

// wineOverrides keeps wine from offering to download Mono and Gecko, from
// writing menu entries, and makes it load the stand-in bcryptprimitives.dll.
const wineOverrides = "mscoree=;mshtml=;winemenubuilder.exe=d;bcryptprimitives=n"

// thePrefix is the one wine prefix of a test run, made on first use.
var thePrefix struct {
	once sync.Once
	root string // temp folder holding the prefix and a HOME for wine
	dir  string // the prefix (WINEPREFIX)
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if thePrefix.dir != "" {
		// End every wine process of the prefix, the wineserver included.
		cmd := exec.Command("wineserver", "-k")
		cmd.Env = wineEnv(os.Environ(), thePrefix.dir)
		_ = cmd.Run()
	}
	if thePrefix.root != "" {
		_ = os.RemoveAll(thePrefix.root)
	}
	os.Exit(code)
}

// requireExe returns the .exe under test, skips when none is named, and
// fails when a tool the tests need is missing.
func requireExe(t *testing.T) string {
	t.Helper()
	exe := os.Getenv(exeEnv)
	if exe == "" {
		t.Skipf("%s is not set: `make test-windows` packages the .exe and runs these "+
			"tests under wine", exeEnv)
	}
	if _, err := os.Stat(exe); err != nil {
		t.Fatalf("%s: %v (run `make windows`)", exeEnv, err)
	}
	return exe
}

// requireWine is requireExe for the tests that start programs under wine.
func requireWine(t *testing.T) string {
	t.Helper()
	exe := requireExe(t)
	if missing := xvfb.Missing(append(wineTools, xvfb.Tools...)...); len(missing) > 0 {
		t.Fatalf("missing %s: run `make test-windows`, which installs them",
			strings.Join(missing, ", "))
	}
	return exe
}

// wineEnv returns base without the variables wine and the app read, then
// the ones that run wine quietly in prefix with a UTF-8 locale (so that
// Vietnamese letters in arguments reach the program intact) and a HOME of
// its own beside the prefix.
func wineEnv(base []string, prefix string, extra ...string) []string {
	drop := []string{"WINEPREFIX", "WINEDEBUG", "WINEDLLOVERRIDES", "WINEARCH", "HOME",
		"LC_ALL", "TIEPSUC_DATA", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"}
	var env []string
	for _, kv := range base {
		name, _, _ := strings.Cut(kv, "=")
		keep := true
		for _, d := range drop {
			keep = keep && name != d
		}
		if keep {
			env = append(env, kv)
		}
	}
	env = append(env, "WINEPREFIX="+prefix, "WINEDEBUG=-all",
		"WINEDLLOVERRIDES="+wineOverrides, "LC_ALL=C.UTF-8",
		"HOME="+filepath.Join(filepath.Dir(prefix), "home"))
	return append(env, extra...)
}

// noDisplay returns the environment without DISPLAY or WAYLAND_DISPLAY, so
// that setting the prefix up never shows anything on a real screen.
func noDisplay() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DISPLAY=") && !strings.HasPrefix(kv, "WAYLAND_DISPLAY=") {
			env = append(env, kv)
		}
	}
	return env
}

// winePrefix returns a fresh wine prefix for this test run, made on first
// use: wineboot fills it, and the stand-in bcryptprimitives.dll (see
// testdata/bcryptprimitives.c), built here with mingw-w64, goes into its
// system32 folder.
func winePrefix(t *testing.T) string {
	t.Helper()
	p := &thePrefix
	p.once.Do(func() {
		started := time.Now()
		p.root, p.err = os.MkdirTemp("", "tiepsuc-wine-")
		if p.err != nil {
			return
		}
		p.dir = filepath.Join(p.root, "prefix")
		if p.err = os.MkdirAll(filepath.Join(p.root, "home"), 0o700); p.err != nil {
			return
		}
		p.err = makePrefix(p.root, p.dir)
		if p.err == nil {
			t.Logf("wine prefix ready in %v", time.Since(started).Round(time.Millisecond))
		}
	})
	if p.err != nil {
		t.Fatalf("make wine prefix: %v", p.err)
	}
	return p.dir
}

// makePrefix builds the stand-in DLL in root and makes the prefix dir.
func makePrefix(root, dir string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	src, err := filepath.Abs(filepath.Join("testdata", "bcryptprimitives.c"))
	if err != nil {
		return err
	}
	dll := filepath.Join(root, "bcryptprimitives.dll")
	if err := runQuiet(ctx, os.Environ(), "x86_64-w64-mingw32-gcc", "-shared", "-O2", "-s",
		"-o", dll, src, "-ladvapi32"); err != nil {
		return err
	}

	env := wineEnv(noDisplay(), dir)
	if err := runQuiet(ctx, env, "wineboot", "--init"); err != nil {
		return err
	}
	// wineboot returns before the programs it started have finished.
	if err := runQuiet(ctx, env, "wineserver", "-w"); err != nil {
		return err
	}
	b, err := os.ReadFile(dll)
	if err != nil {
		return err
	}
	sys32 := filepath.Join(dir, "drive_c", "windows", "system32")
	return os.WriteFile(filepath.Join(sys32, "bcryptprimitives.dll"), b, 0o644)
}

// runQuiet runs a command and returns its output in the error when it fails.
func runQuiet(ctx context.Context, env []string, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, out)
	}
	return nil
}

// userDataFolder returns the Windows user data folder (%AppData%) of the
// prefix's one user, as a Linux path.
func userDataFolder(t *testing.T, prefix string) string {
	t.Helper()
	users, err := filepath.Glob(filepath.Join(prefix, "drive_c", "users", "*",
		"AppData", "Roaming"))
	if err != nil || len(users) == 0 {
		t.Fatalf("no AppData\\Roaming folder in the wine prefix (%v)", err)
	}
	for _, u := range users {
		if !strings.Contains(u, string(filepath.Separator)+"Public"+string(filepath.Separator)) {
			return u
		}
	}
	t.Fatalf("only the Public user in the wine prefix: %v", users)
	return ""
}
