// Package datadir finds the folder where the desk keeps its data: the
// SQLite file, its logs and crash reports.
package datadir

import (
	"fmt"
	"os"
	"path/filepath"
)

// EnvVar names the environment variable that moves the data folder.
const EnvVar = "TIEPSUC_DATA"

// DBName is the desk's database file inside the data folder.
const DBName = "tiepsuc.db"

// Resolve returns the data folder: flag when given, else $TIEPSUC_DATA,
// else a TiepSuc folder in the user's configuration folder (%AppData% on
// Windows, ~/.config on Linux). The path is absolute so Settings can show
// it plainly.
func Resolve(flag string) (string, error) {
	dir := flag
	if dir == "" {
		dir = os.Getenv(EnvVar)
	}
	if dir == "" {
		base, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("find user config folder: %w", err)
		}
		dir = filepath.Join(base, "TiepSuc")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("data folder %q: %w", dir, err)
	}
	return abs, nil
}
