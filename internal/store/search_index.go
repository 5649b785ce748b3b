package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"tiepsuc/internal/searchindex"
)

// settingSearchKey names the setting that holds the fingerprint of the key
// the stored terms were made with.
const settingSearchKey = "search.index_key"

// rebuildPageSize is how many drafts a rebuild reads at a time.
const rebuildPageSize = 500

// searchIndex returns the index the store makes its search terms with.
func (s *Store) searchIndex() (*searchindex.Index, error) {
	if s.ix == nil {
		return nil, fmt.Errorf("search index of %s not loaded", s.path)
	}
	return s.ix, nil
}

// openSearchIndex makes the search index under the search key derived from
// the data key, and rebuilds the terms of every draft when they were made
// under another key or not made yet: after migration 0003, and once after
// migration 0004, whose data key replaced the older key file's.
func openSearchIndex(ctx context.Context, db *sql.DB, k *dataKeys,
	log *slog.Logger) (*searchindex.Index, error) {
	ix, err := searchindex.New(k.search)
	if err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	var have string
	err = db.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?",
		settingSearchKey).Scan(&have)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("search index: %w", err)
	}
	if have != ix.Fingerprint() {
		if have != "" {
			log.Info("search key changed; rebuilding the search index", "op", "search_index")
		}
		if err := rebuildTerms(ctx, db, ix, k, log); err != nil {
			return nil, fmt.Errorf("search index: %w", err)
		}
	}
	return ix, nil
}

// rebuildTerms replaces the whole search index with one made by ix and
// records ix's fingerprint, in one transaction.
func rebuildTerms(ctx context.Context, db *sql.DB, ix *searchindex.Index, k *dataKeys,
	log *slog.Logger) error {
	start := time.Now()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer rollback(tx)

	for _, q := range []string{"INSERT INTO draft_search(draft_search) VALUES('delete-all')",
		"DELETE FROM search_docs"} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("clear index: %w", err)
		}
	}
	drafts := 0
	for last := int64(-1); ; {
		n, next, err := rebuildPage(ctx, tx, ix, k, last)
		if err != nil {
			return err
		}
		if n == 0 {
			break
		}
		drafts += n
		last = next
	}
	// One merged segment answers fastest; later writes add small ones.
	_, err = tx.ExecContext(ctx, "INSERT INTO draft_search(draft_search) VALUES('optimize')")
	if err != nil {
		return fmt.Errorf("optimize index: %w", err)
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO settings(key, value) VALUES(?, ?)"+
		" ON CONFLICT(key) DO UPDATE SET value = excluded.value", settingSearchKey,
		ix.Fingerprint())
	if err != nil {
		return fmt.Errorf("record search key: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	log.Info("search index built", "op", "search_index", "drafts", drafts,
		"took", time.Since(start).Round(time.Millisecond))
	return nil
}

// rebuildPage indexes up to rebuildPageSize drafts whose id is above
// after, opening their fields, and returns how many it read and the last id.
func rebuildPage(ctx context.Context, tx *sql.Tx, ix *searchindex.Index, k *dataKeys,
	after int64) (int, int64, error) {
	rows, err := tx.QueryContext(ctx, "SELECT id, uid, fields_sealed, updated_at FROM drafts"+
		" WHERE id > ? ORDER BY id LIMIT ?", after, rebuildPageSize)
	if err != nil {
		return 0, 0, fmt.Errorf("read drafts: %w", err)
	}
	defer rows.Close()
	type entry struct {
		id    int64
		at    int64
		terms []searchindex.Term
	}
	var page []entry
	for rows.Next() {
		var (
			id      int64
			uid     string
			fields  []byte
			updated sql.NullString
		)
		if err := rows.Scan(&id, &uid, &fields, &updated); err != nil {
			return 0, 0, fmt.Errorf("read drafts: %w", err)
		}
		f, err := k.openFields(id, uid, fields)
		if err != nil {
			return 0, 0, fmt.Errorf("draft %d fields: %w", id, err)
		}
		at, err := parseTime(updated)
		if err != nil {
			return 0, 0, fmt.Errorf("draft %d: %w", id, err)
		}
		page = append(page, entry{id, sortKey(at), ix.Terms(personOf(f))})
	}
	if err := rows.Err(); err != nil {
		return 0, 0, fmt.Errorf("read drafts: %w", err)
	}
	rows.Close()

	for _, e := range page {
		if err := indexDraft(ctx, tx, e.id, e.at, e.terms); err != nil {
			return 0, 0, fmt.Errorf("draft %d: %w", e.id, err)
		}
	}
	if len(page) == 0 {
		return 0, 0, nil
	}
	return len(page), page[len(page)-1].id, nil
}

// personOf reads what a draft is searched by from its fields.
func personOf(fields map[string]string) searchindex.Person {
	return searchindex.Person{FullName: fields[FieldFullName],
		IDNumber: fields[FieldIDNumber], Phone: fields[FieldPhone]}
}

// sortKey turns a draft's updated_at into the integer the search index
// orders it by, in the same order as the stored text. Times before 1843
// or after 2096, from a clock set wrong, share the ends of the range; a
// draft that finds its key taken moves up by one.
func sortKey(t time.Time) int64 {
	const limit = 4_000_000_000 // seconds from 1970 either way
	switch {
	case t.Unix() < -limit:
		return -limit * 1e9
	case t.Unix() > limit:
		return limit * 1e9
	}
	return t.UnixNano()
}
