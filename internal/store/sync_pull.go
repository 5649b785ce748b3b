package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

// HubConflict is the hub's record of a push of one desk that found another
// version on the hub: both versions, for a person to choose.
type HubConflict struct {
	// HubID names the conflict on the hub.
	HubID int64
	// DraftUID names the draft.
	DraftUID string
	// DeskID is the desk whose push conflicted.
	DeskID string
	// NewVersion is the version that desk pushed; DeskPayload its content.
	NewVersion  int64
	DeskPayload []byte
	// HubVersion is the hub's version at the time; HubPayload its content.
	HubVersion int64
	HubPayload []byte
}

// PulledEvent is one hub-side change from a pull; exactly one of Draft,
// Status and Conflict is set, or none for an event this desk does not use.
type PulledEvent struct {
	Seq      int64
	Draft    *HubDraft
	Status   *StatusRecord
	Conflict *HubConflict
}

// PullResult counts what ApplyPull did.
type PullResult struct {
	Imported  int
	Updated   int
	Statuses  int
	Conflicts int
	// Skipped counts events this desk does not use or could not read.
	Skipped int
	// Deferred counts newer drafts waiting for their open session to close.
	Deferred int
}

// ApplyPull applies pulled events in order and moves the pull cursor to
// next, all in one transaction, so that a pull is stored whole or not at
// all and events applied twice change nothing. Drafts this desk pushed
// itself, and conflicts of other desks, are skipped; so are events that
// cannot be read, which must not stop the pulls after them.
func (s *Store) ApplyPull(ctx context.Context, events []PulledEvent,
	next int64) (PullResult, error) {
	var res PullResult
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("apply pull: %w", err)
	}
	defer rollback(tx)

	var self string
	err = tx.QueryRowContext(ctx, "SELECT desk_id FROM hub WHERE id = 1").Scan(&self)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return res, fmt.Errorf("apply pull: %w", err)
	}
	var deferredAt int64 // the first deferred event
	for _, e := range events {
		before := res.Deferred
		if err := s.applyEvent(ctx, tx, e, self, &res); err != nil {
			if !errors.Is(err, ErrInvalid) {
				return PullResult{}, fmt.Errorf("apply pull: event %d: %w", e.Seq, err)
			}
			res.Skipped++
			s.log.Warn("pulled event skipped", "op", "pull", "seq", e.Seq, "err", err)
		}
		if before == 0 && res.Deferred > 0 {
			deferredAt = e.Seq
		}
	}
	if res.Deferred > 0 {
		// Stop the cursor before the first deferred draft, so it is pulled
		// again, and taken, once its session is closed; the events after it
		// are applied again meanwhile, which changes nothing.
		next = deferredAt - 1
	}
	_, err = tx.ExecContext(ctx, "UPDATE sync_state SET pull_cursor = ?"+
		" WHERE id = 1 AND pull_cursor < ?", next, next)
	if err != nil {
		return PullResult{}, fmt.Errorf("apply pull: cursor: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return PullResult{}, fmt.Errorf("apply pull: %w", err)
	}
	return res, nil
}

// applyEvent applies one pulled event inside tx and counts it in res.
func (s *Store) applyEvent(ctx context.Context, tx *sql.Tx, e PulledEvent, self string,
	res *PullResult) error {
	switch {
	case e.Draft != nil && e.Draft.DeskID != self:
		out, err := s.importDraft(ctx, tx, *e.Draft)
		if err != nil {
			return err
		}
		switch out {
		case ImportNew:
			res.Imported++
		case ImportUpdated:
			res.Updated++
		case ImportDeferred:
			res.Deferred++
		}
	case e.Status != nil:
		if err := checkStatus(*e.Status); err != nil {
			return err
		}
		r, err := s.recordStatus(ctx, tx, *e.Status)
		if err != nil {
			return err
		}
		if r.New {
			res.Statuses++
		}
	case e.Conflict != nil && e.Conflict.DeskID == self:
		added, err := s.applyHubConflict(ctx, tx, *e.Conflict)
		if err != nil {
			return err
		}
		if added {
			res.Conflicts++
		}
	default:
		res.Skipped++
	}
	return nil
}

// applyHubConflict records a conflict of this desk's push as the hub tells
// it, with both versions, and marks the pushed row if it is still queued
// (the hub's answer to the push was lost). It reports whether the conflict
// was new here.
func (s *Store) applyHubConflict(ctx context.Context, tx *sql.Tx, c HubConflict) (bool,
	error) {
	if _, err := readHubDraft(HubDraft{UID: c.DraftUID, Version: c.HubVersion,
		Payload: c.HubPayload}); err != nil {
		return false, err
	}
	if !json.Valid(c.DeskPayload) {
		return false, fmt.Errorf("conflict desk payload: %w", ErrInvalid)
	}
	var draftID int64
	err := tx.QueryRowContext(ctx, "SELECT id FROM drafts WHERE uid = ?", c.DraftUID).
		Scan(&draftID)
	if errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("conflict on an unknown draft: %w", ErrInvalid)
	}
	if err != nil {
		return false, err
	}
	var known int
	err = tx.QueryRowContext(ctx, "SELECT count(*) FROM conflict_refs"+
		" WHERE hub_conflict_id = ?", c.HubID).Scan(&known)
	if err != nil {
		return false, err
	}
	id, err := s.noteConflict(ctx, tx, conflictNote{draftID: draftID, hubConflictID: c.HubID,
		hubVersion: c.HubVersion, hubPayload: string(c.HubPayload),
		localVersion: c.NewVersion, localPayload: string(c.DeskPayload)})
	if err != nil {
		return false, err
	}
	_, err = tx.ExecContext(ctx, "UPDATE outbox SET state = 'conflict', done_at = ?,"+
		" hub_version = ?, conflict_id = ? WHERE draft_id = ? AND new_version = ?"+
		" AND state = 'queued'", s.stamp(), c.HubVersion, id, draftID, c.NewVersion)
	if err != nil {
		return false, fmt.Errorf("conflict: mark row: %w", err)
	}
	return known == 0, nil
}
