// Package winetest helps package tests that tests/windows also runs as
// Windows programs under wine.
package winetest

import (
	"os"
	"testing"
)

// EnvVar is set to 1 by tests/windows when it runs a test program under wine.
const EnvVar = "TIEPSUC_UNDER_WINE"

// TempDir returns t.TempDir(), except under wine: Debian 12's wine 8.0 lacks
// the delete call (FileDispositionInformationEx) that Go's os.RemoveAll uses
// on Windows 10 and later, so t.TempDir's clean-up would fail every test.
// There the folder is made in the wine prefix's temp folder and left for
// tests/windows, which deletes the whole prefix.
func TempDir(t testing.TB) string {
	t.Helper()
	if os.Getenv(EnvVar) != "1" {
		return t.TempDir()
	}
	dir, err := os.MkdirTemp("", "tiepsuc-test-")
	if err != nil {
		t.Fatalf("make temp folder: %v", err)
	}
	return dir
}
