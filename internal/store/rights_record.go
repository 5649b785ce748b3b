package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ConsentEntry is the citizen's answer for one purpose and what became of it.
type ConsentEntry struct {
	Purpose Purpose
	// Granted is the answer the citizen gave when asked.
	Granted bool
	// At is when they answered; TextVersion names the consent text they heard.
	At          time.Time
	TextVersion string
	// WithdrawnAt is when they withdrew a granted consent; zero if never.
	WithdrawnAt time.Time
}

// InForce reports whether the consent holds now: granted, not withdrawn.
func (e ConsentEntry) InForce() bool {
	return e.Granted && e.WithdrawnAt.IsZero()
}

// ConsentRecord is what a citizen agreed to in one session, per purpose,
// with the text version and times, and what they asked for since, for the
// desk to show and print. It holds no personal data of the citizen.
type ConsentRecord struct {
	SessionID int64
	// DraftUID names the draft on every desk and at the hub.
	DraftUID string
	// Desk and Volunteer are where and by whom the citizen was helped;
	// Volunteer is empty for a draft handed off by another desk.
	Desk      string
	Volunteer string
	StartedAt time.Time
	Anonymous bool
	// FromHub is true for a draft another desk handed off; its consents
	// were given at that desk and Purposes is empty here.
	FromHub bool
	// Purposes are the answers, one per purpose asked, by purpose name.
	Purposes []ConsentEntry
	// RestrictedSince is when processing was restricted; zero if it is not.
	RestrictedSince time.Time
	// HubDeletion says whether the hub was asked to delete its copy:
	// "" (no), "queued" (not sent yet) or "sent" (done); HubDeletionAt is
	// when it was asked, HubDeletionDone when the hub confirmed.
	HubDeletion     string
	HubDeletionAt   time.Time
	HubDeletionDone time.Time
}

// ConsentRecord returns the consent record of a session, or ErrNotFound;
// a deleted session has none.
func (s *Store) ConsentRecord(ctx context.Context, sessionID int64) (ConsentRecord, error) {
	var (
		r                ConsentRecord
		volunteer        sql.NullString
		started, since   sql.NullString
		delState         sql.NullString
		delAt, delDoneAt sql.NullString
	)
	err := s.db.QueryRowContext(ctx, "SELECT s.id, d.uid, s.desk, v.name, s.started_at,"+
		" s.anonymous, s.from_hub, r.since, x.state, x.deleted_at, x.done_at"+
		" FROM sessions s JOIN drafts d ON d.session_id = s.id"+
		" LEFT JOIN volunteers v ON v.id = s.volunteer_id"+
		" LEFT JOIN restrictions r ON r.session_id = s.id"+
		" LEFT JOIN deletions x ON x.draft_uid = d.uid WHERE s.id = ?", sessionID).Scan(
		&r.SessionID, &r.DraftUID, &r.Desk, &volunteer, &started, &r.Anonymous, &r.FromHub,
		&since, &delState, &delAt, &delDoneAt)
	if errors.Is(err, sql.ErrNoRows) {
		return ConsentRecord{}, fmt.Errorf("consent record %d: %w", sessionID, ErrNotFound)
	}
	if err != nil {
		return ConsentRecord{}, fmt.Errorf("consent record: %w", err)
	}
	r.Volunteer = volunteer.String
	if delState.String == tombstoneQueued || delState.String == tombstoneSent {
		r.HubDeletion = delState.String
	}
	for _, t := range []struct {
		dst *time.Time
		src sql.NullString
	}{{&r.StartedAt, started}, {&r.RestrictedSince, since}} {
		if *t.dst, err = parseTime(t.src); err != nil {
			return ConsentRecord{}, fmt.Errorf("consent record: %w", err)
		}
	}
	if r.HubDeletion != "" {
		if r.HubDeletionAt, err = parseTime(delAt); err != nil {
			return ConsentRecord{}, fmt.Errorf("consent record: %w", err)
		}
		if r.HubDeletionDone, err = parseTime(delDoneAt); err != nil {
			return ConsentRecord{}, fmt.Errorf("consent record: %w", err)
		}
	}
	if r.Purposes, err = s.consentEntries(ctx, sessionID); err != nil {
		return ConsentRecord{}, err
	}
	return r, nil
}

// consentEntries reads a session's consents with their withdrawals.
func (s *Store) consentEntries(ctx context.Context, sessionID int64) ([]ConsentEntry, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT purpose, granted, at, text_version,"+
		" withdrawn_at FROM consents WHERE session_id = ? ORDER BY purpose", sessionID)
	if err != nil {
		return nil, fmt.Errorf("consent record: %w", err)
	}
	defer rows.Close()
	out := []ConsentEntry{}
	for rows.Next() {
		var (
			e             ConsentEntry
			at, withdrawn sql.NullString
		)
		if err := rows.Scan(&e.Purpose, &e.Granted, &at, &e.TextVersion,
			&withdrawn); err != nil {
			return nil, fmt.Errorf("consent record: %w", err)
		}
		// A withdrawn consent is stored as not granted; it was granted before.
		e.Granted = e.Granted || withdrawn.Valid
		if e.At, err = parseTime(at); err != nil {
			return nil, fmt.Errorf("consent record: %w", err)
		}
		if e.WithdrawnAt, err = parseTime(withdrawn); err != nil {
			return nil, fmt.Errorf("consent record: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("consent record: %w", err)
	}
	return out, nil
}
