package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
)

// History fields of attachment changes; the value is the file's SHA-256.
const (
	historyAttachmentAdd    = "attachment.add"
	historyAttachmentRemove = "attachment.remove"
)

// Limits of an attachment as the database keeps it. maxAttachmentBytes is
// attach.MaxBytes (30 MB), which the table's CHECK repeats.
const (
	maxAttachmentBytes = 30 << 20
	maxPaperBytes      = 200
)

// States of an attachment's upload to the hub, as UploadState.State says.
const (
	// UploadLocal: the draft may not be sent to the hub, so neither is the
	// file; it is kept on this desk only.
	UploadLocal = "local"
	// UploadQueued: the file waits for the next sync.
	UploadQueued = "queued"
	// UploadSending: part of the file reached the hub; Sent says how much.
	UploadSending = "sending"
	// UploadDone: the hub has the whole file.
	UploadDone = "done"
	// UploadRefused: the hub will not take the file, or this desk cannot
	// send it; ReasonKey says why. It is never tried again.
	UploadRefused = "refused"
)

// AttachmentRef names a file attached to a draft: its SHA-256 (64
// lower-case hex digits, the name package attach keeps it under), its kind
// ("jpeg", "png" or "pdf"), its size in bytes, and the id of the checklist
// paper it shows ("" for none). It never holds the file's original name,
// which may name the citizen.
type AttachmentRef struct {
	SHA256, Kind string
	Size         int64
	Paper        string
}

// UploadState is where a file's upload to the hub stands.
type UploadState struct {
	// State is one of the Upload constants.
	State string
	// Sent is how many bytes the hub had at the last answer; Size is the
	// file's size.
	Sent, Size int64
	// ReasonKey is the translation key of why a refused file was refused.
	ReasonKey string
}

// Attachment is a file of a draft with when it was added and its upload.
type Attachment struct {
	AttachmentRef
	AddedAt time.Time
	Upload  UploadState
}

// checkRef checks and tidies an attachment reference before it is stored.
func checkRef(a AttachmentRef) (AttachmentRef, error) {
	if !validSHA256(a.SHA256) {
		return a, fmt.Errorf("attachment sha256 %.70q: %w", a.SHA256, ErrInvalid)
	}
	switch a.Kind {
	case "jpeg", "png", "pdf":
	default:
		return a, fmt.Errorf("attachment kind %.20q: %w", a.Kind, ErrInvalid)
	}
	if a.Size < 1 || a.Size > maxAttachmentBytes {
		return a, fmt.Errorf("attachment size %d: %w", a.Size, ErrInvalid)
	}
	a.Paper = norm.NFC.String(strings.ToValidUTF8(strings.TrimSpace(a.Paper), "\uFFFD"))
	if len(a.Paper) > maxPaperBytes {
		return a, fmt.Errorf("attachment paper of %d bytes: %w", len(a.Paper), ErrInvalid)
	}
	return a, nil
}

// validSHA256 reports whether s is a SHA-256 in lower-case hex.
func validSHA256(s string) bool {
	return len(s) == 64 && strings.Trim(s, "0123456789abcdef") == ""
}

// AddAttachment attaches the file a names to the draft and returns the new
// version. The change is a version of its own, with the history row
// "attachment.add" (the SHA-256 as value) and, when the citizen agreed to
// sync, an outbox snapshot listing the draft's files and an upload of the
// file queued, all in one transaction. The same file again changes
// nothing, unless its paper differs, which is then updated. An anonymous
// draft refuses files (ErrAnonymous): photos of papers are personal data.
// The file itself must already be in the attachment folder (attach.Put).
func (s *Store) AddAttachment(ctx context.Context, draftID int64, a AttachmentRef) (int64,
	error) {
	a, err := checkRef(a)
	if err != nil {
		return 0, fmt.Errorf("add attachment: %w", err)
	}
	return s.changeTx(ctx, draftID, func(ctx context.Context, tx *sql.Tx, d *Draft) (
		string, string, bool, error) {
		if d.Anonymous {
			return "", "", false, ErrAnonymous
		}
		changed, err := attachRow(ctx, tx, d.ID, a, s.stamp())
		if err != nil || !changed {
			return "", "", false, err
		}
		if d.SyncAllowed {
			if err := queueUpload(ctx, tx, a, s.stamp()); err != nil {
				return "", "", false, err
			}
		}
		return historyAttachmentAdd, a.SHA256, true, nil
	})
}

// attachRow adds or updates the row of a on a draft and reports whether
// anything changed.
func attachRow(ctx context.Context, tx *sql.Tx, draftID int64, a AttachmentRef,
	stamp string) (bool, error) {
	var paper string
	err := tx.QueryRowContext(ctx, "SELECT paper FROM draft_attachments"+
		" WHERE draft_id = ? AND sha256 = ?", draftID, a.SHA256).Scan(&paper)
	switch {
	case err == nil && paper == a.Paper:
		return false, nil
	case err == nil:
		_, err = tx.ExecContext(ctx, "UPDATE draft_attachments SET paper = ?"+
			" WHERE draft_id = ? AND sha256 = ?", a.Paper, draftID, a.SHA256)
		return err == nil, err
	case !errors.Is(err, sql.ErrNoRows):
		return false, err
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO draft_attachments(draft_id, sha256, kind, size,"+
		" paper, position, added_at) VALUES(?, ?, ?, ?, ?, (SELECT coalesce(max(position), 0)"+
		" + 1 FROM draft_attachments WHERE draft_id = ?), ?)", draftID, a.SHA256, a.Kind,
		a.Size, a.Paper, draftID, stamp)
	return err == nil, err
}

// queueUpload queues the upload of a file. A file sent already stays
// done, and one the hub refused stays refused; but one this desk could not
// send because its copy was missing or damaged is queued again, since the
// volunteer has just put the file in the folder again.
func queueUpload(ctx context.Context, tx *sql.Tx, a AttachmentRef, stamp string) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO attachment_uploads(sha256, size, kind,"+
		" queued_at) VALUES(?, ?, ?, ?) ON CONFLICT(sha256) DO UPDATE SET state = 'queued',"+
		" reason = '', tries = 0, sent = 0, done_at = NULL WHERE state = 'refused'"+
		" AND reason IN (?, ?)", a.SHA256, a.Size, a.Kind, stamp, ReasonMissing, ReasonCorrupt)
	if err != nil {
		return fmt.Errorf("queue upload: %w", err)
	}
	return nil
}

// RemoveAttachment takes the file with SHA-256 sha off the draft and
// returns the new version, with the history row "attachment.remove" and an
// outbox snapshot as AddAttachment does. A file the draft does not have
// changes nothing. The file stays in the attachment folder: remove it
// there (attach.Store.Remove) only once AttachmentInUse says no draft uses
// it. A queued upload of a file no draft uses any more is dropped.
func (s *Store) RemoveAttachment(ctx context.Context, draftID int64, sha string) (int64,
	error) {
	if !validSHA256(sha) {
		return 0, fmt.Errorf("remove attachment %.70q: %w", sha, ErrInvalid)
	}
	return s.changeTx(ctx, draftID, func(ctx context.Context, tx *sql.Tx, d *Draft) (
		string, string, bool, error) {
		res, err := tx.ExecContext(ctx, "DELETE FROM draft_attachments"+
			" WHERE draft_id = ? AND sha256 = ?", d.ID, sha)
		if err != nil {
			return "", "", false, err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return "", "", false, err
		}
		if err := dropUnusedUpload(ctx, tx, sha); err != nil {
			return "", "", false, err
		}
		return historyAttachmentRemove, sha, true, nil
	})
}

// dropUnusedUpload deletes the queued upload of a file no draft uses.
func dropUnusedUpload(ctx context.Context, tx *sql.Tx, sha string) error {
	_, err := tx.ExecContext(ctx, "DELETE FROM attachment_uploads WHERE sha256 = ?1"+
		" AND state = 'queued' AND NOT EXISTS (SELECT 1 FROM draft_attachments"+
		" WHERE sha256 = ?1)", sha)
	if err != nil {
		return fmt.Errorf("drop upload: %w", err)
	}
	return nil
}

// Attachments returns the draft's files in the order they were added, each
// with its upload state, or ErrNotFound.
func (s *Store) Attachments(ctx context.Context, draftID int64) ([]Attachment, error) {
	var sync bool
	err := s.db.QueryRowContext(ctx, "SELECT sync_allowed FROM drafts WHERE id = ?", draftID).
		Scan(&sync)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("attachments: draft %d: %w", draftID, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("attachments: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, "SELECT a.sha256, a.kind, a.size, a.paper,"+
		" a.added_at, u.state, coalesce(u.sent, 0), coalesce(u.reason, '')"+
		" FROM draft_attachments a LEFT JOIN attachment_uploads u ON u.sha256 = a.sha256"+
		" WHERE a.draft_id = ? ORDER BY a.position", draftID)
	if err != nil {
		return nil, fmt.Errorf("attachments: %w", err)
	}
	defer rows.Close()
	out := []Attachment{}
	for rows.Next() {
		var (
			a     Attachment
			added sql.NullString
			state sql.NullString
		)
		if err := rows.Scan(&a.SHA256, &a.Kind, &a.Size, &a.Paper, &added, &state,
			&a.Upload.Sent, &a.Upload.ReasonKey); err != nil {
			return nil, fmt.Errorf("attachments: %w", err)
		}
		if a.AddedAt, err = parseTime(added); err != nil {
			return nil, fmt.Errorf("attachments: %w", err)
		}
		a.Upload.Size = a.Size
		a.Upload.State = uploadState(state, sync, a.Upload.Sent)
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("attachments: %w", err)
	}
	return out, nil
}

// uploadState tells the state to show from the upload row's state (NULL
// without a row), whether the draft may sync, and the bytes sent. A file
// of a draft that may not sync is local, even when another draft sent it;
// one sent for another draft shows as sent here too.
func uploadState(state sql.NullString, sync bool, sent int64) string {
	switch {
	case !sync:
		return UploadLocal
	case state.String == UploadDone || state.String == UploadRefused:
		return state.String
	case state.String == UploadQueued && sent > 0:
		return UploadSending
	}
	return UploadQueued
}

// AttachmentInUse reports whether any draft on this desk has the file with
// SHA-256 sha, so whether its copy in the attachment folder must be kept.
func (s *Store) AttachmentInUse(ctx context.Context, sha string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM draft_attachments"+
		" WHERE sha256 = ?", sha).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("attachment in use: %w", err)
	}
	return n > 0, nil
}

// AttachmentsInUse returns every file the drafts of this desk use, by
// SHA-256, once each: what attach.Store.Verify should find, and what must
// be fetched from the hub when it is missing. A file no longer in the list
// may be removed from the folder.
func (s *Store) AttachmentsInUse(ctx context.Context) ([]AttachmentRef, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT sha256, min(kind), min(size)"+
		" FROM draft_attachments GROUP BY sha256 ORDER BY sha256")
	if err != nil {
		return nil, fmt.Errorf("attachments in use: %w", err)
	}
	defer rows.Close()
	var out []AttachmentRef
	for rows.Next() {
		var a AttachmentRef
		if err := rows.Scan(&a.SHA256, &a.Kind, &a.Size); err != nil {
			return nil, fmt.Errorf("attachments in use: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("attachments in use: %w", err)
	}
	return out, nil
}
