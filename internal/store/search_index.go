package store

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"tiepsuc/internal/searchindex"
	"tiepsuc/internal/secret"
)

// searchKeyLabel derives the search key from the desk's key file, so the
// search terms and the sealed secrets never share a key.
const searchKeyLabel = "tiepsuc search index v1"

// settingSearchKey names the setting that holds the fingerprint of the key
// the stored terms were made with.
const settingSearchKey = "search.index_key"

// rebuildPageSize is how many drafts a rebuild reads at a time.
const rebuildPageSize = 500

// searchIndexes holds the search index of each open database, by path.
//
// TODO(search): keep the index in a field of Store, set by Open, instead of
// this map by path, which keeps one small entry for every database path
// opened while the process runs.
var searchIndexes sync.Map

// searchIndex returns the index the store makes its search terms with.
func (s *Store) searchIndex() (*searchindex.Index, error) {
	ix, ok := searchIndexes.Load(s.path)
	if !ok {
		return nil, fmt.Errorf("search index of %s not loaded", s.path)
	}
	return ix.(*searchindex.Index), nil
}

// openSearchIndex loads the search key of the database at path from the
// key file beside it, made on first use, and rebuilds the terms of every
// draft when they were made under another key or not made yet: after
// migration 0003, or when the database was moved without its key file.
func openSearchIndex(ctx context.Context, db *sql.DB, path string, log *slog.Logger) error {
	ix, err := searchindex.New(searchKey(path, log))
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	var have string
	err = db.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?",
		settingSearchKey).Scan(&have)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("search index: %w", err)
	}
	if have != ix.Fingerprint() {
		if have != "" {
			log.Warn("search key changed; rebuilding the search index", "op", "search_index")
		}
		if err := rebuildTerms(ctx, db, ix, log); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
	}
	searchIndexes.Store(path, ix)
	return nil
}

// searchKey derives the search key from the key file beside the database.
// When that file cannot be read or made, search still works under a key
// that lives only as long as the process, and the next start rebuilds.
func searchKey(path string, log *slog.Logger) []byte {
	key, err := secret.LoadOrCreateKey(filepath.Join(filepath.Dir(path), KeyFileName))
	if err != nil {
		log.Warn("key file unusable; search index under a passing key", "op", "search_index",
			"err", err)
		key = make([]byte, secret.KeySize)
		rand.Read(key) //nolint:errcheck // crypto/rand.Read never fails since Go 1.24
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(searchKeyLabel))
	return mac.Sum(nil)
}

// rebuildTerms replaces the whole search index with one made by ix and
// records ix's fingerprint, in one transaction.
func rebuildTerms(ctx context.Context, db *sql.DB, ix *searchindex.Index,
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
		n, next, err := rebuildPage(ctx, tx, ix, last)
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

// rebuildPage indexes up to rebuildPage drafts whose id is above after,
// and returns how many it read and the last id.
func rebuildPage(ctx context.Context, tx *sql.Tx, ix *searchindex.Index,
	after int64) (int, int64, error) {
	rows, err := tx.QueryContext(ctx, "SELECT id, fields, updated_at FROM drafts"+
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
			fields  string
			updated sql.NullString
		)
		if err := rows.Scan(&id, &fields, &updated); err != nil {
			return 0, 0, fmt.Errorf("read drafts: %w", err)
		}
		var f map[string]string
		if err := json.Unmarshal([]byte(fields), &f); err != nil {
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
