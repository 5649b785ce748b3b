package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// asideLayout dates the name of a file set aside.
const asideLayout = "20060102-150405"

// maxAsideTries bounds the -2, -3… suffixes tried for a free name.
const maxAsideTries = 1000

// sidecars are the files SQLite keeps beside a database in WAL mode.
var sidecars = []string{"-wal", "-shm"}

// SetAside moves the database at path, with its -wal and -shm, to
// <dir>/<base>-damaged-YYYYMMDD-HHMMSS.db (adding -2, -3… when the name is
// taken) and returns the new path, so that Open can start a fresh file. The
// store must not be open.
func SetAside(path string, now time.Time) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("set aside: %w", err)
	}
	if _, err := os.Stat(abs); err != nil {
		return "", fmt.Errorf("set aside: %w", err)
	}

	dst, err := freeAsideName(abs, now)
	if err != nil {
		return "", fmt.Errorf("set aside: %w", err)
	}

	// The log and index go first: were the program stopped halfway, a fresh
	// database must never meet the old file's log under its own name.
	for _, suffix := range sidecars {
		err := os.Rename(abs+suffix, dst+suffix)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("set aside: %w", err)
		}
	}
	if err := os.Rename(abs, dst); err != nil {
		return "", fmt.Errorf("set aside: %w", err)
	}
	syncDir(filepath.Dir(abs))
	return dst, nil
}

// freeAsideName finds the first dated name whose file, -wal and -shm are all
// free.
func freeAsideName(abs string, now time.Time) (string, error) {
	dir := filepath.Dir(abs)
	base := strings.TrimSuffix(filepath.Base(abs), filepath.Ext(abs))
	stem := filepath.Join(dir, base+"-damaged-"+now.Format(asideLayout))
	for i := 1; i <= maxAsideTries; i++ {
		name := stem + ".db"
		if i > 1 {
			name = fmt.Sprintf("%s-%d.db", stem, i)
		}
		taken, err := anyExists(name, name+"-wal", name+"-shm")
		if err != nil {
			return "", err
		}
		if !taken {
			return name, nil
		}
	}
	return "", fmt.Errorf("no free name for %s after %d tries", stem, maxAsideTries)
}

// anyExists reports whether any of the paths exists.
func anyExists(paths ...string) (bool, error) {
	for _, p := range paths {
		_, err := os.Lstat(p)
		if err == nil {
			return true, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return false, err
		}
	}
	return false, nil
}

// syncDir makes the renames in dir durable where the system allows syncing a
// folder; elsewhere (Windows) renames are durable once they return.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}
