package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// OutboxState is where an outbox row stands.
type OutboxState string

// States of an outbox row: queued, then sent, conflict or quarantined; or
// superseded when a conflict's resolution replaced it with a new row.
const (
	OutboxQueued      OutboxState = "queued"
	OutboxSent        OutboxState = "sent"
	OutboxConflict    OutboxState = "conflict"
	OutboxQuarantined OutboxState = "quarantined"
	OutboxSuperseded  OutboxState = "superseded"
)

// OutboxRow is one change of a draft for the hub: from BaseVersion to
// NewVersion, with the whole draft as of NewVersion.
type OutboxRow struct {
	ID          int64
	DraftID     int64
	DraftUID    string
	BaseVersion int64
	NewVersion  int64
	// Payload is the draft as of NewVersion, a JSON object; personal data.
	Payload []byte
	// CreatedAt is the desk's clock at the edit; for people, not ordering.
	CreatedAt time.Time
	State     OutboxState
	// Reason says why the row was quarantined, in the hub's words.
	Reason string
	// DoneAt is when the row left the queue; zero while queued.
	DoneAt time.Time
}

// outboxSelect reads the columns scanOutbox expects.
const outboxSelect = "SELECT o.id, o.draft_id, d.uid, o.base_version, o.new_version," +
	" o.payload_sealed, o.created_at, o.state, o.reason, o.done_at" +
	" FROM outbox o JOIN drafts d ON d.id = o.draft_id"

// PendingOutbox returns up to limit queued rows, oldest first. Rows of a
// draft with an open conflict are held back until a person resolves it.
func (s *Store) PendingOutbox(ctx context.Context, limit int) ([]OutboxRow, error) {
	if limit <= 0 {
		return nil, fmt.Errorf("pending outbox: limit %d: %w", limit, ErrInvalid)
	}
	out, err := s.scanOutbox(ctx, outboxSelect+" WHERE o.state = 'queued' AND NOT EXISTS"+
		" (SELECT 1 FROM conflicts c WHERE c.draft_id = o.draft_id AND c.resolved_at IS NULL)"+
		" ORDER BY o.id LIMIT ?", limit)
	if err != nil {
		return nil, fmt.Errorf("pending outbox: %w", err)
	}
	return out, nil
}

// Quarantined returns the rows the hub refused as invalid, newest first,
// for a person to look at.
func (s *Store) Quarantined(ctx context.Context) ([]OutboxRow, error) {
	out, err := s.scanOutbox(ctx, outboxSelect+" WHERE o.state = 'quarantined'"+
		" ORDER BY o.id DESC")
	if err != nil {
		return nil, fmt.Errorf("quarantined outbox: %w", err)
	}
	return out, nil
}

// OutboxRows returns every outbox row of a draft, oldest first.
func (s *Store) OutboxRows(ctx context.Context, draftID int64) ([]OutboxRow, error) {
	out, err := s.scanOutbox(ctx, outboxSelect+" WHERE o.draft_id = ? ORDER BY o.id", draftID)
	if err != nil {
		return nil, fmt.Errorf("outbox rows: %w", err)
	}
	return out, nil
}

// scanOutbox runs an outboxSelect query and reads its rows.
func (s *Store) scanOutbox(ctx context.Context, query string, args ...any) ([]OutboxRow,
	error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []OutboxRow{}
	for rows.Next() {
		var (
			r             OutboxRow
			sealed        []byte
			created, done sql.NullString
		)
		err := rows.Scan(&r.ID, &r.DraftID, &r.DraftUID, &r.BaseVersion, &r.NewVersion,
			&sealed, &created, &r.State, &r.Reason, &done)
		if err != nil {
			return nil, err
		}
		if r.Payload, err = s.keys.open(sealed, rowAD(colOutboxPayload, r.ID)); err != nil {
			return nil, err
		}
		if r.CreatedAt, err = parseTime(created); err != nil {
			return nil, err
		}
		if r.DoneAt, err = parseTime(done); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// PushOutcome is the hub's answer to one outbox row.
type PushOutcome struct {
	// RowID is the outbox row answered.
	RowID int64
	// State is OutboxSent, OutboxConflict or OutboxQuarantined.
	State OutboxState
	// HubVersion is the hub's version of the draft after the answer.
	HubVersion int64
	// HubConflictID names the hub's conflict when State is OutboxConflict.
	HubConflictID int64
	// Reason says why the hub refused the row when State is OutboxQuarantined.
	Reason string
}

// MarkPushed stores the hub's answers in one transaction. A row no longer
// queued keeps its state, so answers stored twice change nothing. A
// conflict opens the draft's conflict (or joins its open one), which holds
// the draft's later rows back. After a quarantined row, the draft's next
// change starts from the version the hub last took.
func (s *Store) MarkPushed(ctx context.Context, outcomes []PushOutcome) error {
	for _, o := range outcomes {
		switch o.State {
		case OutboxSent, OutboxConflict, OutboxQuarantined:
		default:
			return fmt.Errorf("mark pushed: state %q: %w", o.State, ErrInvalid)
		}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("mark pushed: %w", err)
	}
	defer rollback(tx)
	stamp := s.stamp()
	for _, o := range outcomes {
		if err := s.markOne(ctx, tx, o, stamp); err != nil {
			return fmt.Errorf("mark pushed: row %d: %w", o.RowID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("mark pushed: %w", err)
	}
	return nil
}

// Quarantine sets a queued row aside without sending it, for a change the
// desk already knows the hub would refuse; reason says why.
func (s *Store) Quarantine(ctx context.Context, rowID int64, reason string) error {
	return s.MarkPushed(ctx, []PushOutcome{{RowID: rowID, State: OutboxQuarantined,
		Reason: reason}})
}

// markOne stores one answer inside tx.
func (s *Store) markOne(ctx context.Context, tx *sql.Tx, o PushOutcome, stamp string) error {
	var (
		r      OutboxRow
		sealed []byte
	)
	err := tx.QueryRowContext(ctx, "SELECT draft_id, base_version, new_version,"+
		" payload_sealed FROM outbox WHERE id = ? AND state = 'queued'", o.RowID).Scan(
		&r.DraftID, &r.BaseVersion, &r.NewVersion, &sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // answered before, or superseded meanwhile
	}
	if err != nil {
		return err
	}

	var conflictID sql.NullInt64
	switch o.State {
	case OutboxConflict:
		payload, err := s.keys.open(sealed, rowAD(colOutboxPayload, o.RowID))
		if err != nil {
			return err
		}
		id, err := s.noteConflict(ctx, tx, conflictNote{draftID: r.DraftID,
			hubConflictID: o.HubConflictID, hubVersion: o.HubVersion,
			localVersion: r.NewVersion, localPayload: string(payload)})
		if err != nil {
			return err
		}
		conflictID = sql.NullInt64{Int64: id, Valid: true}
	case OutboxQuarantined:
		if err := rebaseAfter(ctx, tx, o.RowID, r); err != nil {
			return err
		}
		s.log.Warn("outbox row quarantined", "op", "push", "draft", r.DraftID,
			"version", r.NewVersion)
	}
	var hubVersion sql.NullInt64
	if o.HubVersion > 0 {
		hubVersion = sql.NullInt64{Int64: o.HubVersion, Valid: true}
	}
	_, err = tx.ExecContext(ctx, "UPDATE outbox SET state = ?, done_at = ?, reason = ?,"+
		" hub_version = ?, conflict_id = ? WHERE id = ?", string(o.State), stamp,
		clipText(o.Reason, 500), hubVersion, conflictID, o.RowID)
	return err
}

// rebaseAfter makes the change after a refused row start from the refused
// row's base: the draft's next queued row, or else its next edit.
func rebaseAfter(ctx context.Context, tx *sql.Tx, rowID int64, r OutboxRow) error {
	res, err := tx.ExecContext(ctx, "UPDATE outbox SET base_version = ? WHERE id ="+
		" (SELECT min(id) FROM outbox WHERE draft_id = ? AND state = 'queued' AND id > ?)",
		r.BaseVersion, r.DraftID, rowID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	_, err = tx.ExecContext(ctx, "UPDATE drafts SET sync_base = ? WHERE id = ?",
		r.BaseVersion, r.DraftID)
	return err
}

// clipText shortens text kept from another system to at most n bytes,
// on a rune boundary.
func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// SyncCounts are the numbers the desk home shows about sync.
type SyncCounts struct {
	// Queued is the rows waiting to be sent, held ones included.
	Queued int
	// Held is the queued rows waiting for a conflict's resolution.
	Held int
	// Quarantined is the rows the hub refused, set aside.
	Quarantined int
	// Conflicts is the open conflicts.
	Conflicts int
	// NewStatuses is the statuses of drafts no volunteer has looked at yet.
	NewStatuses int
	// Unmatched is the statuses and mails that match no draft.
	Unmatched int
}

// SyncCounts counts what the desk home shows about sync.
func (s *Store) SyncCounts(ctx context.Context) (SyncCounts, error) {
	var c SyncCounts
	err := s.db.QueryRowContext(ctx, "SELECT"+
		" (SELECT count(*) FROM outbox WHERE state = 'queued'),"+
		" (SELECT count(*) FROM outbox o WHERE o.state = 'queued' AND EXISTS (SELECT 1"+
		" FROM conflicts c WHERE c.draft_id = o.draft_id AND c.resolved_at IS NULL)),"+
		" (SELECT count(*) FROM outbox WHERE state = 'quarantined'),"+
		" (SELECT count(*) FROM conflicts WHERE resolved_at IS NULL),"+
		" (SELECT count(*) FROM dossier_statuses WHERE draft_id IS NOT NULL"+
		" AND seen_at IS NULL),"+
		" (SELECT count(*) FROM dossier_statuses WHERE draft_id IS NULL)"+
		" + (SELECT count(*) FROM unmatched_mails WHERE seen_at IS NULL)").Scan(&c.Queued,
		&c.Held, &c.Quarantined, &c.Conflicts, &c.NewStatuses, &c.Unmatched)
	if err != nil {
		return SyncCounts{}, fmt.Errorf("sync counts: %w", err)
	}
	return c, nil
}
