package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
)

// Field names of a draft; the citizen.* and form.* ones and notes are personal.
const (
	// FieldFullName is the citizen's full name (họ và tên).
	FieldFullName = "citizen.full_name"
	// FieldIDNumber is the citizen's 12-digit personal identification number.
	FieldIDNumber = "citizen.id_number"
	// FieldBirthDate is the citizen's date of birth.
	FieldBirthDate = "citizen.birth_date"
	// FieldPhone is the citizen's phone number.
	FieldPhone = "citizen.phone"
	// FieldAddress is the citizen's address.
	FieldAddress = "citizen.address"
	// FieldNotes is the volunteer's free notes, which may name the citizen.
	FieldNotes = "notes"
	// FieldNeedKind is what the citizen came for: "procedure", "guide" or "question".
	FieldNeedKind = "need.kind"
	// FieldNeedProcedure is the public-service procedure the citizen needs.
	FieldNeedProcedure = "need.procedure"
	// FieldNeedGuide is the guide the citizen is following.
	FieldNeedGuide = "need.guide"
	// FieldDossierCode is the portal's dossier code (mã hồ sơ) once the
	// dossier is submitted; statuses from the hub and from mails match it.
	FieldDossierCode = "dossier.code"
)

// historyGuideStep is the history field that records a guide step change.
const historyGuideStep = "guide.step"

// IsPersonal reports whether field holds personal data of the citizen:
// the citizen's details, the notes, and the e-form values of the dossier
// ("form.<procedure>.<field>"), which name the citizen and her family.
func IsPersonal(field string) bool {
	return strings.HasPrefix(field, "citizen.") || strings.HasPrefix(field, "form.") ||
		field == FieldNotes
}

// Draft is the dossier (hồ sơ) being prepared during a session.
type Draft struct {
	ID          int64
	SessionID   int64
	Version     int64
	Fields      map[string]string
	GuideID     string
	GuideStep   int
	SyncAllowed bool
	Anonymous   bool
	UpdatedAt   time.Time
	// UID names the draft on every desk and on the hub (a UUIDv7).
	UID string
}

// HistoryEntry is one change made to a draft.
type HistoryEntry struct {
	Version int64
	Field   string
	Value   string
	At      time.Time
	// Actor is the volunteer who made the change, 0 for the desk itself or
	// a change that came from the hub.
	Actor int64
}

// snapshot is the outbox payload: the whole draft as of one version.
type snapshot struct {
	UID       string            `json:"uid"`
	DraftID   int64             `json:"draft_id"`
	SessionID int64             `json:"session_id"`
	Version   int64             `json:"version"`
	Fields    map[string]string `json:"fields"`
	GuideID   string            `json:"guide_id"`
	GuideStep int               `json:"guide_step"`
	UpdatedAt string            `json:"updated_at"`
	// Attachments lists the draft's files (attachments_sync.go).
	Attachments []snapshotAttachment `json:"attachments,omitempty"`
}

// Draft returns the draft with its fields, or ErrNotFound.
func (s *Store) Draft(ctx context.Context, id int64) (Draft, error) {
	return s.loadDraft(ctx, s.db, id)
}

// queryer is what loadDraft needs from a database or a transaction.
type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// loadDraft reads draft id with its session's anonymity, its fields opened.
func (s *Store) loadDraft(ctx context.Context, q queryer, id int64) (Draft, error) {
	var (
		d       Draft
		fields  []byte
		updated sql.NullString
	)
	err := q.QueryRowContext(ctx, "SELECT d.id, d.uid, d.session_id, d.version,"+
		" d.fields_sealed,"+
		" d.guide_id, d.guide_step, d.sync_allowed, s.anonymous, d.updated_at FROM drafts d"+
		" JOIN sessions s ON s.id = d.session_id WHERE d.id = ?", id).Scan(&d.ID, &d.UID,
		&d.SessionID, &d.Version, &fields, &d.GuideID, &d.GuideStep, &d.SyncAllowed,
		&d.Anonymous, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return Draft{}, fmt.Errorf("draft %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Draft{}, fmt.Errorf("read draft: %w", err)
	}
	if d.Fields, err = s.keys.openFields(d.ID, d.UID, fields); err != nil {
		return Draft{}, fmt.Errorf("read draft %d fields: %w", id, err)
	}
	if d.UpdatedAt, err = parseTime(updated); err != nil {
		return Draft{}, fmt.Errorf("read draft: %w", err)
	}
	return d, nil
}

// SetField stores value (NFC, spaces kept as typed) in field of the draft and
// returns the new version; the change, its history row and, when the draft may
// be synced, an outbox snapshot are committed together. The same value again
// changes nothing and returns the current version. A personal field on an
// anonymous draft returns ErrAnonymous.
func (s *Store) SetField(ctx context.Context, draftID int64, field, value string) (int64, error) {
	if field == "" || field == historyGuideStep {
		return 0, fmt.Errorf("set field %q: %w", field, ErrInvalid)
	}
	value = norm.NFC.String(strings.ToValidUTF8(value, "\uFFFD"))

	return s.change(ctx, draftID, func(d *Draft) (string, string, bool, error) {
		if d.Anonymous && IsPersonal(field) {
			return "", "", false, ErrAnonymous
		}
		if d.Fields[field] == value {
			return "", "", false, nil
		}
		if value == "" {
			delete(d.Fields, field)
		} else {
			d.Fields[field] = value
		}
		return field, value, true, nil
	})
}

// SetGuideStep records that the draft follows guideID at step and returns the
// new version, with the same transaction rules as SetField; history shows it
// as field "guide.step" with value "<guideID>#<step>".
func (s *Store) SetGuideStep(ctx context.Context, draftID int64, guideID string,
	step int) (int64, error) {
	if step < 0 {
		return 0, fmt.Errorf("set guide step %d: %w", step, ErrInvalid)
	}
	guideID = norm.NFC.String(strings.ToValidUTF8(guideID, "\uFFFD"))

	return s.change(ctx, draftID, func(d *Draft) (string, string, bool, error) {
		if d.GuideID == guideID && d.GuideStep == step {
			return "", "", false, nil
		}
		d.GuideID, d.GuideStep = guideID, step
		return historyGuideStep, guideID + "#" + strconv.Itoa(step), true, nil
	})
}

// editFunc changes a loaded draft and returns the history field and value,
// or changed=false when there is nothing to store.
type editFunc func(d *Draft) (field, value string, changed bool, err error)

// txEditFunc is an editFunc that also changes rows beside the draft (its
// attachments) inside the change's transaction.
type txEditFunc func(ctx context.Context, tx *sql.Tx, d *Draft) (field, value string,
	changed bool, err error)

// change runs edit on the draft inside one write transaction and stores the
// result, its history row and its outbox snapshot.
func (s *Store) change(ctx context.Context, draftID int64, edit editFunc) (int64, error) {
	return s.changeTx(ctx, draftID, func(_ context.Context, _ *sql.Tx, d *Draft) (string,
		string, bool, error) {
		return edit(d)
	})
}

// changeTx is change for an edit that needs the transaction.
func (s *Store) changeTx(ctx context.Context, draftID int64, edit txEditFunc) (int64,
	error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("change draft: %w", err)
	}
	defer rollback(tx)

	d, err := s.loadDraft(ctx, tx, draftID)
	if err != nil {
		return 0, fmt.Errorf("change draft: %w", err)
	}
	if err := refuseRestricted(ctx, tx, d.SessionID); err != nil {
		return 0, fmt.Errorf("change draft %d: %w", draftID, err)
	}
	field, value, changed, err := edit(ctx, tx, &d)
	if err != nil {
		return 0, fmt.Errorf("change draft %d: %w", draftID, err)
	}
	if !changed {
		return d.Version, nil
	}

	base := d.Version
	d.Version++
	stamp := s.stamp()
	if err := s.saveDraft(ctx, tx, &d, stamp); err != nil {
		return 0, fmt.Errorf("change draft %d: %w", draftID, err)
	}
	if err := s.addHistory(ctx, tx, d.ID, d.Version, [][2]string{{field, value}},
		stamp); err != nil {
		return 0, fmt.Errorf("change draft %d: %w", draftID, err)
	}
	// Who changed which field goes to the audit log; never the value.
	if actor, ok := actorFrom(ctx); ok {
		if err := appendAudit(ctx, tx, stamp, actor, AuditChange, d.ID, field); err != nil {
			return 0, fmt.Errorf("change draft %d: %w", draftID, err)
		}
	}
	if d.SyncAllowed {
		if err := s.queueSnapshot(ctx, tx, &d, base, stamp); err != nil {
			return 0, fmt.Errorf("change draft %d: outbox: %w", draftID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("change draft %d: commit: %w", draftID, err)
	}
	return d.Version, nil
}

// saveDraft writes the draft's fields (sealed), version and guide, keeps
// its search terms in step, and ties the statuses waiting for its dossier
// code to it. The old fields, search_name and id_number columns stay
// empty: the sealed fields and the search terms replace them.
func (s *Store) saveDraft(ctx context.Context, tx *sql.Tx, d *Draft, stamp string) error {
	fields, err := s.keys.sealFields(d.ID, d.UID, d.Fields)
	if err != nil {
		return err
	}
	at, err := time.Parse(time.RFC3339Nano, stamp)
	if err != nil {
		return fmt.Errorf("stamp: %w", err)
	}
	code := NormaliseDossierCode(d.Fields[FieldDossierCode])
	_, err = tx.ExecContext(ctx, "UPDATE drafts SET version = ?, fields = '{}',"+
		" fields_sealed = ?, guide_id = ?, guide_step = ?, dossier_code = ?, updated_at = ?"+
		" WHERE id = ?", d.Version, fields, d.GuideID, d.GuideStep, code, stamp, d.ID)
	if err != nil {
		return err
	}
	if err := s.saveTerms(ctx, tx, d, sortKey(at)); err != nil {
		return fmt.Errorf("search terms: %w", err)
	}
	return linkStatuses(ctx, tx, d.ID, code)
}

// queueSnapshot adds the outbox row that the hub sync will push later,
// its payload sealed for the row.
func (s *Store) queueSnapshot(ctx context.Context, tx *sql.Tx, d *Draft, base int64,
	stamp string) error {
	files, err := snapshotAttachments(ctx, tx, d.ID)
	if err != nil {
		return err
	}
	payload, err := json.Marshal(snapshot{
		UID: d.UID, DraftID: d.ID, SessionID: d.SessionID, Version: d.Version,
		Fields: d.Fields, GuideID: d.GuideID, GuideStep: d.GuideStep, UpdatedAt: stamp,
		Attachments: files,
	})
	if err != nil {
		return err
	}
	id, err := nextID(ctx, tx, "outbox")
	if err != nil {
		return err
	}
	// A set sync_base (after a refused change) replaces the base once.
	_, err = tx.ExecContext(ctx, "INSERT INTO outbox(id, draft_id, base_version, new_version,"+
		" payload, payload_sealed, created_at) VALUES(?, ?, coalesce((SELECT sync_base"+
		" FROM drafts WHERE id = ?), ?), ?, '{}', ?, ?)", id, d.ID, d.ID, base, d.Version,
		s.keys.seal(payload, rowAD(colOutboxPayload, id)), stamp)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "UPDATE drafts SET sync_base = NULL WHERE id = ?"+
		" AND sync_base IS NOT NULL", d.ID)
	return err
}

// History returns every change made to the draft, oldest first, or
// ErrNotFound.
func (s *Store) History(ctx context.Context, draftID int64) ([]HistoryEntry, error) {
	if _, err := s.loadDraft(ctx, s.db, draftID); err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, "SELECT id, version, field, value_sealed, at, actor"+
		" FROM draft_history WHERE draft_id = ? ORDER BY version, id", draftID)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	defer rows.Close()
	var out []HistoryEntry
	for rows.Next() {
		var (
			h      HistoryEntry
			id     int64
			sealed []byte
			at     sql.NullString
		)
		if err := rows.Scan(&id, &h.Version, &h.Field, &sealed, &at, &h.Actor); err != nil {
			return nil, fmt.Errorf("history: %w", err)
		}
		if h.Value, err = s.keys.openText(sealed, rowAD(colHistoryValue, id,
			h.Field)); err != nil {
			return nil, fmt.Errorf("history: %w", err)
		}
		if h.At, err = parseTime(at); err != nil {
			return nil, fmt.Errorf("history: %w", err)
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	return out, nil
}

// OutboxLen returns the number of draft snapshots waiting to be sent.
func (s *Store) OutboxLen(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM outbox WHERE state = 'queued'").Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("outbox length: %w", err)
	}
	return n, nil
}
