package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// headerSize is the length of the SQLite file header.
const headerSize = 100

// sqliteMagic opens every SQLite 3 database file.
const sqliteMagic = "SQLite format 3\x00"

// checkExisting decides, without changing the file or its -wal and -shm,
// whether path may be opened for writing. It returns a *DamagedError, a
// *TooNewError, another error when the check itself could not run, or nil.
func checkExisting(ctx context.Context, path string) error {
	if err := checkHeader(path); err != nil {
		return err
	}

	wal, walErr := os.Stat(path + "-wal")
	_, shmErr := os.Stat(path + "-shm")
	q := url.Values{}
	q.Set("mode", "ro")
	switch {
	case walErr != nil || (wal.Size() == 0 && shmErr != nil):
		// No log to replay: read the main file alone, without locks or
		// creating -wal and -shm as a plain read-only open would.
		q.Set("immutable", "1")
		return checkFile(ctx, path, path, q)
	case shmErr == nil:
		// A log and its index: read both, never writing the index.
		rq := url.Values{"mode": {"ro"}, "readonly_shm": {"1"}}
		err := checkFile(ctx, path, path, rq)
		if !needsRecovery(err) {
			return err
		}
		// A writer killed while it changed the index left it for the next
		// writer to rebuild, which a read-only check cannot do: check a
		// copy of the file and its log instead, which rebuilds its own.
	}
	// A log without its index cannot be read in place without creating one,
	// so the check runs on a private copy beside the file.
	return checkCopy(ctx, path, q)
}

// needsRecovery reports whether err says the log's index must be rebuilt
// before the log can be read, rather than that the file is damaged.
func needsRecovery(err error) bool {
	var de *DamagedError
	if !errors.As(err, &de) {
		return false
	}
	var se *sqlite.Error
	if !errors.As(de.Err, &se) {
		return false
	}
	switch se.Code() {
	case sqlite3.SQLITE_PROTOCOL, sqlite3.SQLITE_READONLY_RECOVERY,
		sqlite3.SQLITE_READONLY_CANTINIT:
		return true
	}
	return false
}

// checkHeader rejects files that SQLite could not take for a database: too
// short, without the magic string, with an impossible page size or cut off
// in the middle of a page.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}

	var h [headerSize]byte
	_, err = io.ReadFull(f, h[:])
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &DamagedError{Path: path, Err: errors.New("file shorter than a database header")}
	}
	if err != nil {
		return err
	}
	if string(h[:len(sqliteMagic)]) != sqliteMagic {
		return &DamagedError{Path: path, Err: errors.New("not a SQLite database")}
	}
	pageSize := int64(binary.BigEndian.Uint16(h[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	if pageSize < 512 || pageSize&(pageSize-1) != 0 {
		return &DamagedError{Path: path, Err: fmt.Errorf("bad page size %d", pageSize)}
	}
	if st.Size()%pageSize != 0 {
		return &DamagedError{Path: path, Err: errors.New("file cut off inside a page")}
	}
	return nil
}

// checkCopy copies the file and its log into a private folder next to it,
// checks the copy, and removes the folder.
func checkCopy(ctx context.Context, path string, q url.Values) error {
	dir, err := os.MkdirTemp(filepath.Dir(path), ".tiepsuc-check-")
	if err != nil {
		return fmt.Errorf("check copy: %w", err)
	}
	defer os.RemoveAll(dir)

	cp := filepath.Join(dir, filepath.Base(path))
	for _, suffix := range []string{"", "-wal"} {
		if err := copyFile(path+suffix, cp+suffix); err != nil {
			return fmt.Errorf("check copy: %w", err)
		}
	}
	return checkFile(ctx, path, cp, q)
}

// copyFile copies src to a new file dst readable by its owner only.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		_ = out.Close()
		return err
	}
	return out.Close()
}

// checkFile opens target read-only with the URI parameters q and runs the
// integrity, ownership and version checks; errors name path, the user's file.
func checkFile(ctx context.Context, path, target string, q url.Values) error {
	db, err := sql.Open("sqlite", fileURI(target, q))
	if err != nil {
		return fmt.Errorf("check: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	var result string
	if err := db.QueryRowContext(ctx, "PRAGMA quick_check(1)").Scan(&result); err != nil {
		return classify(path, err)
	}
	if result != "ok" {
		return &DamagedError{Path: path, Err: fmt.Errorf("integrity check: %s", result)}
	}

	var app, version, objects int
	row := db.QueryRowContext(ctx, "SELECT (SELECT application_id FROM pragma_application_id),"+
		" (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_schema)")
	if err := row.Scan(&app, &version, &objects); err != nil {
		return classify(path, err)
	}
	switch {
	case app == 0 && version == 0 && objects == 0:
		return nil // a valid empty database, as a first run cut short leaves
	case app != appID:
		return &DamagedError{Path: path, Err: errForeign}
	case version == 0:
		// Migration 1 writes the version with the tables it creates.
		return &DamagedError{Path: path, Err: errors.New("tables without a schema version")}
	case version > knownVersion():
		return &TooNewError{Path: path, Have: version, Know: knownVersion()}
	case version == knownVersion():
		return checkColumns(ctx, db, path)
	}
	return nil
}

// checkColumns makes sure an up-to-date file holds every table and column
// the code uses; extra ones are left alone.
func checkColumns(ctx context.Context, db *sql.DB, path string) error {
	want, err := expectedColumns()
	if err != nil {
		return fmt.Errorf("check: expected schema: %w", err)
	}
	have, err := columnSet(ctx, db)
	if err != nil {
		return classify(path, err)
	}
	for c := range want {
		if !have[c] {
			return &DamagedError{Path: path, Err: fmt.Errorf("column %s missing", c)}
		}
	}
	return nil
}

// classify turns an error from reading the file into a *DamagedError when it
// says the content is bad, and wraps it plainly when the reading itself failed
// (locked, permission, disk error, out of memory, cancelled), since setting the
// file aside would not help then.
func classify(path string, err error) error {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return fmt.Errorf("check: %w", err)
	}
	if se.Code() == sqlite3.SQLITE_IOERR_SHORT_READ {
		return &DamagedError{Path: path, Err: err}
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_NOMEM,
		sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH, sqlite3.SQLITE_CANTOPEN,
		sqlite3.SQLITE_INTERRUPT, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL:
		return fmt.Errorf("check: %w", err)
	}
	return &DamagedError{Path: path, Err: err}
}
