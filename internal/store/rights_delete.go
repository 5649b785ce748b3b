package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// DeleteReason says why a draft was deleted; the hub is told it too.
type DeleteReason string

const (
	// DeleteRequested: the citizen asked for their data to be deleted.
	DeleteRequested DeleteReason = "request"
	// DeleteMistake: the session was started by mistake, e.g. twice.
	DeleteMistake DeleteReason = "mistake"
	// deleteWithdrawn: the citizen withdrew consent to send the draft to
	// the hub; only the hub's copy (and other desks') is deleted.
	deleteWithdrawn DeleteReason = "consent_withdrawn"
	// deleteAtHub: another desk had the draft deleted, and the hub told us.
	deleteAtHub DeleteReason = "hub"
)

// States of a tombstone, the row a deletion leaves in table deletions.
const (
	// tombstoneQueued: the hub must still be told.
	tombstoneQueued = "queued"
	// tombstoneSent: the hub deleted its copy.
	tombstoneSent = "sent"
	// tombstoneRefused: the hub could not read the deletion.
	tombstoneRefused = "refused"
	// tombstoneLocal: nothing to tell the hub.
	tombstoneLocal = "local"
)

// DeleteSession deletes a session on the citizen's request (or a session
// started by mistake): the session, its consents, its draft with every
// version in its history, its outbox rows, conflicts, linked dossier
// statuses and search terms. It leaves a tombstone, the draft's uid and
// the time without personal data, which keeps the draft from coming back
// with a pull and, when the hub may hold a copy, is pushed to the hub: the
// hub deletes its copy and every version, and tells the commune's other
// desks to delete theirs. Deleted data is overwritten in the file (see
// erase). A restricted or open session may be deleted; the caller closes
// an open one's screen first.
func (s *Store) DeleteSession(ctx context.Context, sessionID int64,
	reason DeleteReason) error {
	if reason != DeleteRequested && reason != DeleteMistake {
		return fmt.Errorf("delete session: reason %q: %w", reason, ErrInvalid)
	}
	var queued bool
	err := s.erase(ctx, func(tx *sql.Tx) (bool, error) {
		sj, err := loadSubject(ctx, tx, sessionID)
		if err != nil {
			return false, err
		}
		if err := eraseDraft(ctx, tx, sj.draftID, sj.sessionID); err != nil {
			return false, err
		}
		state := tombstoneLocal
		if queued = sj.mayBeAtHub(); queued {
			state = tombstoneQueued
		}
		return true, addTombstone(ctx, tx, sj.uid, reason, s.stamp(), state)
	})
	if err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	s.log.Info("session deleted", "op", "delete_session", "session", sessionID,
		"reason", string(reason), "hub", queued)
	return nil
}

// eraseDraft deletes a draft, its session and every row that holds a copy
// of it or points at it.
func eraseDraft(ctx context.Context, tx *sql.Tx, draftID, sessionID int64) error {
	byDraft := []string{
		"DELETE FROM dossier_statuses WHERE draft_id = ?",
		"DELETE FROM conflict_refs WHERE conflict_id IN" +
			" (SELECT id FROM conflicts WHERE draft_id = ?)",
		"DELETE FROM outbox WHERE draft_id = ?",
		"DELETE FROM conflicts WHERE draft_id = ?",
		"DELETE FROM draft_history WHERE draft_id = ?",
	}
	for _, q := range byDraft {
		if _, err := tx.ExecContext(ctx, q, draftID); err != nil {
			return fmt.Errorf("erase draft: %w", err)
		}
	}
	if err := unindexDraft(ctx, tx, draftID); err != nil {
		return fmt.Errorf("erase draft: %w", err)
	}
	if err := dropAttachments(ctx, tx, draftID); err != nil {
		return fmt.Errorf("erase draft: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM drafts WHERE id = ?", draftID); err != nil {
		return fmt.Errorf("erase draft: %w", err)
	}
	bySession := []string{
		"DELETE FROM restrictions WHERE session_id = ?",
		"DELETE FROM consents WHERE session_id = ?",
		"DELETE FROM sessions WHERE id = ?",
	}
	for _, q := range bySession {
		if _, err := tx.ExecContext(ctx, q, sessionID); err != nil {
			return fmt.Errorf("erase session: %w", err)
		}
	}
	return nil
}

// dropAttachments deletes a draft's list of attached files (photos and scans
// of the citizen's papers) and the queued uploads of files no other draft
// uses. The files themselves are removed from the attachment folder by the
// app, once AttachmentInUse says no draft uses them.
func dropAttachments(ctx context.Context, tx *sql.Tx, draftID int64) error {
	rows, err := tx.QueryContext(ctx, "SELECT sha256 FROM draft_attachments"+
		" WHERE draft_id = ?", draftID)
	if err != nil {
		return fmt.Errorf("attachments: %w", err)
	}
	var shas []string
	for rows.Next() {
		var sha string
		if err := rows.Scan(&sha); err != nil {
			rows.Close()
			return fmt.Errorf("attachments: %w", err)
		}
		shas = append(shas, sha)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("attachments: %w", err)
	}
	_, err = tx.ExecContext(ctx, "DELETE FROM draft_attachments WHERE draft_id = ?", draftID)
	if err != nil {
		return fmt.Errorf("attachments: %w", err)
	}
	for _, sha := range shas {
		if err := dropUnusedUpload(ctx, tx, sha); err != nil {
			return err
		}
	}
	return nil
}

// addTombstone records the deletion of a draft uid; a uid deleted before
// keeps its first tombstone.
func addTombstone(ctx context.Context, tx *sql.Tx, uid string, reason DeleteReason,
	stamp, state string) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO deletions(draft_uid, reason, deleted_at,"+
		" state) VALUES(?, ?, ?, ?) ON CONFLICT(draft_uid) DO NOTHING", uid, string(reason),
		stamp, state)
	if err != nil {
		return fmt.Errorf("tombstone: %w", err)
	}
	return nil
}

// tombstoned reports whether a draft uid was deleted on this desk, or its
// copy at the hub was; a pulled version of it is not taken.
func tombstoned(ctx context.Context, q queryer, uid string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, "SELECT count(*) FROM deletions WHERE draft_uid = ?", uid).
		Scan(&n)
	if err != nil {
		return false, fmt.Errorf("read tombstone: %w", err)
	}
	return n > 0, nil
}

// erase runs fn in one write transaction on a connection that overwrites
// the bytes of deleted rows (secure_delete), and, when fn reports that it
// deleted personal data, scrubs the file once the transaction committed.
func (s *Store) erase(ctx context.Context, fn func(tx *sql.Tx) (bool, error)) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// The setting stays on this pooled connection, which only helps.
	if _, err := conn.ExecContext(ctx, "PRAGMA secure_delete = ON"); err != nil {
		return fmt.Errorf("secure delete: %w", err)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer rollback(tx)
	erased, err := fn(tx)
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if erased {
		s.scrub(ctx, conn)
	}
	return nil
}

// scrub leaves no copy of deleted rows in the file. secure_delete zeroes
// the deleted rows themselves, but earlier versions of a row may sit in
// free space of pages that the deletion did not touch, in the search
// index's segments (until they are merged) and in old frames of the WAL. So
// the search index is merged, the file rebuilt (VACUUM, with its temporary
// copy in memory) and the WAL written back and emptied. A failure is only
// logged: the deletion itself is committed, and the next scrub (every
// deletion and purge makes one) does the whole file again.
func (s *Store) scrub(ctx context.Context, conn *sql.Conn) {
	start := time.Now()
	steps := []string{
		"INSERT INTO draft_search(draft_search) VALUES('optimize')",
		"PRAGMA temp_store = MEMORY",
		"VACUUM",
	}
	for _, q := range steps {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			s.log.Warn("scrub failed", "op", "scrub", "err", err)
			return
		}
	}
	var busy, frames, done int
	err := conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &frames,
		&done)
	switch {
	case err != nil:
		s.log.Warn("scrub checkpoint failed", "op", "scrub", "err", err)
	case busy != 0:
		// A reader held the WAL; it is emptied at a later checkpoint.
		s.log.Warn("scrub checkpoint blocked by a reader", "op", "scrub")
	}
	s.log.Info("file scrubbed", "op", "scrub", "ms", time.Since(start).Milliseconds())
}

// Tombstone is a deletion the hub must hear of: a draft deleted here on
// request, or whose consent to be sent to the hub was withdrawn.
type Tombstone struct {
	// DraftUID names the draft on every desk and on the hub.
	DraftUID string
	// Reason is why: DeleteRequested, DeleteMistake or "consent_withdrawn".
	Reason DeleteReason
	// DeletedAt is the desk's clock at the deletion.
	DeletedAt time.Time
}

// PendingDeletions returns up to limit tombstones waiting to be sent to the
// hub, oldest first.
func (s *Store) PendingDeletions(ctx context.Context, limit int) ([]Tombstone, error) {
	if limit <= 0 {
		return nil, fmt.Errorf("pending deletions: limit %d: %w", limit, ErrInvalid)
	}
	rows, err := s.db.QueryContext(ctx, "SELECT draft_uid, reason, deleted_at FROM deletions"+
		" WHERE state = 'queued' ORDER BY id LIMIT ?", limit)
	if err != nil {
		return nil, fmt.Errorf("pending deletions: %w", err)
	}
	defer rows.Close()
	out := []Tombstone{}
	for rows.Next() {
		var (
			t  Tombstone
			at sql.NullString
		)
		if err := rows.Scan(&t.DraftUID, &t.Reason, &at); err != nil {
			return nil, fmt.Errorf("pending deletions: %w", err)
		}
		if t.DeletedAt, err = parseTime(at); err != nil {
			return nil, fmt.Errorf("pending deletions: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pending deletions: %w", err)
	}
	return out, nil
}

// PendingDeletionCount counts the tombstones waiting to be sent to the hub.
func (s *Store) PendingDeletionCount(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM deletions WHERE state = 'queued'").
		Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("pending deletion count: %w", err)
	}
	return n, nil
}

// MarkDeletions stores the hub's answers to sent tombstones: done, or
// refused as unreadable (which never happens to a tombstone this desk made,
// but must not stay queued for ever). An answer stored twice changes nothing.
func (s *Store) MarkDeletions(ctx context.Context, done, refused []string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("mark deletions: %w", err)
	}
	defer rollback(tx)
	stamp := s.stamp()
	for state, uids := range map[string][]string{tombstoneSent: done,
		tombstoneRefused: refused} {
		for _, uid := range uids {
			_, err := tx.ExecContext(ctx, "UPDATE deletions SET state = ?, done_at = ?"+
				" WHERE draft_uid = ? AND state = 'queued'", state, stamp, uid)
			if err != nil {
				return fmt.Errorf("mark deletions: %w", err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("mark deletions: %w", err)
	}
	if len(refused) > 0 {
		s.log.Warn("hub refused deletions", "op", "delete", "count", len(refused))
	}
	return nil
}

// HubDeletion is a pulled event: a desk of the commune had a draft
// deleted, and the hub holds nothing of it any more.
type HubDeletion struct {
	// UID names the draft.
	UID string
	// DeskID is the hub's id of the desk that asked.
	DeskID string
}

// ApplyHubDeletions deletes this desk's copy of each draft the hub deleted,
// exactly as DeleteSession does but without telling the hub, and returns
// how many drafts it deleted. The copy goes whatever its state (open,
// restricted, with changes waiting): the citizen asked for it. A draft this
// desk deleted itself, or whose hub copy it had deleted when consent to
// sync was withdrawn (the draft then stays here), is left alone; so is a
// uid that is not a canonical UUID. Applying a deletion twice changes
// nothing.
func (s *Store) ApplyHubDeletions(ctx context.Context, dels []HubDeletion) (int, error) {
	if len(dels) == 0 {
		return 0, nil
	}
	n := 0
	err := s.erase(ctx, func(tx *sql.Tx) (bool, error) {
		stamp := s.stamp()
		for _, d := range dels {
			if u, err := uuid.Parse(d.UID); err != nil || u.String() != d.UID {
				s.log.Warn("pulled deletion skipped", "op", "pull", "err", "uid not canonical")
				continue
			}
			gone, err := tombstoned(ctx, tx, d.UID)
			if err != nil || gone {
				if err != nil {
					return false, err
				}
				continue
			}
			var draftID, sessionID int64
			err = tx.QueryRowContext(ctx, "SELECT id, session_id FROM drafts WHERE uid = ?",
				d.UID).Scan(&draftID, &sessionID)
			switch {
			case errors.Is(err, sql.ErrNoRows):
			case err != nil:
				return false, fmt.Errorf("find draft: %w", err)
			default:
				if err := eraseDraft(ctx, tx, draftID, sessionID); err != nil {
					return false, err
				}
				n++
				s.log.Info("draft deleted at the hub's word", "op", "pull", "draft", draftID,
					"desk", d.DeskID)
			}
			if err := addTombstone(ctx, tx, d.UID, deleteAtHub, stamp,
				tombstoneLocal); err != nil {
				return false, err
			}
		}
		return n > 0, nil
	})
	if err != nil {
		return 0, fmt.Errorf("apply hub deletions: %w", err)
	}
	return n, nil
}
