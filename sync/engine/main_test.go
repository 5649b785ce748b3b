package engine_test

import (
	"io"
	"log/slog"
	"os"
	"testing"
)

// quiet is a logger that drops everything.
func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestMain(m *testing.M) {
	// The store and the mail watcher log to the default logger; keep test
	// output to what failed.
	slog.SetDefault(quiet())
	os.Exit(m.Run())
}
