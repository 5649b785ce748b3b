// Package instancelock keeps a second copy of the desk app off a data folder
// that a running copy already uses. Two copies on one folder would each run
// their own autosave queue and sync engine over the same SQLite file, and one
// could set the file aside or migrate it while the other still writes to it.
//
// The lock is an exclusive operating-system lock on a small file in the data
// folder (flock on Linux and macOS, LockFileEx on Windows). It belongs to the
// open file, so the system drops it when the copy that holds it exits, even
// when it crashes or is killed: a stale lock file never keeps a desk out.
package instancelock

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// FileName is the lock file inside the data folder. It holds no data; a
// backup may copy or leave it.
const FileName = "tiepsuc.lock"

// ErrHeld says another process holds the data folder's lock.
var ErrHeld = errors.New("data folder in use by another copy of the app")

// Lock is the held lock on one data folder.
type Lock struct {
	f *os.File
}

// Acquire takes the lock on the data folder dir, creating the folder and the
// lock file when missing. It never waits: when another process holds the
// lock it returns an error that wraps ErrHeld.
func Acquire(dir string) (*Lock, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("lock data folder: %w", err)
	}
	path := filepath.Join(dir, FileName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock data folder: %w", err)
	}
	if err := tryLock(f); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return &Lock{f: f}, nil
}

// Release gives the lock up so that another copy may take the folder.
// Releasing a released lock does nothing.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	f := l.f
	l.f = nil
	errUnlock := unlock(f)
	if err := f.Close(); err != nil {
		return fmt.Errorf("release data folder lock: %w", err)
	}
	if errUnlock != nil {
		return fmt.Errorf("release data folder lock: %w", errUnlock)
	}
	return nil
}
