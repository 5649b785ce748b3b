package hubstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"tiepsuc/sync/hubapi"
)

// Delete removes, for each valid deletion and in one transaction, every
// row the hub holds of the draft in the desk's commune: its current
// version, the answers to every change of it, its conflicts with both
// payloads, and its events (versions, statuses, conflicts). It records the
// deletion, without personal data, so a later push of the draft is refused,
// and, when it removed anything, adds a KindDeleted event that tells the
// commune's desks to delete their copies. Another commune's draft of the
// same id is never touched. On error nothing is committed.
func (s *DB) Delete(ctx context.Context, desk Desk, dels []hubapi.Deletion,
	now time.Time) ([]hubapi.DeletionResult, error) {
	out := make([]hubapi.DeletionResult, len(dels))
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		for i, d := range dels {
			if err := d.Validate(); err != nil {
				out[i] = hubapi.DeletionResult{DraftID: clipID(d.DraftID),
					Status: hubapi.StatusInvalid, Message: err.Error()}
				continue
			}
			found, err := s.deleteDraft(ctx, tx, desk, d, now)
			if err != nil {
				return fmt.Errorf("draft %s: %w", d.DraftID, err)
			}
			out[i] = hubapi.DeletionResult{DraftID: d.DraftID, Status: hubapi.StatusDeleted,
				Found: found, AnsweredAt: now.UTC()}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("delete: %w", err)
	}
	return out, nil
}

// clipID keeps an id echoed back in an answer short.
func clipID(s string) string {
	if len(s) > 64 {
		return s[:64]
	}
	return s
}

// deleteDraft removes one draft of the desk's commune inside tx and reports
// whether there was anything to remove.
func (s *DB) deleteDraft(ctx context.Context, tx *sql.Tx, desk Desk, d hubapi.Deletion,
	now time.Time) (bool, error) {
	steps := []struct {
		what, query string
		args        []any
	}{
		{"draft", "DELETE FROM drafts WHERE commune = ? AND draft_id = ?",
			[]any{desk.Commune, d.DraftID}},
		{"conflicts", "DELETE FROM conflicts WHERE commune = ? AND draft_id = ?",
			[]any{desk.Commune, d.DraftID}},
		// An earlier deletion's event stays: desks that have not pulled it
		// yet must still hear of it.
		{"events", "DELETE FROM events WHERE commune = ? AND draft_id = ? AND kind != ?",
			[]any{desk.Commune, d.DraftID, hubapi.KindDeleted}},
		{"answers", "DELETE FROM changes WHERE draft_id = ?" +
			" AND desk_id IN (SELECT id FROM desks WHERE commune = ?)",
			[]any{d.DraftID, desk.Commune}},
	}
	var removed int64
	for _, st := range steps {
		res, err := tx.ExecContext(ctx, s.q(st.query), st.args...)
		if err != nil {
			return false, fmt.Errorf("delete %s: %w", st.what, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return false, fmt.Errorf("delete %s: %w", st.what, err)
		}
		removed += n
	}

	_, err := tx.ExecContext(ctx, s.q("INSERT INTO deleted_drafts (commune, draft_id, desk_id,"+
		" reason, deleted_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (commune, draft_id)"+
		" DO NOTHING"), desk.Commune, d.DraftID, desk.ID, d.Reason, s.d.ts(now))
	if err != nil {
		return false, fmt.Errorf("record deletion: %w", err)
	}
	if removed == 0 {
		return false, nil
	}
	body := hubapi.DraftDeleted{DeskID: desk.ID, Reason: d.Reason}
	if err := s.insertEvent(ctx, tx, desk.Commune, hubapi.KindDeleted, d.DraftID, body,
		now); err != nil {
		return false, err
	}
	return true, nil
}

// deletedIn returns which of ids were deleted in commune, inside tx.
func (s *DB) deletedIn(ctx context.Context, tx *sql.Tx, commune string,
	ids []any) (map[string]bool, error) {
	out := map[string]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := tx.QueryContext(ctx, s.q("SELECT draft_id FROM deleted_drafts"+
		" WHERE commune = ? AND draft_id IN "+marks(len(ids))), append([]any{commune},
		ids...)...)
	if err != nil {
		return nil, fmt.Errorf("read deletions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("read deletions: %w", err)
		}
		out[id] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read deletions: %w", err)
	}
	return out, nil
}

// Deleted reports whether a draft of commune was deleted at a desk's
// request, for the admin and the tests.
func (s *DB) Deleted(ctx context.Context, commune, draftID string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, s.q("SELECT count(*) FROM deleted_drafts"+
		" WHERE commune = ? AND draft_id = ?"), NormaliseCommune(commune), draftID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("deleted: %w", err)
	}
	return n > 0, nil
}

// Footprint counts the rows the hub holds of a draft in a commune (its
// version, the answers to its changes, its conflicts and events, deletion
// events aside): 0 once it was deleted. For the admin and the tests.
func (s *DB) Footprint(ctx context.Context, commune, draftID string) (int, error) {
	commune = NormaliseCommune(commune)
	var n int
	err := s.db.QueryRowContext(ctx, s.q("SELECT"+
		" (SELECT count(*) FROM drafts WHERE commune = ? AND draft_id = ?)"+
		" + (SELECT count(*) FROM conflicts WHERE commune = ? AND draft_id = ?)"+
		" + (SELECT count(*) FROM events WHERE commune = ? AND draft_id = ? AND kind != ?)"+
		" + (SELECT count(*) FROM changes WHERE draft_id = ?"+
		" AND desk_id IN (SELECT id FROM desks WHERE commune = ?))"),
		commune, draftID, commune, draftID, commune, draftID, hubapi.KindDeleted,
		draftID, commune).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("footprint: %w", err)
	}
	return n, nil
}
