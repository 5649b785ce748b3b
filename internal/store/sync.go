package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"github.com/google/uuid"

	"tiepsuc/internal/secret"
)

// KeyFileName is the older key file beside the database, which sealed the
// hub token before the data key did (see keystore) and still seals the
// secrets sealed before it, such as the mail password; OpenSecret reads them.
const KeyFileName = "hub-token.key"

// tokenPurpose binds a sealed token to its use, so a sealed value copied
// into another column never opens.
const tokenPurpose = "tiepsuc hub token"

// ErrNoHub is returned by Hub when this desk is not enrolled with a hub.
var ErrNoHub = errors.New("no hub set up")

// ErrTokenUnreadable is returned by Hub when the sealed token does not open:
// it was sealed before the data key under an older key file that was lost
// before the store could seal it again, or it was changed; the desk must
// enrol again.
var ErrTokenUnreadable = errors.New("hub token cannot be read; enrol again")

// newUID returns a new draft uid: a UUIDv7 in canonical lower-case form.
func newUID() (string, error) {
	u, err := uuid.NewV7()
	if err != nil {
		return "", fmt.Errorf("new draft uid: %w", err)
	}
	return u.String(), nil
}

// NormaliseDossierCode returns a dossier code in the form codes are matched
// in: upper case, without white space.
func NormaliseDossierCode(code string) string {
	code = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, code)
	return strings.ToUpper(code)
}

// DraftByUID returns the draft with the given uid, or ErrNotFound.
func (s *Store) DraftByUID(ctx context.Context, uid string) (Draft, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM drafts WHERE uid = ?", uid).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Draft{}, fmt.Errorf("draft %s: %w", uid, ErrNotFound)
	}
	if err != nil {
		return Draft{}, fmt.Errorf("read draft: %w", err)
	}
	return s.loadDraft(ctx, s.db, id)
}

// Hub is the provincial hub this desk is enrolled with.
type Hub struct {
	// URL is the hub's base address, e.g. "https://10.0.0.5:8443".
	URL string
	// Fingerprint is the SHA-256 fingerprint of the hub's certificate the
	// desk pins; empty when the hub has a certificate the system trusts.
	Fingerprint string
	// Token is the desk's secret for the hub, stored sealed, never in clear.
	Token string
	// DeskID, DeskName and Commune are what the hub said at enrolment.
	DeskID   string
	DeskName string
	Commune  string
	// EnrolledAt is when the desk enrolled.
	EnrolledAt time.Time
}

// keyPath is where the older key file of this store is kept.
func (s *Store) keyPath() string {
	return filepath.Join(filepath.Dir(s.path), KeyFileName)
}

// SetHub stores the hub this desk is enrolled with, its token sealed with
// AES-256-GCM under a key derived from the data key. Moving to another hub
// or desk id starts pulling from the beginning.
func (s *Store) SetHub(ctx context.Context, h Hub) error {
	if h.URL == "" || h.Token == "" {
		return fmt.Errorf("set hub: url and token needed: %w", ErrInvalid)
	}
	sealed, err := secret.Seal(s.keys.secrets, h.Token, tokenPurpose)
	if err != nil {
		return fmt.Errorf("set hub: %w", err)
	}
	at := h.EnrolledAt
	if at.IsZero() {
		at = s.now()
	}

	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("set hub: %w", err)
	}
	defer rollback(tx)
	var oldURL, oldDesk string
	err = tx.QueryRowContext(ctx, "SELECT url, desk_id FROM hub WHERE id = 1").
		Scan(&oldURL, &oldDesk)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("set hub: %w", err)
	}
	_, err = tx.ExecContext(ctx, "INSERT OR REPLACE INTO hub(id, url, fingerprint,"+
		" token_sealed, desk_id, desk_name, commune, enrolled_at) VALUES(1, ?, ?, ?, ?, ?, ?, ?)",
		h.URL, h.Fingerprint, sealed, h.DeskID, h.DeskName, h.Commune, formatTime(at))
	if err != nil {
		return fmt.Errorf("set hub: %w", err)
	}
	if oldURL != h.URL || oldDesk != h.DeskID {
		if _, err := tx.ExecContext(ctx, "UPDATE sync_state SET pull_cursor = 0"); err != nil {
			return fmt.Errorf("set hub: reset cursor: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("set hub: %w", err)
	}
	s.log.Info("hub set", "op", "set_hub", "desk", h.DeskID)
	return nil
}

// Hub returns the hub this desk is enrolled with and its token, or ErrNoHub.
func (s *Store) Hub(ctx context.Context) (Hub, error) {
	var (
		h      Hub
		sealed string
		at     sql.NullString
	)
	err := s.db.QueryRowContext(ctx, "SELECT url, fingerprint, token_sealed, desk_id,"+
		" desk_name, commune, enrolled_at FROM hub WHERE id = 1").Scan(&h.URL,
		&h.Fingerprint, &sealed, &h.DeskID, &h.DeskName, &h.Commune, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return Hub{}, ErrNoHub
	}
	if err != nil {
		return Hub{}, fmt.Errorf("read hub: %w", err)
	}
	if h.EnrolledAt, err = parseTime(at); err != nil {
		return Hub{}, fmt.Errorf("read hub: %w", err)
	}
	if h.Token, err = secret.Open(s.keys.secrets, sealed, tokenPurpose); err != nil {
		return Hub{}, fmt.Errorf("read hub: %w: %w", ErrTokenUnreadable, err)
	}
	return h, nil
}

// SyncState is where the sync with the hub stands.
type SyncState struct {
	// PullCursor is the hub's cursor after the last stored pull.
	PullCursor int64
	// LastSuccess is when a push and pull last went through; zero if never.
	LastSuccess time.Time
	// LastError is the translation key of the last failure, empty after a
	// success; LastErrorCause is its technical cause, for the log view.
	LastError      string
	LastErrorCause string
	// LastErrorAt is when the last failure happened.
	LastErrorAt time.Time
}

// SyncState returns where the sync with the hub stands.
func (s *Store) SyncState(ctx context.Context) (SyncState, error) {
	var (
		st           SyncState
		ok, errAt    sql.NullString
		errKey, errC string
	)
	err := s.db.QueryRowContext(ctx, "SELECT pull_cursor, last_success, last_error,"+
		" last_error_cause, last_error_at FROM sync_state WHERE id = 1").Scan(&st.PullCursor,
		&ok, &errKey, &errC, &errAt)
	if err != nil {
		return SyncState{}, fmt.Errorf("read sync state: %w", err)
	}
	st.LastError, st.LastErrorCause = errKey, errC
	if st.LastSuccess, err = parseTime(ok); err != nil {
		return SyncState{}, fmt.Errorf("read sync state: %w", err)
	}
	if st.LastErrorAt, err = parseTime(errAt); err != nil {
		return SyncState{}, fmt.Errorf("read sync state: %w", err)
	}
	return st, nil
}

// SetSyncState stores the outcome of a sync round: its last success and
// last error. The pull cursor is moved only by ApplyPull, with the events.
func (s *Store) SetSyncState(ctx context.Context, st SyncState) error {
	_, err := s.db.ExecContext(ctx, "UPDATE sync_state SET last_success = ?, last_error = ?,"+
		" last_error_cause = ?, last_error_at = ? WHERE id = 1", nullTime(st.LastSuccess),
		st.LastError, st.LastErrorCause, nullTime(st.LastErrorAt))
	if err != nil {
		return fmt.Errorf("set sync state: %w", err)
	}
	return nil
}

// nullTime stores the zero time as NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return formatTime(t)
}
