package store

import (
	"errors"
	"fmt"
)

// ErrDamaged matches a *DamagedError with errors.Is.
var ErrDamaged = errors.New("database file is damaged")

// ErrTooNew matches a *TooNewError with errors.Is.
var ErrTooNew = errors.New("database file is from a newer version")

// errForeign is the cause given when a valid SQLite file belongs to another
// program.
var errForeign = errors.New("not a Tiếp Sức database")

// DamagedError reports a database file that is not a SQLite database, fails
// its integrity check or belongs to another program; the file was not changed.
type DamagedError struct {
	Path string
	Err  error
}

// Error describes the damage and the way out.
func (e *DamagedError) Error() string {
	return fmt.Sprintf("database %s is damaged (%v); set it aside to start afresh", e.Path, e.Err)
}

// Unwrap returns the cause found by the check.
func (e *DamagedError) Unwrap() error { return e.Err }

// Is reports whether target is ErrDamaged.
func (e *DamagedError) Is(target error) bool { return target == ErrDamaged }

// TooNewError reports a database file written by a newer build, whose schema
// version Have is past the Know migrations of this build; the file was not
// changed.
type TooNewError struct {
	Path string
	Have int
	Know int
}

// Error describes the version gap and the way out.
func (e *TooNewError) Error() string {
	return fmt.Sprintf("database %s has schema version %d but this build knows %d;"+
		" install the newer version of the app", e.Path, e.Have, e.Know)
}

// Is reports whether target is ErrTooNew.
func (e *TooNewError) Is(target error) bool { return target == ErrTooNew }
