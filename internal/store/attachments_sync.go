package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
)

// Reasons a file's upload is refused for good, as translation keys.
const (
	// ReasonRefused: the hub would not take the file (too large for it,
	// or refused again and again).
	ReasonRefused = "attach.up.refused"
	// ReasonMissing: the file is no longer in this desk's attachment folder.
	ReasonMissing = "attach.missing"
	// ReasonCorrupt: this desk's copy no longer matches its checksum.
	ReasonCorrupt = "attach.corrupt"
)

// maxSnapshotAttachments bounds the files a hub draft may list; more are
// left out when it is imported.
const maxSnapshotAttachments = 500

// snapshotAttachment is a file as the outbox snapshot lists it: no bytes,
// no file name.
type snapshotAttachment struct {
	SHA256 string `json:"sha256"`
	Kind   string `json:"kind"`
	Size   int64  `json:"size"`
	Paper  string `json:"paper,omitempty"`
}

// snapshotAttachments lists the draft's files for its outbox snapshot, in
// the order they were added; nil when it has none.
func snapshotAttachments(ctx context.Context, tx *sql.Tx, draftID int64) (
	[]snapshotAttachment, error) {
	rows, err := tx.QueryContext(ctx, "SELECT sha256, kind, size, paper"+
		" FROM draft_attachments WHERE draft_id = ? ORDER BY position", draftID)
	if err != nil {
		return nil, fmt.Errorf("list attachments: %w", err)
	}
	defer rows.Close()
	var out []snapshotAttachment
	for rows.Next() {
		var a snapshotAttachment
		if err := rows.Scan(&a.SHA256, &a.Kind, &a.Size, &a.Paper); err != nil {
			return nil, fmt.Errorf("list attachments: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list attachments: %w", err)
	}
	return out, nil
}

// hubAttachments reads the files a hub draft's payload lists, leaving out
// entries that are not sound and repeats of a SHA-256.
func hubAttachments(payload []byte) []AttachmentRef {
	var p struct {
		Attachments []snapshotAttachment `json:"attachments"`
	}
	if json.Unmarshal(payload, &p) != nil {
		return nil
	}
	var out []AttachmentRef
	seen := map[string]bool{}
	for _, a := range p.Attachments {
		ref, err := checkRef(AttachmentRef{SHA256: a.SHA256, Kind: a.Kind, Size: a.Size,
			Paper: a.Paper})
		if err != nil || seen[ref.SHA256] || len(out) == maxSnapshotAttachments {
			continue
		}
		seen[ref.SHA256] = true
		out = append(out, ref)
	}
	return out
}

// takeHubAttachments makes the draft's files those the hub's payload
// lists, in the hub's order, and returns the history rows of what changed.
// A file new here is taken as sent: the desk that added it sends it, and
// this one fetches it from the hub.
func takeHubAttachments(ctx context.Context, tx *sql.Tx, draftID int64, payload []byte,
	stamp string) ([][2]string, error) {
	want := hubAttachments(payload)
	have, err := snapshotAttachments(ctx, tx, draftID)
	if err != nil {
		return nil, err
	}
	var changes [][2]string
	for _, h := range have {
		if !slices.ContainsFunc(want, func(a AttachmentRef) bool { return a.SHA256 == h.SHA256 }) {
			changes = append(changes, [2]string{historyAttachmentRemove, h.SHA256})
		}
	}
	for _, a := range want {
		if !slices.ContainsFunc(have, func(h snapshotAttachment) bool {
			return h.SHA256 == a.SHA256
		}) {
			changes = append(changes, [2]string{historyAttachmentAdd, a.SHA256})
		}
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM draft_attachments WHERE draft_id = ?",
		draftID); err != nil {
		return nil, fmt.Errorf("take hub attachments: %w", err)
	}
	for i, a := range want {
		_, err := tx.ExecContext(ctx, "INSERT INTO draft_attachments(draft_id, sha256, kind,"+
			" size, paper, position, added_at) VALUES(?, ?, ?, ?, ?, ?, ?)", draftID, a.SHA256,
			a.Kind, a.Size, a.Paper, i+1, stamp)
		if err != nil {
			return nil, fmt.Errorf("take hub attachments: %w", err)
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO attachment_uploads(sha256, size, kind,"+
			" state, sent, queued_at, done_at) VALUES(?, ?, ?, 'done', ?, ?, ?)"+
			" ON CONFLICT(sha256) DO NOTHING", a.SHA256, a.Size, a.Kind, a.Size, stamp, stamp)
		if err != nil {
			return nil, fmt.Errorf("take hub attachments: %w", err)
		}
	}
	for _, h := range have {
		if err := dropUnusedUpload(ctx, tx, h.SHA256); err != nil {
			return nil, err
		}
	}
	return changes, nil
}

// Upload is a file this desk must send to the hub.
type Upload struct {
	SHA256, Kind string
	Size         int64
	// Sent is how many bytes the hub had at its last answer.
	Sent int64
	// Tries counts the answers that were neither a success nor a network
	// failure.
	Tries int
}

// PendingUploads returns up to limit files to send to the hub, oldest
// first: those of drafts the citizen agreed to sync. A file of such a draft
// that has no upload yet (the citizen agreed after it was added, or a
// restriction was lifted) is queued first.
func (s *Store) PendingUploads(ctx context.Context, limit int) ([]Upload, error) {
	if limit <= 0 {
		return nil, fmt.Errorf("pending uploads: limit %d: %w", limit, ErrInvalid)
	}
	_, err := s.db.ExecContext(ctx, "INSERT INTO attachment_uploads(sha256, size, kind,"+
		" queued_at) SELECT a.sha256, min(a.size), min(a.kind), ? FROM draft_attachments a"+
		" JOIN drafts d ON d.id = a.draft_id WHERE d.sync_allowed = 1 GROUP BY a.sha256"+
		" ON CONFLICT(sha256) DO NOTHING", s.stamp())
	if err != nil {
		return nil, fmt.Errorf("pending uploads: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, "SELECT u.sha256, u.kind, u.size, u.sent, u.tries"+
		" FROM attachment_uploads u WHERE u.state = 'queued' AND EXISTS (SELECT 1"+
		" FROM draft_attachments a JOIN drafts d ON d.id = a.draft_id"+
		" WHERE a.sha256 = u.sha256 AND d.sync_allowed = 1)"+
		" ORDER BY u.queued_at, u.sha256 LIMIT ?", limit)
	if err != nil {
		return nil, fmt.Errorf("pending uploads: %w", err)
	}
	defer rows.Close()
	var out []Upload
	for rows.Next() {
		var u Upload
		if err := rows.Scan(&u.SHA256, &u.Kind, &u.Size, &u.Sent, &u.Tries); err != nil {
			return nil, fmt.Errorf("pending uploads: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pending uploads: %w", err)
	}
	return out, nil
}

// SetUploadSent records that the hub has the first sent bytes of a queued
// file, for the progress shown beside it.
func (s *Store) SetUploadSent(ctx context.Context, sha string, sent int64) error {
	_, err := s.db.ExecContext(ctx, "UPDATE attachment_uploads SET sent = min(max(?, 0), size)"+
		" WHERE sha256 = ? AND state = 'queued'", sent, sha)
	if err != nil {
		return fmt.Errorf("upload progress: %w", err)
	}
	return nil
}

// MarkUploaded records that the hub has the whole file.
func (s *Store) MarkUploaded(ctx context.Context, sha string) error {
	_, err := s.db.ExecContext(ctx, "UPDATE attachment_uploads SET state = 'done',"+
		" sent = size, reason = '', done_at = ? WHERE sha256 = ?", s.stamp(), sha)
	if err != nil {
		return fmt.Errorf("mark uploaded: %w", err)
	}
	return nil
}

// RefuseUpload records that a file will not be sent, for the reason
// reasonKey (a translation key, one of the Reason constants); it is never
// tried again, unless the volunteer adds the file again after it was
// missing or damaged.
func (s *Store) RefuseUpload(ctx context.Context, sha, reasonKey string) error {
	_, err := s.db.ExecContext(ctx, "UPDATE attachment_uploads SET state = 'refused',"+
		" reason = ?, done_at = ? WHERE sha256 = ? AND state = 'queued'", reasonKey,
		s.stamp(), sha)
	if err != nil {
		return fmt.Errorf("refuse upload: %w", err)
	}
	return nil
}

// CountUploadTry counts an answer to a file's upload that was neither a
// success nor a network failure, and returns the tries so far.
func (s *Store) CountUploadTry(ctx context.Context, sha string) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "UPDATE attachment_uploads SET tries = tries + 1"+
		" WHERE sha256 = ? RETURNING tries", sha).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count upload try: %w", err)
	}
	return n, nil
}
