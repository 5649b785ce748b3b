package app

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"fyne.io/fyne/v2"

	"tiepsuc/guides"
	"tiepsuc/internal/store"
)

// Start opens the data file at path and shows the desk in win. When the
// file cannot be used it shows why instead: a damaged file is kept
// untouched until the volunteer agrees to set it aside and start afresh;
// a file from a newer version is never touched. quit ends the app.
// Closing win commits every pending edit and closes the store.
func Start(win fyne.Window, path string, lib *guides.Library, opt Options, opts []store.Option,
	quit func()) {
	now := opt.Now
	if now == nil {
		now = time.Now
	}
	st, err := store.Open(context.Background(), path, opts...)
	var tooNew *store.TooNewError
	switch {
	case errors.As(err, &tooNew):
		slog.Error("data file from a newer version", "op", "open", "err", err)
		ShowTooNew(win, path, tooNew.Have, tooNew.Know, quit)
	case errors.Is(err, store.ErrKey):
		slog.Error("data key", "op", "open", "err", err)
		keyPath := ""
		var ke *store.KeyError
		if errors.As(err, &ke) {
			keyPath = ke.KeyPath
		}
		ShowKeyProblem(win, path, keyPath, func() {
			moved, err := store.SetAside(path, now())
			if err != nil {
				slog.Error("set file aside", "op", "open", "err", err)
				ShowCannotOpen(win, path, quit)
				return
			}
			slog.Info("data file without its key set aside", "op", "open", "file", moved)
			Start(win, path, lib, opt, opts, quit)
		}, quit)
	case errors.Is(err, store.ErrDamaged):
		slog.Error("data file damaged", "op", "open", "err", err)
		ShowDamaged(win, path, func() {
			moved, err := store.SetAside(path, now())
			if err != nil {
				slog.Error("set damaged file aside", "op", "open", "err", err)
				ShowCannotOpen(win, path, quit)
				return
			}
			slog.Info("damaged data file set aside", "op", "open", "file", moved)
			Start(win, path, lib, opt, opts, quit)
		}, quit)
	case err != nil:
		slog.Error("open data file", "op", "open", "err", err)
		ShowCannotOpen(win, path, quit)
	default:
		d := New(win, st, lib, opt)
		win.SetCloseIntercept(func() { d.closeWhenSaved(win.Close) })
		win.SetOnClosed(func() {
			d.Close()
			if err := st.Close(); err != nil {
				slog.Error("close store", "op", "close", "err", err)
			}
		})
	}
}
