package hubstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"tiepsuc/sync/hubapi"
)

// Pull returns up to limit events for the desk's commune after cursor,
// oldest first, the cursor to pull from next, and whether more wait. The
// desk's own draft versions are passed over: it has them already.
func (s *DB) Pull(ctx context.Context, desk Desk, cursor int64, limit int) (
	[]hubapi.Event, int64, bool, error) {
	if limit <= 0 || limit > hubapi.MaxPullLimit {
		return nil, 0, false, fmt.Errorf("pull: limit %d: %w", limit, ErrInvalid)
	}
	rows, err := s.db.QueryContext(ctx, s.q("SELECT seq, kind, draft_id, created_at,"+
		" CASE WHEN kind = ? AND desk_id = ? THEN '' ELSE body END"+
		" FROM events WHERE seq > ? AND commune IN (?, '') ORDER BY seq LIMIT ?"),
		hubapi.KindDraft, desk.ID, cursor, desk.Commune, limit+1)
	if err != nil {
		return nil, 0, false, fmt.Errorf("pull: %w", err)
	}
	defer rows.Close()

	events := []hubapi.Event{}
	next, scanned, more := cursor, 0, false
	for rows.Next() {
		if scanned == limit {
			more = true
			break
		}
		var (
			e    hubapi.Event
			at   dbTime
			body string
		)
		if err := rows.Scan(&e.Seq, &e.Kind, &e.DraftID, &at, &body); err != nil {
			return nil, 0, false, fmt.Errorf("pull: %w", err)
		}
		scanned++
		next = e.Seq
		if body == "" {
			continue
		}
		e.At = at.T
		if err := decodeBody(&e, body); err != nil {
			return nil, 0, false, fmt.Errorf("pull: event %d: %w", e.Seq, err)
		}
		events = append(events, e)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, false, fmt.Errorf("pull: %w", err)
	}
	return events, next, more, nil
}

// decodeBody fills the kind's field of e from a stored event body.
func decodeBody(e *hubapi.Event, body string) error {
	var dst any
	switch e.Kind {
	case hubapi.KindDraft:
		e.Draft = &hubapi.DraftVersion{}
		dst = e.Draft
	case hubapi.KindStatus:
		e.Status = &hubapi.StatusChange{}
		dst = e.Status
	case hubapi.KindConflict:
		e.Conflict = &hubapi.Conflict{}
		dst = e.Conflict
	case hubapi.KindGuidePack:
		e.GuidePack = &hubapi.GuidePack{}
		dst = e.GuidePack
	case hubapi.KindDeleted:
		e.Deleted = &hubapi.DraftDeleted{}
		dst = e.Deleted
	default:
		return fmt.Errorf("unknown kind %q", e.Kind)
	}
	return json.Unmarshal([]byte(body), dst)
}

// SetStatus records a new dossier status of a draft of a commune and tells
// the commune's desks. An unknown draft gives ErrNotFound.
func (s *DB) SetStatus(ctx context.Context, commune, draftID string, sc hubapi.StatusChange,
	now time.Time) error {
	commune = NormaliseCommune(commune)
	if !slices.Contains(hubapi.DossierStatuses, sc.Status) {
		return fmt.Errorf("set status %q: %w", sc.Status, ErrInvalid)
	}
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q("UPDATE drafts SET status = ?,"+
			" dossier_code = CASE WHEN ? = '' THEN dossier_code ELSE ? END"+
			" WHERE commune = ? AND draft_id = ?"), sc.Status, sc.DossierCode,
			sc.DossierCode, commune, draftID)
		if err != nil {
			return fmt.Errorf("set status: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("set status: draft %s: %w", draftID, ErrNotFound)
		}
		return s.insertEvent(ctx, tx, commune, hubapi.KindStatus, draftID, sc, now)
	})
}

// insertEvent appends an event with a JSON body to the sequence.
func (s *DB) insertEvent(ctx context.Context, tx *sql.Tx, commune, kind, draftID string,
	body any, now time.Time) error {
	b, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("event: %w", err)
	}
	_, err = tx.ExecContext(ctx, s.q("INSERT INTO events (commune, kind, draft_id, body,"+
		" created_at) VALUES (?, ?, ?, ?, ?)"), commune, kind, draftID, string(b), s.d.ts(now))
	if err != nil {
		return fmt.Errorf("event: %w", err)
	}
	return nil
}
