//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly || windows)

package instancelock

import (
	"errors"
	"os"
)

// tryLock cannot lock on this system (the desk app ships for Linux, macOS
// and Windows); the app then runs without the lock and logs why.
func tryLock(*os.File) error {
	return errors.ErrUnsupported
}

// unlock has nothing to drop.
func unlock(*os.File) error {
	return nil
}
