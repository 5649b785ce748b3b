package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Purpose is one purpose a citizen can consent to, each asked separately as
// Decree 13/2023 requires.
type Purpose string

const (
	// PurposeKeepDetails is consent to keep the citizen's details on this desk.
	PurposeKeepDetails Purpose = "keep_details"
	// PurposeSendToHub is consent to send the draft to the provincial hub.
	PurposeSendToHub Purpose = "send_to_hub"
	// PurposeContact is consent to call the citizen about the dossier.
	PurposeContact Purpose = "contact_phone"
)

// known reports whether p is one of the purposes this build asks about.
func (p Purpose) known() bool {
	switch p {
	case PurposeKeepDetails, PurposeSendToHub, PurposeContact:
		return true
	}
	return false
}

// Consent is the citizen's answer for one purpose, with the version of the
// consent text they were shown, so the answer can be verified later.
type Consent struct {
	Purpose     Purpose
	Granted     bool
	At          time.Time
	TextVersion string
}

// Outcome is how a session ended.
type Outcome string

const (
	// OutcomeNone means the session has not ended.
	OutcomeNone Outcome = ""
	// OutcomeDone means the citizen's business was finished at the desk.
	OutcomeDone Outcome = "done"
	// OutcomeContinue means the citizen will come back to go on.
	OutcomeContinue Outcome = "continue"
	// OutcomeCounter means the citizen was sent to a service counter.
	OutcomeCounter Outcome = "counter"
)

// Session is one citizen served at the desk (một lượt hỗ trợ), with its draft.
type Session struct {
	ID          int64
	DraftID     int64
	VolunteerID int64
	Desk        string
	StartedAt   time.Time
	EndedAt     time.Time // zero while open
	Open        bool
	Outcome     Outcome
	Anonymous   bool
	// FromHub is true for a session made on this desk for a draft another
	// desk handed off through the hub; it has no volunteer (VolunteerID 0).
	FromHub  bool
	Consents []Consent
}

// NewSession is what StartSession needs to begin serving a citizen.
type NewSession struct {
	VolunteerID int64
	Desk        string
	Anonymous   bool
	Consents    []Consent
}

// StartSession stores a session, its consents and an empty draft in one
// transaction. A named session needs PurposeKeepDetails granted (else
// ErrNoConsent); the draft may be synced only when PurposeSendToHub is
// granted and the session is not anonymous.
func (s *Store) StartSession(ctx context.Context, n NewSession) (Session, error) {
	granted, err := checkConsents(n)
	if err != nil {
		return Session{}, fmt.Errorf("start session: %w", err)
	}
	now := s.now()
	stamp := formatTime(now)
	sync := granted[PurposeSendToHub] && !n.Anonymous

	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Session{}, fmt.Errorf("start session: %w", err)
	}
	defer rollback(tx)

	res, err := tx.ExecContext(ctx, "INSERT INTO sessions(volunteer_id, desk, started_at,"+
		" anonymous) VALUES(?, ?, ?, ?)", n.VolunteerID, strings.TrimSpace(n.Desk), stamp,
		n.Anonymous)
	if err != nil {
		return Session{}, fmt.Errorf("start session: %w", err)
	}
	sessionID, err := res.LastInsertId()
	if err != nil {
		return Session{}, fmt.Errorf("start session: %w", err)
	}
	for _, c := range n.Consents {
		at := c.At
		if at.IsZero() {
			at = now
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO consents(session_id, purpose, granted, at,"+
			" text_version) VALUES(?, ?, ?, ?, ?)", sessionID, string(c.Purpose), c.Granted,
			formatTime(at), c.TextVersion)
		if err != nil {
			return Session{}, fmt.Errorf("start session: consent: %w", err)
		}
	}
	uid, err := makeUID()
	if err != nil {
		return Session{}, fmt.Errorf("start session: %w", err)
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO drafts(session_id, version, sync_allowed,"+
		" updated_at, uid) VALUES(?, 0, ?, ?, ?)", sessionID, sync, stamp, uid)
	if err != nil {
		return Session{}, fmt.Errorf("start session: draft: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return Session{}, fmt.Errorf("start session: %w", err)
	}
	s.log.Info("session started", "op", "start_session", "session", sessionID,
		"anonymous", n.Anonymous)
	return s.Session(ctx, sessionID)
}

// checkConsents validates the consents of n and returns which were granted.
func checkConsents(n NewSession) (map[Purpose]bool, error) {
	if n.VolunteerID <= 0 {
		return nil, fmt.Errorf("no volunteer: %w", ErrInvalid)
	}
	granted := make(map[Purpose]bool, len(n.Consents))
	seen := make(map[Purpose]bool, len(n.Consents))
	for _, c := range n.Consents {
		if !c.Purpose.known() {
			return nil, fmt.Errorf("unknown consent purpose %q: %w", c.Purpose, ErrInvalid)
		}
		if seen[c.Purpose] {
			return nil, fmt.Errorf("consent %q given twice: %w", c.Purpose, ErrInvalid)
		}
		if strings.TrimSpace(c.TextVersion) == "" {
			return nil, fmt.Errorf("consent %q without text version: %w", c.Purpose, ErrInvalid)
		}
		seen[c.Purpose] = true
		granted[c.Purpose] = c.Granted
	}
	if !n.Anonymous && !granted[PurposeKeepDetails] {
		return nil, ErrNoConsent
	}
	return granted, nil
}

// Session returns the session with its consents, or ErrNotFound.
func (s *Store) Session(ctx context.Context, id int64) (Session, error) {
	var (
		ss             Session
		volunteer      sql.NullInt64
		started, ended sql.NullString
		state, outcome string
	)
	err := s.db.QueryRowContext(ctx, "SELECT s.id, d.id, s.volunteer_id, s.desk, s.started_at,"+
		" s.ended_at, s.state, s.outcome, s.anonymous, s.from_hub FROM sessions s"+
		" JOIN drafts d ON d.session_id = s.id WHERE s.id = ?", id).Scan(&ss.ID, &ss.DraftID,
		&volunteer, &ss.Desk, &started, &ended, &state, &outcome, &ss.Anonymous, &ss.FromHub)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, fmt.Errorf("session %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Session{}, fmt.Errorf("read session: %w", err)
	}
	ss.VolunteerID = volunteer.Int64
	ss.Open = state == "open"
	ss.Outcome = Outcome(outcome)
	if ss.StartedAt, err = parseTime(started); err != nil {
		return Session{}, fmt.Errorf("read session: %w", err)
	}
	if ss.EndedAt, err = parseTime(ended); err != nil {
		return Session{}, fmt.Errorf("read session: %w", err)
	}
	if ss.Consents, err = s.consents(ctx, id); err != nil {
		return Session{}, err
	}
	return ss, nil
}

// consents lists a session's consents by purpose.
func (s *Store) consents(ctx context.Context, sessionID int64) ([]Consent, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT purpose, granted, at, text_version"+
		" FROM consents WHERE session_id = ? ORDER BY purpose", sessionID)
	if err != nil {
		return nil, fmt.Errorf("read consents: %w", err)
	}
	defer rows.Close()
	var out []Consent
	for rows.Next() {
		var (
			c  Consent
			at sql.NullString
		)
		if err := rows.Scan(&c.Purpose, &c.Granted, &at, &c.TextVersion); err != nil {
			return nil, fmt.Errorf("read consents: %w", err)
		}
		if c.At, err = parseTime(at); err != nil {
			return nil, fmt.Errorf("read consents: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read consents: %w", err)
	}
	return out, nil
}

// CloseSession ends an open session with outcome o, which must not be
// OutcomeNone. Closing a closed session changes its outcome and keeps its
// end time.
func (s *Store) CloseSession(ctx context.Context, id int64, o Outcome) error {
	switch o {
	case OutcomeDone, OutcomeContinue, OutcomeCounter:
	default:
		return fmt.Errorf("close session: outcome %q: %w", o, ErrInvalid)
	}
	res, err := s.db.ExecContext(ctx, "UPDATE sessions SET state = 'closed', outcome = ?,"+
		" ended_at = coalesce(ended_at, ?) WHERE id = ?", string(o), s.stamp(), id)
	if err != nil {
		return fmt.Errorf("close session: %w", err)
	}
	if err := mustChange(res); err != nil {
		return fmt.Errorf("close session %d: %w", id, err)
	}
	s.log.Info("session closed", "op", "close_session", "session", id, "outcome", string(o))
	return nil
}

// ReopenSession opens a closed session again, clearing its outcome and end
// time, for a citizen who came back to go on.
func (s *Store) ReopenSession(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, "UPDATE sessions SET state = 'open', outcome = '',"+
		" ended_at = NULL WHERE id = ?", id)
	if err != nil {
		return fmt.Errorf("reopen session: %w", err)
	}
	if err := mustChange(res); err != nil {
		return fmt.Errorf("reopen session %d: %w", id, err)
	}
	s.log.Info("session reopened", "op", "reopen_session", "session", id)
	return nil
}

// mustChange returns ErrNotFound when an update matched no row.
func mustChange(res sql.Result) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}
