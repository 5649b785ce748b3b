// Command tiepsuc is the Tiếp Sức desk app: it finds the data folder,
// opens the store and the built-in guides, and shows the desk's window.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/app"
	"tiepsuc/assets"
	"tiepsuc/catalogue"
	"tiepsuc/guides"
	"tiepsuc/internal/datadir"
	"tiepsuc/internal/display"
	"tiepsuc/internal/firstframe"
	"tiepsuc/internal/instancelock"
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

// Exit codes other than 0, for scripts and tests that start the app.
const (
	exitFolder    = 1 // the data folder cannot be found
	exitNoDisplay = 2 // no screen to open a window on, or bad flags
	exitInUse     = 3 // another copy of the app uses the data folder
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

// run wires the parts together and returns the process's exit code. Plain
// messages for the person at the desk go to stderr.
func run(args []string, stderr io.Writer) int {
	if code, ok := subcommand(args, os.Stdout, stderr); ok {
		return code
	}
	flags := flag.NewFlagSet("tiepsuc", flag.ContinueOnError)
	flags.SetOutput(stderr)
	dataFlag := flags.String("data", "", "folder for the desk's data (default: "+
		"$"+datadir.EnvVar+", else the user's config folder)")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return exitNoDisplay
	}

	screen := display.Check()
	dir, err := datadir.Resolve(*dataFlag)
	if err != nil {
		fmt.Fprintln(stderr, "tiepsuc:", err)
		return exitFolder
	}
	// The lock comes before anything opens the folder's files, so a second
	// copy leaves them alone.
	lock, lockErr := instancelock.Acquire(dir)
	if errors.Is(lockErr, instancelock.ErrHeld) {
		showInUse(stderr, dir, screen == nil)
		return exitInUse
	}
	defer lock.Release()

	if screen != nil {
		fmt.Fprintln(stderr, noDisplay)
		if !errors.Is(screen, display.ErrNone) {
			fmt.Fprintln(stderr, "(", screen, ")")
		}
		return exitNoDisplay
	}
	quietLocale()
	closeLog := setupLog(dir)
	defer closeLog()
	if lockErr != nil {
		// A folder the lock cannot use (read-only, or a network share
		// without locks) gets its plain message when the store opens it.
		slog.Warn("data folder not locked", "op", "lock", "err", lockErr)
	}

	a := fyneapp.NewWithID(appID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	w := a.NewWindow("Tiếp Sức")
	w.Resize(fyne.NewSize(1024, 700))
	firstframe.Report(w)
	go warmFonts()

	lib, version, err := guides.LoadNewest(dir)
	if err != nil {
		slog.Error("load guides", "op", "guides", "err", err)
	}
	slog.Info("guides loaded", "op", "guides", "pack", version)
	if lib == nil {
		lib = &guides.Library{}
	}
	opt := app.Options{Sync: app.RunEngine(engine.Config{GuideVersion: version}),
		Enrol: app.EnrolDesk}
	app.Start(w, filepath.Join(dir, datadir.DBName), lib, opt, nil, a.Quit)
	stopOnSignal(w)
	w.ShowAndRun()
	return 0
}

// stopOnSignal closes the window when the system asks the app to stop
// (shutdown, logout, kill -TERM, Ctrl+C in a terminal), which commits the
// edits waiting and closes the store the same way closing the window does.
func stopOnSignal(w fyne.Window) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		s := <-ch
		slog.Info("asked to stop", "op", "signal", "signal", s.String())
		fyne.Do(w.Close)
	}()
}

// subcommand runs `tiepsuc guides check DIR` or `tiepsuc catalogue check
// DIR`, the checks a guide writer or reviewer runs before shipping content,
// and reports whether args named one.
func subcommand(args []string, stdout, stderr io.Writer) (int, bool) {
	if len(args) < 2 || args[1] != "check" {
		return 0, false
	}
	switch args[0] {
	case "guides":
		return guides.RunCheck(args[2:], stdout, stderr), true
	case "catalogue":
		return catalogue.RunCheck(args[2:], stdout, stderr), true
	}
	return 0, false
}

// showInUse says that another copy of the app already uses the data folder
// dir, in Vietnamese and then English: on stderr, and when there is a
// screen also in a small window that closes with its one button. The
// desk's chosen language is in the database, which only the running copy
// may read, so both languages are shown.
func showInUse(stderr io.Writer, dir string, screen bool) {
	title := strings.Join(inBothLanguages("in_use.title"), " · ")
	text := strings.Join(inBothLanguages("in_use.message"), "\n\n")
	folder := strings.Join(inBothLanguages("in_use.folder"), " / ") + ": " + dir
	fmt.Fprintf(stderr, "%s\n\n%s\n\n%s\n", title, text, folder)
	if !screen {
		return
	}

	a := fyneapp.NewWithID(appID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	w := a.NewWindow(title)
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	where := widget.NewLabel(folder)
	where.Wrapping = fyne.TextWrapBreak
	ok := widget.NewButton(strings.Join(inBothLanguages("in_use.ok"), " / "), a.Quit)
	ok.Importance = widget.HighImportance
	// In a scroll container the message wraps at the window's width, instead
	// of growing the window to fit it wrapped at its narrowest.
	w.SetContent(container.NewBorder(nil, container.NewVBox(where, container.NewCenter(ok)),
		nil, nil, container.NewVScroll(msg)))
	w.Resize(fyne.NewSize(600, 380))
	w.CenterOnScreen()
	w.ShowAndRun()
}

// inBothLanguages returns the text of translation key in each of the app's
// languages, Vietnamese first, skipping a language that lacks it.
func inBothLanguages(key string) []string {
	var out []string
	for _, code := range assets.Languages {
		files, err := assets.Translations(code)
		if err != nil {
			continue
		}
		for _, f := range files {
			var m map[string]json.RawMessage
			var text string
			if json.Unmarshal(f, &m) == nil && json.Unmarshal(m[key], &text) == nil {
				out = append(out, text)
				break
			}
		}
	}
	return out
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
