package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"tiepsuc/internal/auth"
)

// AuditAction names what an audit entry records: lower-case letters and
// underscores. Other parts of the store may name their own.
type AuditAction string

// The actions of the audit log.
const (
	// AuditView: a volunteer opened a draft.
	AuditView AuditAction = "view"
	// AuditChange: a volunteer changed a draft; detail names the field.
	AuditChange AuditAction = "change"
	// AuditExport: a draft left the app (printed, saved as a file).
	AuditExport AuditAction = "export"
	// AuditDelete: a draft was deleted, as its citizen asked.
	AuditDelete AuditAction = "delete"
	// AuditPurge: old sessions were purged; detail gives how many.
	AuditPurge AuditAction = "purge"
	// AuditSignIn: a volunteer signed in.
	AuditSignIn AuditAction = "sign_in"
	// AuditSignInFailed: a wrong PIN was typed for the actor's account.
	AuditSignInFailed AuditAction = "sign_in_failed"
	// AuditLocked: wrong PINs locked the actor's account.
	AuditLocked AuditAction = "locked"
	// AuditSignOut: a volunteer signed out, or the idle lock did.
	AuditSignOut AuditAction = "sign_out"
	// AuditVolunteerAdded: the actor added a volunteer (detail: id, role).
	AuditVolunteerAdded AuditAction = "volunteer_added"
	// AuditRoleChanged: the actor changed a volunteer's role.
	AuditRoleChanged AuditAction = "role_changed"
	// AuditPINReset: the actor set another volunteer's PIN.
	AuditPINReset AuditAction = "pin_reset"
	// AuditPINChanged: a volunteer changed her own PIN.
	AuditPINChanged AuditAction = "pin_changed"
	// AuditDeactivated: the actor deactivated a volunteer.
	AuditDeactivated AuditAction = "volunteer_deactivated"
	// AuditReactivated: the actor let a deactivated volunteer sign in again.
	AuditReactivated AuditAction = "volunteer_reactivated"
	// AuditSettingChanged: the actor changed a desk setting (detail: key).
	AuditSettingChanged AuditAction = "setting_changed"
)

// maxDetail is the longest detail an entry may carry, in bytes.
const maxDetail = 200

// maxDigitRun is the longest run of digits a detail may hold: nine or more
// would be an identity number (9 or 12 digits) or a phone (10 or 11).
const maxDigitRun = 8

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	Seq int64
	At  time.Time
	// Actor is the volunteer who did it, 0 for the desk itself.
	Actor  int64
	Action AuditAction
	// DraftID is 0 when the entry is about no draft; DraftUID names the
	// draft for good, as a deleted draft's id may be given again.
	DraftID  int64
	DraftUID string
	Detail   string
	Hash     string
}

// AuditFilter picks audit entries; a zero field picks all.
type AuditFilter struct {
	Actor   int64
	DraftID int64
	Action  AuditAction
	// Since and Until bound the time, Since included and Until not.
	Since, Until time.Time
	// Before keeps entries older than sequence number Before, for paging.
	Before int64
	// Limit is how many entries at most, 100 when 0, never above 1000.
	Limit int
}

// checkAudit refuses an action that is not lower-case words with
// underscores, and a detail that is too long, not plain text or holds what
// looks like an identity number or a phone. It cannot catch a name: callers
// pass field names, setting keys and counts, never values.
func checkAudit(action AuditAction, detail string) error {
	word := strings.Trim(string(action), "abcdefghijklmnopqrstuvwxyz_") == ""
	if action == "" || len(action) > 40 || !word {
		return fmt.Errorf("audit action %q: %w", action, ErrInvalid)
	}
	if len(detail) > maxDetail || !utf8.ValidString(detail) {
		return fmt.Errorf("audit detail too long or not text: %w", ErrInvalid)
	}
	run := 0
	for _, r := range detail {
		switch {
		case unicode.IsControl(r):
			return fmt.Errorf("audit detail with a control character: %w", ErrInvalid)
		case r >= '0' && r <= '9':
			run++
		default:
			run = 0
		}
		if run > maxDigitRun {
			return fmt.Errorf("audit detail with a long number: %w", ErrInvalid)
		}
	}
	return nil
}

// Audit appends an entry saying volunteer actor (0 for the desk itself) did
// action to draft draftID (0 for none); detail must hold no personal data.
func (s *Store) Audit(ctx context.Context, actor int64, action AuditAction, draftID int64,
	detail string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	defer rollback(tx)
	if err := appendAudit(ctx, tx, s.stamp(), actor, action, draftID, detail); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("audit: commit: %w", err)
	}
	return nil
}

// appendAudit adds an entry inside tx, chained to the last one, and moves
// the anchor; a write path calls it in its own transaction so that the
// change and its entry are kept or lost together.
func appendAudit(ctx context.Context, tx *sql.Tx, at string, actor int64, action AuditAction,
	draftID int64, detail string) error {
	if actor < 0 || draftID < 0 {
		return fmt.Errorf("audit: negative id: %w", ErrInvalid)
	}
	if err := checkAudit(action, detail); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	e := AuditEntry{Actor: actor, Action: action, DraftID: draftID, Detail: detail}
	if draftID > 0 {
		err := tx.QueryRowContext(ctx, "SELECT uid FROM drafts WHERE id = ?", draftID).
			Scan(&e.DraftUID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("audit: draft uid: %w", err)
		}
	}

	prev, err := lastAudit(ctx, tx)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	e.Seq = prev.Seq + 1
	e.Hash = chainHash(prev.Hash, e, at)
	_, err = tx.ExecContext(ctx, "INSERT INTO audit_log(seq, at, actor, action, draft_id,"+
		" draft_uid, detail, prev_hash, hash) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)", e.Seq, at,
		e.Actor, string(e.Action), e.DraftID, e.DraftUID, e.Detail, prev.Hash, e.Hash)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO settings(key, value) VALUES(?, ?)"+
		" ON CONFLICT(key) DO UPDATE SET value = excluded.value", auditHeadKey,
		formatHead(e.Seq, e.Hash))
	if err != nil {
		return fmt.Errorf("audit: anchor: %w", err)
	}
	return nil
}

// AuditEntries returns the entries f picks, newest first. Only a volunteer
// whose role may view the audit log, named by WithActor, may read it.
func (s *Store) AuditEntries(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	if _, err := authorize(ctx, s.db, auth.ViewAudit); err != nil {
		return nil, fmt.Errorf("audit entries: %w", err)
	}
	where, args, err := s.auditWhere(ctx, f)
	if err != nil {
		return nil, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 1000)
	rows, err := s.db.QueryContext(ctx, "SELECT seq, at, actor, action, draft_id, draft_uid,"+
		" detail, hash FROM audit_log"+where+" ORDER BY seq DESC LIMIT ?", append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("audit entries: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var (
			e  AuditEntry
			at sql.NullString
		)
		err := rows.Scan(&e.Seq, &at, &e.Actor, &e.Action, &e.DraftID, &e.DraftUID, &e.Detail,
			&e.Hash)
		if err != nil {
			return nil, fmt.Errorf("audit entries: %w", err)
		}
		if e.At, err = parseTime(at); err != nil {
			return nil, fmt.Errorf("audit entries: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("audit entries: %w", err)
	}
	return out, nil
}

// auditWhere turns f into a WHERE clause and its arguments. A draft that
// still exists is matched by its uid, so that the entries of an earlier,
// deleted draft with the same id are left out.
func (s *Store) auditWhere(ctx context.Context, f AuditFilter) (string, []any, error) {
	var conds []string
	var args []any
	add := func(cond string, arg any) {
		conds = append(conds, cond)
		args = append(args, arg)
	}
	if f.Actor > 0 {
		add("actor = ?", f.Actor)
	}
	if f.DraftID > 0 {
		var uid string
		err := s.db.QueryRowContext(ctx, "SELECT uid FROM drafts WHERE id = ?", f.DraftID).
			Scan(&uid)
		switch {
		case errors.Is(err, sql.ErrNoRows) || (err == nil && uid == ""):
			add("draft_id = ?", f.DraftID)
		case err != nil:
			return "", nil, fmt.Errorf("audit entries: %w", err)
		default:
			add("draft_uid = ?", uid)
		}
	}
	if f.Action != "" {
		add("action = ?", string(f.Action))
	}
	if !f.Since.IsZero() {
		add("at >= ?", formatTime(f.Since))
	}
	if !f.Until.IsZero() {
		add("at < ?", formatTime(f.Until))
	}
	if f.Before > 0 {
		add("seq < ?", f.Before)
	}
	if len(conds) == 0 {
		return "", nil, nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args, nil
}
