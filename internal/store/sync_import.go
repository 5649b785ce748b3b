package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"golang.org/x/text/unicode/norm"
)

// HubDraft is a version of a draft as a desk of the commune pushed it to
// the hub, for hand-off between desks.
type HubDraft struct {
	// UID names the draft (a UUID).
	UID string
	// Version is the hub's version of the draft.
	Version int64
	// DeskID is the hub's id of the desk that pushed it.
	DeskID string
	// Payload is the whole draft, a JSON object as desks push it.
	Payload []byte
}

// ImportOutcome says what ImportDraft did with a hub draft.
type ImportOutcome string

const (
	// ImportNew: the draft was new here and got a session of its own.
	ImportNew ImportOutcome = "imported"
	// ImportUpdated: a known draft took the hub's newer version.
	ImportUpdated ImportOutcome = "updated"
	// ImportKept: nothing changed, because this desk has the version
	// already or has changes of its own waiting (they will meet the hub's
	// version as a conflict).
	ImportKept ImportOutcome = "kept"
	// ImportDeferred: the hub's version is newer but the draft's session is
	// open on this desk; it is taken once the session closes, so nothing
	// changes under a volunteer's eyes and nothing is missed.
	ImportDeferred ImportOutcome = "deferred"
)

// ImportDraft takes a draft version from the hub. A draft new to this desk
// gets a session so it can be opened: closed with outcome "continue", no
// volunteer, marked from the hub. A known draft takes a newer hub version
// as a new local version, field by field in its history, unless it has
// changes of its own waiting, an open conflict (whose hub side is updated
// instead) or an open session.
func (s *Store) ImportDraft(ctx context.Context, h HubDraft) (ImportOutcome, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return "", fmt.Errorf("import draft: %w", err)
	}
	defer rollback(tx)
	out, err := s.importDraft(ctx, tx, h)
	if err != nil {
		return "", fmt.Errorf("import draft: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return "", fmt.Errorf("import draft: %w", err)
	}
	return out, nil
}

// importDraft is ImportDraft inside tx.
func (s *Store) importDraft(ctx context.Context, tx *sql.Tx, h HubDraft) (ImportOutcome,
	error) {
	content, err := readHubDraft(h)
	if err != nil {
		return "", err
	}
	var id int64
	err = tx.QueryRowContext(ctx, "SELECT id FROM drafts WHERE uid = ?", h.UID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		// A draft deleted here (rights_delete.go) does not come back.
		if gone, err := tombstoned(ctx, tx, h.UID); err != nil || gone {
			return ImportKept, err
		}
		return ImportNew, s.newFromHub(ctx, tx, h, content)
	}
	if err != nil {
		return "", err
	}

	d, err := s.loadDraft(ctx, tx, id)
	if err != nil {
		return "", err
	}
	var queued, open int
	var conflict sql.NullInt64
	err = tx.QueryRowContext(ctx, "SELECT"+
		" (SELECT count(*) FROM outbox WHERE draft_id = ?1 AND state = 'queued'),"+
		" (SELECT s.state = 'open' FROM sessions s WHERE s.id = ?2),"+
		" (SELECT id FROM conflicts WHERE draft_id = ?1 AND resolved_at IS NULL)",
		d.ID, d.SessionID).Scan(&queued, &open, &conflict)
	if err != nil {
		return "", err
	}
	switch {
	case conflict.Valid:
		err := s.updateHubSide(ctx, tx, conflict.Int64, h.Version, h.DeskID,
			string(h.Payload))
		return ImportKept, err
	case d.Version >= h.Version || queued > 0 || !d.SyncAllowed || d.Anonymous:
		return ImportKept, nil
	case open == 1:
		return ImportDeferred, nil
	}

	stamp := s.stamp()
	changes := takeContent(&d, content)
	d.Version = h.Version
	if err := s.saveDraft(ctx, tx, &d, stamp); err != nil {
		return "", err
	}
	files, err := takeHubAttachments(ctx, tx, d.ID, h.Payload, stamp)
	if err != nil {
		return "", err
	}
	changes = append(changes, files...)
	if err := s.addHistory(ctx, tx, d.ID, d.Version, changes, stamp); err != nil {
		return "", err
	}
	// The next change starts from the hub's version, whatever came before.
	_, err = tx.ExecContext(ctx, "UPDATE drafts SET sync_base = NULL WHERE id = ?", d.ID)
	if err != nil {
		return "", err
	}
	s.log.Info("draft updated from hub", "op", "import", "draft", d.ID, "version", d.Version)
	return ImportUpdated, nil
}

// newFromHub stores a draft new to this desk with a closed session of its
// own, from the hub, without a volunteer.
func (s *Store) newFromHub(ctx context.Context, tx *sql.Tx, h HubDraft,
	content DraftContent) error {
	stamp := s.stamp()
	res, err := tx.ExecContext(ctx, "INSERT INTO sessions(volunteer_id, desk, started_at,"+
		" ended_at, state, outcome, from_hub) VALUES(NULL, ?, ?, ?, 'closed', 'continue', 1)",
		clipText(h.DeskID, 100), stamp, stamp)
	if err != nil {
		return fmt.Errorf("session: %w", err)
	}
	sessionID, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("session: %w", err)
	}
	res, err = tx.ExecContext(ctx, "INSERT INTO drafts(session_id, version, sync_allowed,"+
		" updated_at, uid) VALUES(?, ?, 1, ?, ?)", sessionID, h.Version, stamp, h.UID)
	if err != nil {
		return fmt.Errorf("draft: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("draft: %w", err)
	}
	d := Draft{ID: id, UID: h.UID, SessionID: sessionID, Version: h.Version,
		Fields: map[string]string{}, SyncAllowed: true}
	changes := takeContent(&d, content)
	if err := s.saveDraft(ctx, tx, &d, stamp); err != nil {
		return fmt.Errorf("draft: %w", err)
	}
	files, err := takeHubAttachments(ctx, tx, id, h.Payload, stamp)
	if err != nil {
		return err
	}
	changes = append(changes, files...)
	if err := s.addHistory(ctx, tx, id, h.Version, changes, stamp); err != nil {
		return err
	}
	s.log.Info("draft imported from hub", "op", "import", "draft", id, "version", h.Version)
	return nil
}

// readHubDraft checks a hub draft and reads its content, with every value
// in NFC and valid UTF-8 as the desk stores its own.
func readHubDraft(h HubDraft) (DraftContent, error) {
	u, err := uuid.Parse(h.UID)
	if err != nil || u.String() != h.UID {
		return DraftContent{}, fmt.Errorf("hub draft uid: %w", ErrInvalid)
	}
	if h.Version <= 0 {
		return DraftContent{}, fmt.Errorf("hub draft version %d: %w", h.Version, ErrInvalid)
	}
	var p snapshot
	if err := json.Unmarshal(h.Payload, &p); err != nil {
		return DraftContent{}, fmt.Errorf("hub draft payload: %w: %w", ErrInvalid, err)
	}
	if p.GuideStep < 0 {
		return DraftContent{}, fmt.Errorf("hub draft guide step: %w", ErrInvalid)
	}
	c := DraftContent{Version: h.Version, Fields: map[string]string{},
		GuideID: clean(p.GuideID), GuideStep: p.GuideStep}
	for k, v := range p.Fields {
		k = clean(k)
		if k == "" || k == historyGuideStep || k == historyResolution {
			continue
		}
		if v = clean(v); v != "" {
			c.Fields[k] = v
		}
	}
	return c, nil
}

// clean makes text from another system valid UTF-8 in NFC.
func clean(s string) string {
	return norm.NFC.String(strings.ToValidUTF8(s, "\uFFFD"))
}
