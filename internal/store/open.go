package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// maxOpenConns bounds the pool; SQLite has one writer and the desk few readers.
const maxOpenConns = 4

// Open opens the database at path, creating its folder and file when missing.
// An existing file is first checked through a read-only connection and is
// left untouched when it is damaged (ErrDamaged) or from a newer build
// (ErrTooNew); then its data key is loaded from the key folder (made on a
// first start) and checked, and a database whose key is missing or another
// is refused with a *KeyError (ErrKey), untouched; otherwise pending
// migrations are applied and rows kept in clear by an older build sealed.
func Open(ctx context.Context, path string, opts ...Option) (*Store, error) {
	if migrationsErr != nil {
		return nil, fmt.Errorf("open store: %w", migrationsErr)
	}
	cfg := config{now: time.Now, log: slog.Default()}
	for _, o := range opts {
		o(&cfg)
	}

	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}

	fresh, err := prepareFile(abs)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	if !fresh {
		if err := checkExisting(ctx, abs); err != nil {
			if errors.Is(err, ErrDamaged) || errors.Is(err, ErrTooNew) {
				cfg.log.Warn("database refused", "op", "open", "err", err)
				return nil, err
			}
			return nil, fmt.Errorf("open store: %w", err)
		}
	}

	db, err := sql.Open("sqlite", fileURI(abs, readWriteQuery()))
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	db.SetMaxOpenConns(maxOpenConns)
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		// A schema that only a writer reads in full (a CHECK naming a
		// column that is not there) passes the read-only check.
		if err := classify(abs, err); errors.Is(err, ErrDamaged) {
			cfg.log.Warn("database refused", "op", "open", "err", err)
			return nil, err
		}
		return nil, fmt.Errorf("open store: %w", err)
	}
	keys, err := unlock(ctx, db, abs, cfg)
	if err != nil {
		_ = db.Close()
		if errors.Is(err, ErrKey) || errors.Is(err, ErrTooNew) {
			cfg.log.Warn("database refused", "op", "open", "err", err)
			return nil, err
		}
		return nil, fmt.Errorf("open store: %w", err)
	}
	ix, err := migrate(ctx, db, abs, cfg.log, keys, fresh)
	if err != nil {
		_ = db.Close()
		if errors.Is(err, ErrTooNew) {
			return nil, err
		}
		return nil, fmt.Errorf("open store: %w", err)
	}
	return &Store{db: db, path: abs, now: cfg.now, log: cfg.log, pins: cfg.pins, keys: keys,
		ix: ix}, nil
}

// unlock refuses a file from a newer build, then loads the data key from
// the key folder and checks it against the file.
func unlock(ctx context.Context, db *sql.DB, abs string, cfg config) (*dataKeys, error) {
	if err := refuseTooNew(ctx, db, abs); err != nil {
		return nil, err
	}
	keyDir := cfg.keyDir
	if keyDir == "" {
		keyDir = filepath.Dir(abs)
	}
	return openDataKey(ctx, db, abs, keyDir)
}

// prepareFile creates a missing database file, readable by its owner only,
// and reports whether the file holds nothing yet (missing or empty), so that
// there is nothing to check.
func prepareFile(path string) (bool, error) {
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return false, err
		}
		return true, f.Close()
	case err != nil:
		return false, err
	case !st.Mode().IsRegular():
		return false, fmt.Errorf("%s is not a regular file", path)
	}
	return st.Size() == 0, nil
}

// readWriteQuery holds the settings every pooled connection gets: WAL with
// full sync because desks lose power, foreign keys, a wait on locks, and
// write transactions that take the write lock at BEGIN so that concurrent
// edits queue instead of failing.
func readWriteQuery() url.Values {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(ON)")
	q.Set("_txlock", "immediate")
	return q
}

// fileURI builds a SQLite "file:" URI for an absolute path, escaping the
// characters that URIs reserve and giving Windows drive paths a leading slash.
func fileURI(abs string, q url.Values) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	u := url.URL{Scheme: "file", Path: p, RawQuery: q.Encode()}
	// url.URL writes "file:///path"; SQLite accepts an empty authority.
	return u.String()
}
