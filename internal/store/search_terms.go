package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"tiepsuc/internal/searchindex"
)

// saveTerms puts draft d in the search index under its current fields and
// at, its updated_at as a sort key, inside the draft's transaction.
func (s *Store) saveTerms(ctx context.Context, tx *sql.Tx, d *Draft, at int64) error {
	ix, err := s.searchIndex()
	if err != nil {
		return err
	}
	if err := unindexDraft(ctx, tx, d.ID); err != nil {
		return err
	}
	return indexDraft(ctx, tx, d.ID, at, ix.Terms(personOf(d.Fields)))
}

// unindexDraft takes a draft out of the search index.
func unindexDraft(ctx context.Context, tx *sql.Tx, draftID int64) error {
	_, err := tx.ExecContext(ctx, "DELETE FROM draft_search"+
		" WHERE rowid = (SELECT doc FROM search_docs WHERE draft_id = ?)", draftID)
	if err != nil {
		return fmt.Errorf("unindex: %w", err)
	}
	_, err = tx.ExecContext(ctx, "DELETE FROM search_docs WHERE draft_id = ?", draftID)
	if err != nil {
		return fmt.Errorf("unindex: %w", err)
	}
	return nil
}

// indexDraft adds a draft's terms to the search index under the first doc
// from at that no other draft holds. A draft without terms is left out.
func indexDraft(ctx context.Context, tx *sql.Tx, draftID, at int64,
	terms []searchindex.Term) error {
	if len(terms) == 0 {
		return nil
	}
	doc := at
	for {
		res, err := tx.ExecContext(ctx, "INSERT INTO search_docs(doc, draft_id) VALUES(?, ?)"+
			" ON CONFLICT(doc) DO NOTHING", doc, draftID)
		if err != nil {
			return fmt.Errorf("index: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("index: %w", err)
		} else if n == 1 {
			break
		}
		doc++
	}
	words := make([]string, len(terms))
	for i, t := range terms {
		words[i] = string(t)
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO draft_search(rowid, terms) VALUES(?, ?)",
		doc, strings.Join(words, " "))
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	return nil
}

// findByTerms lists the drafts that match a non-empty term query, newest
// first, in state st.
func (s *Store) findByTerms(ctx context.Context, q searchindex.Query, st DraftState,
	limit int) ([]DraftSummary, error) {
	query, args, err := termQuery(q, st, limit)
	if err != nil {
		return nil, err
	}
	return s.summaries(ctx, query, args...)
}

// termQuery builds the SQL of findByTerms and its arguments.
//
// The full-text index hands out the matching docs newest first, as a doc
// is its draft's updated_at, and the query stops after limit drafts: a
// common word costs no more than a rare one, and the index itself joins
// the words of a name search, skipping through their lists. Open sessions
// are few, so a search among them starts from them instead and asks the
// index about each one's doc.
func termQuery(q searchindex.Query, st DraftState, limit int) (string, []any, error) {
	cond, cargs, err := stateCondition(st)
	if err != nil {
		return "", nil, err
	}
	match := matchAll(q.All)
	if len(q.Any) > 0 {
		match = matchAny(q.Any)
	}
	where := "draft_search MATCH ? AND s.anonymous = 0"
	if cond != "" {
		where += " AND " + cond
	}

	// CROSS JOIN fixes the order of the loops, each a lookup by key.
	from := "draft_search CROSS JOIN search_docs m ON m.doc = draft_search.rowid" +
		" CROSS JOIN drafts d ON d.id = m.draft_id CROSS JOIN sessions s ON s.id = d.session_id"
	order := "draft_search.rowid" // the index's own order, so nothing is sorted
	if st == StateOpen {
		from = "sessions s INDEXED BY sessions_open" +
			" CROSS JOIN drafts d ON d.session_id = s.id" +
			" CROSS JOIN search_docs m ON m.draft_id = d.id" +
			" CROSS JOIN draft_search ON draft_search.rowid = m.doc"
		order = "m.doc"
	}
	query := "SELECT " + summaryColumns + " FROM " + from + " WHERE " + where +
		" ORDER BY " + order + " DESC LIMIT ?"
	args := append(append([]any{match}, cargs...), limit)
	return query, args, nil
}

// matchAll is a full-text query that every one of terms must match.
func matchAll(terms []searchindex.Term) string {
	return quoteTerms(terms, " ")
}

// matchAny is a full-text query that any one of terms may match.
func matchAny(terms []searchindex.Term) string {
	return quoteTerms(terms, " OR ")
}

// quoteTerms writes terms as quoted full-text strings joined by sep; a
// term holds only letters and digits, so quoting needs no escapes.
func quoteTerms(terms []searchindex.Term, sep string) string {
	quoted := make([]string, len(terms))
	for i, t := range terms {
		quoted[i] = `"` + string(t) + `"`
	}
	return strings.Join(quoted, sep)
}
