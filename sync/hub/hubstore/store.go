// Package hubstore keeps the hub's data: desks and their token hashes,
// enrolment code hashes, drafts by commune, the record of every change a
// desk pushed, conflicts, and the event sequence desks pull. It runs on
// SQLite (the default) or PostgreSQL; the SQL is shared and a dialect
// carries the few differences.
package hubstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Errors the store returns, to be matched with errors.Is.
var (
	// ErrEnrolRejected: the enrolment code is unknown, used or expired.
	ErrEnrolRejected = errors.New("enrolment code rejected")
	// ErrUnauthorized: the token is unknown or its desk is revoked.
	ErrUnauthorized = errors.New("unknown or revoked token")
	// ErrNotFound: no such desk or draft.
	ErrNotFound = errors.New("not found")
	// ErrInvalid: an argument is empty or malformed.
	ErrInvalid = errors.New("invalid argument")
)

// DB is the hub's database, on SQLite or PostgreSQL.
type DB struct {
	db *sql.DB
	d  dialect
	// writeMu serialises write transactions on SQLite, which has one writer
	// anyway; waiting on a mutex is fairer and cheaper than busy retries.
	writeMu sync.Mutex
}

// Open connects to the database named by dsn and brings its schema up to
// date: "sqlite:///abs/path.db", "sqlite://relative.db", or
// "postgres://user@host:port/db?sslmode=disable" (or "postgresql://").
func Open(ctx context.Context, dsn string) (*DB, error) {
	var (
		db  *sql.DB
		d   dialect
		err error
	)
	switch {
	case strings.HasPrefix(dsn, "sqlite://"):
		db, err = openSQLite(strings.TrimPrefix(dsn, "sqlite://"))
		d = sqliteDialect
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		db, err = sql.Open("pgx", dsn)
		d = postgresDialect
		if err == nil {
			db.SetMaxOpenConns(16)
			db.SetMaxIdleConns(16)
			db.SetConnMaxIdleTime(5 * time.Minute)
		}
	default:
		return nil, fmt.Errorf("open hub db: want sqlite:// or postgres:// address")
	}
	if err != nil {
		return nil, fmt.Errorf("open hub db: %w", err)
	}
	s := &DB{db: db, d: d}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open hub db: %w", err)
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open hub db: %w", err)
	}
	return s, nil
}

// openSQLite opens the file at path, creating its folder, in WAL mode with
// full fsync, so an answered push survives a power cut.
func openSQLite(path string) (*sql.DB, error) {
	if path == "" {
		return nil, fmt.Errorf("sqlite: empty path")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	// The file holds citizens' personal data: readable by the hub alone.
	// SQLite gives its -wal and -shm files the same permissions.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	switch {
	case err == nil:
		_ = f.Close()
	case !errors.Is(err, fs.ErrExist):
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(ON)")
	// Deleted rows are overwritten with zeros, so a draft deleted at a
	// citizen's request does not stay readable in the file's free space.
	q.Add("_pragma", "secure_delete(ON)")
	q.Set("_txlock", "immediate")
	u := url.URL{Scheme: "file", Path: path, RawQuery: q.Encode()}
	if !filepath.IsAbs(path) {
		u = url.URL{Scheme: "file", Opaque: path, RawQuery: q.Encode()}
	}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(8)
	return db, nil
}

// Engine names the database engine: "sqlite" or "postgres".
func (s *DB) Engine() string {
	return s.d.name
}

// Close closes the database.
func (s *DB) Close() error {
	return s.db.Close()
}

// writeTx runs fn in a transaction that no other write runs beside, so
// event sequence numbers become visible in the order they were given out,
// and commits it when fn returns nil.
func (s *DB) writeTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.d.serialise {
		s.writeMu.Lock()
		defer s.writeMu.Unlock()
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if s.d.lockWrites != "" {
		if _, err := tx.ExecContext(ctx, s.d.lockWrites); err != nil {
			return fmt.Errorf("lock writes: %w", err)
		}
	}
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// q rewrites a query written with ? placeholders for the dialect.
func (s *DB) q(query string) string {
	return s.d.rebind(query)
}

// Checkpoint writes everything committed into the main database files
// (SQLite: the WAL into the file; PostgreSQL: CHECKPOINT, superuser only).
func (s *DB) Checkpoint(ctx context.Context) error {
	q := "CHECKPOINT"
	if s.d.name == "sqlite" {
		q = "PRAGMA wal_checkpoint(TRUNCATE)"
	}
	if _, err := s.db.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	return nil
}
