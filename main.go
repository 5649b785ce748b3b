// Command tiepsuc is the Tiếp Sức desk app: it finds the data folder,
// opens the store and the built-in guides, and shows the desk's window.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/theme"

	"tiepsuc/app"
	"tiepsuc/assets"
	"tiepsuc/guides"
	"tiepsuc/internal/datadir"
	"tiepsuc/internal/display"
	"tiepsuc/internal/firstframe"
	"tiepsuc/sync/engine"
)

// appID is the desk app's id, as in FyneApp.toml.
const appID = "vn.doanthanhnien.tiepsuc"

// noDisplay is printed when there is no screen to open a window on.
const noDisplay = `Tiếp Sức cần màn hình để mở cửa sổ,
nhưng không kết nối được với màn hình nào.
Tiếp Sức needs a display to open its window, and none can be reached (DISPLAY).
To run it without a screen, start a virtual one first:
    Xvfb :99 -screen 0 1280x800x24 & DISPLAY=:99 make run
or: xvfb-run -s "-screen 0 1280x800x24" make run`

func main() {
	os.Exit(run())
}

// run wires the parts together and returns the process's exit code.
func run() int {
	dataFlag := flag.String("data", "", "folder for the desk's data (default: "+
		"$"+datadir.EnvVar+", else the user's config folder)")
	flag.Parse()

	if err := display.Check(); err != nil {
		fmt.Fprintln(os.Stderr, noDisplay)
		if !errors.Is(err, display.ErrNone) {
			fmt.Fprintln(os.Stderr, "(", err, ")")
		}
		return 2
	}
	quietLocale()
	dir, err := datadir.Resolve(*dataFlag)
	if err != nil {
		fmt.Fprintln(os.Stderr, "tiepsuc:", err)
		return 1
	}
	closeLog := setupLog(dir)
	defer closeLog()

	a := fyneapp.NewWithID(appID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	w := a.NewWindow("Tiếp Sức")
	w.Resize(fyne.NewSize(1024, 700))
	firstframe.Report(w)
	go warmFonts()

	lib, err := guides.Builtin()
	if err != nil {
		slog.Error("load built-in guides", "op", "guides", "err", err)
	}
	if lib == nil {
		lib = &guides.Library{}
	}
	opt := app.Options{Sync: app.RunEngine(engine.Config{}), Enrol: app.EnrolDesk}
	app.Start(w, filepath.Join(dir, datadir.DBName), lib, opt, nil, a.Quit)
	w.ShowAndRun()
	return 0
}

// setupLog sends slog records to stderr and to a log file in the data
// folder, and crash reports to a file beside it, so a volunteer can hand
// them to whoever maintains the desk. Records carry ids, never personal data.
func setupLog(dir string) func() {
	var out io.Writer = os.Stderr
	closeFn := func() {}
	logDir := filepath.Join(dir, "logs")
	if err := os.MkdirAll(logDir, 0o700); err == nil {
		f, err := os.OpenFile(filepath.Join(logDir, "tiepsuc.log"),
			os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err == nil {
			out = io.MultiWriter(os.Stderr, f)
			closeFn = func() { _ = f.Close() }
		}
		crash, err := os.OpenFile(filepath.Join(logDir, "crash.txt"),
			os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err == nil {
			_ = debug.SetCrashOutput(crash, debug.CrashOptions{})
			_ = crash.Close()
		}
	}
	slog.SetDefault(slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{Level: slog.LevelInfo})))
	return closeFn
}

// quietLocale gives the POSIX "C" locale a name Fyne can parse: the desk
// picks its own language, so this only stops Fyne logging a parse error
// on every start.
func quietLocale() {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		switch os.Getenv(v) {
		case "C", "POSIX", "C.UTF-8", "C.utf8":
			_ = os.Setenv(v, "en_US.UTF-8")
		}
	}
}

// warmFonts loads the bold and italic font faces on another core while the
// store opens, since the first screen uses them and loading each takes a
// noticeable part of the start.
func warmFonts() {
	size := theme.TextSize()
	for _, st := range []fyne.TextStyle{{Bold: true}, {Italic: true}, {}} {
		fyne.MeasureText("Tiếp đón công dân mới", size, st)
	}
}
