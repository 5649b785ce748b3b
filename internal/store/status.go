package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Sources of a dossier status.
const (
	// SourceHub is a status the hub sent in a pull.
	SourceHub = "hub"
	// SourceMail is a status read from a status mail of the one-stop system.
	SourceMail = "mail"
)

// StatusRecord is a dossier status (trạng thái hồ sơ) as a source reports it.
type StatusRecord struct {
	// Source is SourceHub or SourceMail.
	Source string
	// Ref names the report within its source, so it is recorded once: the
	// event sequence number for the hub; UIDVALIDITY:UID:code:status for mail.
	Ref string
	// MessageID is a mail's Message-ID: a mail read again after its mailbox
	// was renumbered is still recorded once per code and status.
	MessageID string
	// DraftUID names the draft when the source knows it (the hub does).
	DraftUID string
	// DossierCode is the portal's dossier code, as written by the source.
	DossierCode string
	// Status is a short key such as "received" or "supplement_requested".
	Status string
	// Note is a short remark, kept sealed as it may name the citizen; may be
	// empty.
	Note string
	// At is when the source says the status was given; zero means now.
	At time.Time
}

// DossierStatus is a recorded status, tied to a draft or not yet.
type DossierStatus struct {
	ID int64
	// DraftID is the draft the status belongs to, or 0 while unmatched.
	DraftID     int64
	Source      string
	Ref         string
	DossierCode string
	Status      string
	Note        string
	At          time.Time
	RecordedAt  time.Time
	// Seen is true once a volunteer opened the draft's statuses.
	Seen bool
}

// maxRefLen bounds a status reference and a dossier code.
const maxRefLen = 200

// checkStatus says why r cannot be recorded, or nil.
func checkStatus(r StatusRecord) error {
	switch {
	case r.Source != SourceHub && r.Source != SourceMail:
		return fmt.Errorf("status source %q: %w", r.Source, ErrInvalid)
	case r.Ref == "" || len(r.Ref) > maxRefLen:
		return fmt.Errorf("status reference: %w", ErrInvalid)
	case len(r.DossierCode) > maxRefLen || len(r.Note) > 2000:
		return fmt.Errorf("status code or note too long: %w", ErrInvalid)
	case !statusKey(r.Status):
		return fmt.Errorf("status %q: %w", r.Status, ErrInvalid)
	}
	return nil
}

// statusKey reports whether s is 1 to 40 lower-case letters and underscores.
func statusKey(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	return strings.Trim(s, "abcdefghijklmnopqrstuvwxyz_") == ""
}

// StatusResult says what RecordStatus did.
type StatusResult struct {
	// New is false when the report was recorded before.
	New bool
	// DraftID is the draft the status belongs to, or 0 while unmatched.
	DraftID int64
}

// RecordStatus stores a status once per source and reference, tied to the
// draft named by DraftUID, else to the draft with its dossier code, else
// unmatched for a person to look at until a draft gets the code.
func (s *Store) RecordStatus(ctx context.Context, r StatusRecord) (StatusResult, error) {
	if err := checkStatus(r); err != nil {
		return StatusResult{}, fmt.Errorf("record status: %w", err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return StatusResult{}, fmt.Errorf("record status: %w", err)
	}
	defer rollback(tx)
	res, err := s.recordStatus(ctx, tx, r)
	if err != nil {
		return StatusResult{}, fmt.Errorf("record status: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return StatusResult{}, fmt.Errorf("record status: %w", err)
	}
	return res, nil
}

// recordStatus is RecordStatus inside tx, for a checked record.
func (s *Store) recordStatus(ctx context.Context, tx *sql.Tx, r StatusRecord) (StatusResult,
	error) {
	code := NormaliseDossierCode(r.DossierCode)
	var draftID sql.NullInt64
	if r.DraftUID != "" {
		err := tx.QueryRowContext(ctx, "SELECT id FROM drafts WHERE uid = ?", r.DraftUID).
			Scan(&draftID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return StatusResult{}, err
		}
	}
	if !draftID.Valid && code != "" {
		err := tx.QueryRowContext(ctx, "SELECT id FROM drafts WHERE dossier_code = ?"+
			" ORDER BY updated_at DESC, id DESC LIMIT 1", code).Scan(&draftID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return StatusResult{}, err
		}
	}
	at := r.At
	if at.IsZero() {
		at = s.now()
	}
	id, err := nextID(ctx, tx, "dossier_statuses")
	if err != nil {
		return StatusResult{}, err
	}
	// DO NOTHING without a target also covers the Message-ID index.
	res, err := tx.ExecContext(ctx, "INSERT INTO dossier_statuses(id, source, ref, message_id,"+
		" draft_id, dossier_code, status, note, note_sealed, at, recorded_at)"+
		" VALUES(?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?) ON CONFLICT DO NOTHING", id, r.Source, r.Ref,
		clipText(r.MessageID, maxRefLen), draftID, code, r.Status,
		s.keys.sealText(r.Note, rowAD(colStatusNote, id)), formatTime(at), s.stamp())
	if err != nil {
		return StatusResult{}, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return StatusResult{}, err
	}
	if n > 0 {
		s.log.Info("status recorded", "op", "record_status", "source", r.Source,
			"draft", draftID.Int64, "status", r.Status)
	}
	return StatusResult{New: n > 0, DraftID: draftID.Int64}, nil
}

// linkStatuses ties the unmatched statuses of a dossier code to a draft.
func linkStatuses(ctx context.Context, tx *sql.Tx, draftID int64, code string) error {
	if code == "" {
		return nil
	}
	_, err := tx.ExecContext(ctx, "UPDATE dossier_statuses SET draft_id = ?"+
		" WHERE draft_id IS NULL AND dossier_code = ?", draftID, code)
	return err
}

// statusSelect reads the columns scanStatuses expects.
const statusSelect = "SELECT id, draft_id, source, ref, dossier_code, status, note_sealed, at," +
	" recorded_at, seen_at FROM dossier_statuses"

// Statuses returns the statuses of a draft, oldest first.
func (s *Store) Statuses(ctx context.Context, draftID int64) ([]DossierStatus, error) {
	out, err := s.scanStatuses(ctx, statusSelect+" WHERE draft_id = ? ORDER BY at, id",
		draftID)
	if err != nil {
		return nil, fmt.Errorf("statuses: %w", err)
	}
	return out, nil
}

// Unmatched returns the statuses whose dossier code no draft has, newest
// first, for a person to look at.
func (s *Store) Unmatched(ctx context.Context) ([]DossierStatus, error) {
	out, err := s.scanStatuses(ctx, statusSelect+" WHERE draft_id IS NULL"+
		" ORDER BY at DESC, id DESC")
	if err != nil {
		return nil, fmt.Errorf("unmatched statuses: %w", err)
	}
	return out, nil
}

// MarkStatusesSeen records that a volunteer saw the draft's statuses, so
// they no longer count as new.
func (s *Store) MarkStatusesSeen(ctx context.Context, draftID int64) error {
	_, err := s.db.ExecContext(ctx, "UPDATE dossier_statuses SET seen_at = ?"+
		" WHERE draft_id = ? AND seen_at IS NULL", s.stamp(), draftID)
	if err != nil {
		return fmt.Errorf("mark statuses seen: %w", err)
	}
	return nil
}

// scanStatuses runs a statusSelect query and reads its rows.
func (s *Store) scanStatuses(ctx context.Context, query string,
	args ...any) ([]DossierStatus, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []DossierStatus{}
	for rows.Next() {
		var (
			st            DossierStatus
			draftID       sql.NullInt64
			note          []byte
			at, rec, seen sql.NullString
		)
		err := rows.Scan(&st.ID, &draftID, &st.Source, &st.Ref, &st.DossierCode, &st.Status,
			&note, &at, &rec, &seen)
		if err != nil {
			return nil, err
		}
		if st.Note, err = s.keys.openText(note, rowAD(colStatusNote, st.ID)); err != nil {
			return nil, err
		}
		st.DraftID, st.Seen = draftID.Int64, seen.Valid
		if st.At, err = parseTime(at); err != nil {
			return nil, err
		}
		if st.RecordedAt, err = parseTime(rec); err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, rows.Err()
}
