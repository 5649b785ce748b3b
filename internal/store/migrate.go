package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"tiepsuc/internal/searchindex"
)

// appID marks a database file as this product's ("TSUC") in the SQLite
// header, so a file of another program is never migrated.
const appID = 0x54535543

//go:embed migrations/*.sql
var migrationFS embed.FS

// migration is one numbered schema change.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations is the ordered list this build knows; migrationsErr is set
// instead when the embedded files are misnamed, and Open reports it.
var migrations, migrationsErr = loadMigrations(migrationFS)

// knownVersion is the schema version this build migrates to.
func knownVersion() int { return len(migrations) }

// loadMigrations reads files named NNNN_name.sql and checks that they are
// numbered 1, 2, 3… without gaps.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	ms := make([]migration, 0, len(names))
	for _, name := range names {
		base := path.Base(name)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v < 1 {
			return nil, fmt.Errorf("migration %s: name must start with a number", base)
		}
		text, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", base, err)
		}
		ms = append(ms, migration{version: v, name: base, sql: string(text)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %d", m.name, i+1)
		}
	}
	if len(ms) == 0 {
		return nil, fmt.Errorf("no migrations embedded")
	}
	return ms, nil
}

// migrate brings the file's schema up to date, records the data key's
// check value, seals what an older build kept in clear (see sealExisting;
// a fresh file never held any) and makes the search terms that SQL alone
// cannot make (see openSearchIndex).
func migrate(ctx context.Context, db *sql.DB, path string, log *slog.Logger,
	k *dataKeys, fresh bool) (*searchindex.Index, error) {
	if err := migrateSchema(ctx, db, path, log); err != nil {
		return nil, err
	}
	if err := recordKeyCheck(ctx, db, k); err != nil {
		return nil, err
	}
	if fresh {
		if err := setSealed(ctx, db, sealedDone); err != nil {
			return nil, fmt.Errorf("record sealed: %w", err)
		}
	} else if err := sealExisting(ctx, db, filepath.Dir(path), k, log); err != nil {
		return nil, err
	}
	return openSearchIndex(ctx, db, k, log)
}

// migrateSchema applies every migration past the file's user_version, each
// in its own transaction that also records the new version. Migrations run
// on one connection with foreign keys off, as SQLite asks for a table
// rebuild, and each checks the keys before it commits.
func migrateSchema(ctx context.Context, db *sql.DB, path string, log *slog.Logger) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return fmt.Errorf("migrate: foreign keys off: %w", err)
	}
	for {
		done, err := migrateOne(ctx, conn, path, log)
		if err != nil || done {
			if _, onErr := conn.ExecContext(ctx, "PRAGMA foreign_keys = ON"); onErr != nil {
				// A connection left without foreign keys must not go back to the pool.
				_ = conn.Raw(func(any) error { return driver.ErrBadConn })
				return errors.Join(err, fmt.Errorf("migrate: foreign keys on: %w", onErr))
			}
			return err
		}
	}
}

// migrateOne applies the next pending migration and reports whether none was
// left to apply.
func migrateOne(ctx context.Context, conn *sql.Conn, path string,
	log *slog.Logger) (bool, error) {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("migrate: begin: %w", err)
	}
	defer rollback(tx)

	var have int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have); err != nil {
		return false, fmt.Errorf("migrate: read version: %w", err)
	}
	if have > knownVersion() {
		return false, &TooNewError{Path: path, Have: have, Know: knownVersion()}
	}
	if have == knownVersion() {
		return true, nil
	}

	m := migrations[have]
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return false, fmt.Errorf("migrate %s: %w", m.name, err)
	}
	if err := foreignKeyCheck(ctx, tx); err != nil {
		return false, fmt.Errorf("migrate %s: %w", m.name, err)
	}
	// PRAGMA takes no bound parameters; both values are integers from this build.
	stmt := fmt.Sprintf("PRAGMA application_id = %d; PRAGMA user_version = %d", appID, m.version)
	if _, err := tx.ExecContext(ctx, stmt); err != nil {
		return false, fmt.Errorf("migrate %s: set version: %w", m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("migrate %s: commit: %w", m.name, err)
	}
	log.Info("migration applied", "op", "migrate", "version", m.version)
	return false, nil
}

// refuseTooNew returns a *TooNewError when the file's schema is newer than
// this build's, before anything else reads or writes it.
func refuseTooNew(ctx context.Context, db *sql.DB, path string) error {
	var have int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have); err != nil {
		return fmt.Errorf("read version: %w", err)
	}
	if have > knownVersion() {
		return &TooNewError{Path: path, Have: have, Know: knownVersion()}
	}
	return nil
}

// foreignKeyCheck fails when a row points at a row that does not exist.
func foreignKeyCheck(ctx context.Context, tx *sql.Tx) error {
	var table string
	var rowid sql.NullInt64
	var parent string
	var fkid int
	err := tx.QueryRowContext(ctx, "PRAGMA foreign_key_check").Scan(&table, &rowid, &parent,
		&fkid)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("foreign key check: %w", err)
	}
	return fmt.Errorf("foreign key check: %s row %d points at a missing %s row", table,
		rowid.Int64, parent)
}

// schemaColumns lists "table.column" for every table a migrated database
// holds, leaving out SQLite's own tables.
const schemaColumns = "SELECT m.name || '.' || p.name FROM sqlite_schema m" +
	" JOIN pragma_table_info(m.name) p WHERE m.type = 'table'" +
	" AND substr(m.name, 1, 7) != 'sqlite_' ORDER BY 1"

// expectedColumns are the table columns the code relies on, read once from
// the migrations applied to a database in memory.
var expectedColumns = sync.OnceValues(func() (map[string]bool, error) {
	if migrationsErr != nil {
		return nil, migrationsErr
	}
	db, err := sql.Open("sqlite", "file::memory:")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // each connection would get its own empty database
	for _, m := range migrations {
		if _, err := db.Exec(m.sql); err != nil {
			return nil, fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return columnSet(context.Background(), db)
})

// columnSet reads schemaColumns from db.
func columnSet(ctx context.Context, db *sql.DB) (map[string]bool, error) {
	rows, err := db.QueryContext(ctx, schemaColumns)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols := map[string]bool{}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		cols[c] = true
	}
	return cols, rows.Err()
}
