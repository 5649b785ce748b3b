package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// settingSealed records how far sealing what a build before migration
// 0004 kept in clear has gone: sealedRows once the rows are sealed,
// sealedDone once the file was also rewritten without the old text.
const settingSealed = "store.sealed"

// Values of settingSealed.
const (
	sealedRows = "rows"
	sealedDone = "done"
)

// sealPageSize is how many rows sealExisting reads at a time.
const sealPageSize = 500

// plainColumn is a column that held personal data in clear before
// migration 0004, and the column that holds it sealed since.
type plainColumn struct {
	table  string
	plain  string
	sealed string
	// ad is the column's name in the associated data, and extra the
	// column of the row that it also binds (a draft's uid, a field name).
	ad    string
	extra string
	// empty is what the plain column keeps once its value is sealed.
	empty string
}

// plainColumns are every column sealExisting seals.
var plainColumns = []plainColumn{
	{"drafts", "fields", "fields_sealed", colDraftFields, "uid", "'{}'"},
	{"draft_history", "value", "value_sealed", colHistoryValue, "field", "''"},
	{"outbox", "payload", "payload_sealed", colOutboxPayload, "", "'{}'"},
	{"conflicts", "local_payload", "local_sealed", colConflictLocal, "", "'{}'"},
	{"conflicts", "hub_payload", "hub_sealed", colConflictHub, "", "NULL"},
	{"dossier_statuses", "note", "note_sealed", colStatusNote, "", "''"},
	{"unmatched_mails", "subject", "subject_sealed", colMailSubject, "", "''"},
	{"unmatched_mails", "sender", "sender_sealed", colMailSender, "", "''"},
}

// sealExisting seals, once, every value an older build kept in clear and
// the hub token it sealed under the older key file in dir, in one
// transaction with secure_delete on; then rewrites the file with VACUUM
// and empties the write-ahead log, so that the old text is left neither
// in free pages of the file nor in the log. Run again after a crash, it
// takes up where it stopped.
func sealExisting(ctx context.Context, db *sql.DB, dir string, k *dataKeys,
	log *slog.Logger) error {
	var state string
	err := db.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?",
		settingSealed).Scan(&state)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("seal existing rows: %w", err)
	}
	if state == sealedDone {
		return nil
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("seal existing rows: %w", err)
	}
	defer conn.Close()

	start := time.Now()
	if state != sealedRows {
		n, err := sealRows(ctx, conn, dir, k)
		if err != nil {
			return fmt.Errorf("seal existing rows: %w", err)
		}
		log.Info("rows sealed under the data key", "op", "seal", "rows", n)
	}
	for _, q := range []string{"VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)"} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("seal existing rows: %s: %w", q, err)
		}
	}
	if err := setSealed(ctx, conn, sealedDone); err != nil {
		return fmt.Errorf("seal existing rows: %w", err)
	}
	log.Info("database rewritten without text in clear", "op", "seal",
		"took", time.Since(start).Round(time.Millisecond))
	return nil
}

// sealRows seals every plain column and the hub token in one transaction
// and returns how many values it sealed.
func sealRows(ctx context.Context, conn *sql.Conn, dir string, k *dataKeys) (int, error) {
	// secure_delete overwrites the bytes of the old values, in case the
	// VACUUM after this never runs (a full disk).
	if _, err := conn.ExecContext(ctx, "PRAGMA secure_delete = ON"); err != nil {
		return 0, err
	}
	defer conn.ExecContext(ctx, "PRAGMA secure_delete = OFF") //nolint:errcheck // best effort
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer rollback(tx)

	n := 0
	for _, c := range plainColumns {
		m, err := sealColumn(ctx, tx, k, c)
		if err != nil {
			return 0, fmt.Errorf("%s.%s: %w", c.table, c.plain, err)
		}
		n += m
	}
	if err := resealHubToken(ctx, tx, k, dir); err != nil {
		return 0, err
	}
	if err := setSealed(ctx, tx, sealedRows); err != nil {
		return 0, err
	}
	return n, tx.Commit()
}

// sealColumn seals the plain values of one column, a page at a time, and
// returns how many it sealed.
func sealColumn(ctx context.Context, tx *sql.Tx, k *dataKeys, c plainColumn) (int, error) {
	extra := "''"
	if c.extra != "" {
		extra = c.extra
	}
	// The names are constants of this file, never input.
	read := fmt.Sprintf("SELECT id, %s, %s FROM %s WHERE %s IS NULL AND %s IS NOT %s"+
		" AND id > ? ORDER BY id LIMIT %d", c.plain, extra, c.table, c.sealed, c.plain, c.empty,
		sealPageSize)
	write := fmt.Sprintf("UPDATE %s SET %s = ?, %s = %s WHERE id = ?", c.table, c.sealed,
		c.plain, c.empty)
	type row struct {
		id           int64
		plain, extra string
	}
	n := 0
	for last := int64(0); ; {
		var page []row
		rows, err := tx.QueryContext(ctx, read, last)
		if err != nil {
			return 0, err
		}
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.plain, &r.extra); err != nil {
				rows.Close()
				return 0, err
			}
			page = append(page, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, err
		}
		if len(page) == 0 {
			return n, nil
		}
		for _, r := range page {
			ad := rowAD(c.ad, r.id)
			if c.extra != "" {
				ad = rowAD(c.ad, r.id, r.extra)
			}
			if _, err := tx.ExecContext(ctx, write, k.seal([]byte(r.plain), ad), r.id); err != nil {
				return 0, err
			}
		}
		n += len(page)
		last = page[len(page)-1].id
	}
}

// execer is what setSealed needs from a connection or a transaction.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// setSealed records how far sealExisting has gone.
func setSealed(ctx context.Context, e execer, state string) error {
	_, err := e.ExecContext(ctx, "INSERT INTO settings(key, value) VALUES(?, ?)"+
		" ON CONFLICT(key) DO UPDATE SET value = excluded.value", settingSealed, state)
	return err
}
