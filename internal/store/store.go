// Package store keeps the desk's sessions, consents and dossier drafts in one
// local SQLite file, so that nothing a volunteer typed is lost when the power
// or the program stops.
package store

import (
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"tiepsuc/internal/searchindex"
)

// ErrNotFound is returned when a session, draft or volunteer does not exist.
var ErrNotFound = errors.New("not found")

// ErrNoConsent is returned when a named session is started without the
// citizen's consent to keep their details on this desk.
var ErrNoConsent = errors.New("consent to keep details not granted")

// ErrAnonymous is returned when a personal field is set on an anonymous draft.
var ErrAnonymous = errors.New("personal field on an anonymous draft")

// ErrInvalid is returned when an argument cannot be stored as given.
var ErrInvalid = errors.New("invalid argument")

// timeLayout is RFC 3339 in UTC with all nine fraction digits, so that stored
// times sort as text in time order.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// Store is the desk's open database; it is safe for use by many goroutines.
type Store struct {
	db   *sql.DB
	path string
	now  func() time.Time
	log  *slog.Logger
	pins *pinHasher // see WithPINHasher; nil means auth.DefaultParams
	keys *dataKeys  // derived from the data key; see datakey.go
	ix   *searchindex.Index
}

// Option changes how Open sets up a Store.
type Option func(*config)

type config struct {
	now    func() time.Time
	log    *slog.Logger
	pins   *pinHasher
	keyDir string // "" means the database's folder
}

// WithKeyDir makes the Store keep its data key (keystore.FileName) in dir
// instead of the database's folder.
func WithKeyDir(dir string) Option {
	return func(c *config) {
		c.keyDir = dir
	}
}

// WithClock makes the Store read the time from now instead of time.Now.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.now = now
		}
	}
}

// WithLogger makes the Store log to l instead of slog.Default().
func WithLogger(l *slog.Logger) Option {
	return func(c *config) {
		if l != nil {
			c.log = l
		}
	}
}

// Close checkpoints the write-ahead log and closes the database file.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	return nil
}

// Path returns the absolute path of the database file.
func (s *Store) Path() string {
	return s.path
}

// stamp returns the Store's current time as stored text.
func (s *Store) stamp() string {
	return formatTime(s.now())
}

// formatTime turns t into the stored text form.
func formatTime(t time.Time) string {
	return t.UTC().Format(timeLayout)
}

// parseTime reads a stored time; an empty or NULL value gives the zero time.
func parseTime(v sql.NullString) (time.Time, error) {
	if !v.Valid || v.String == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, v.String)
	if err != nil {
		return time.Time{}, fmt.Errorf("parse stored time: %w", err)
	}
	return t.UTC(), nil
}

// rollback ends tx after a failed step; the step's error is what matters.
func rollback(tx *sql.Tx) {
	_ = tx.Rollback()
}
