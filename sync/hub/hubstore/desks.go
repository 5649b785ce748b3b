package hubstore

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/google/uuid"
	"golang.org/x/text/unicode/norm"

	"tiepsuc/sync/hubapi"
)

// Desk is a help-desk computer enrolled (or waiting to be) with the hub.
type Desk struct {
	// ID is the hub's id of the desk, a UUIDv7.
	ID string
	// Commune is the commune or ward whose drafts the desk sees.
	Commune string
	// Name is the admin's name for the desk, e.g. "Bàn 2".
	Name string
	// CreatedAt is when the admin added the desk.
	CreatedAt time.Time
	// EnrolledAt is when the desk last exchanged a code; zero before.
	EnrolledAt time.Time
	// RevokedAt is when the admin revoked the desk; zero while active.
	RevokedAt time.Time
}

// tokenPrefix starts every desk token, so a leaked one is recognisable.
const tokenPrefix = "tsd1_"

// HashSecret returns the hex SHA-256 of a token or a canonical code, the
// only form in which the hub keeps either.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// NormaliseCommune trims a commune name and puts it in NFC, so "Tam Hiệp"
// typed on two keyboards names one commune.
func NormaliseCommune(s string) string {
	return norm.NFC.String(strings.Join(strings.Fields(s), " "))
}

// newCode returns a random enrolment code over hubapi.CodeAlphabet.
func newCode() (string, error) {
	max := big.NewInt(int64(len(hubapi.CodeAlphabet)))
	b := make([]byte, hubapi.CodeLength)
	for i := range b {
		n, err := rand.Int(rand.Reader, max)
		if err != nil {
			return "", err
		}
		b[i] = hubapi.CodeAlphabet[n.Int64()]
	}
	return string(b), nil
}

// newToken returns a desk token with 256 random bits.
func newToken() string {
	b := make([]byte, 32)
	rand.Read(b) //nolint:errcheck // crypto/rand.Read never fails since Go 1.24
	return tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
}

// CreateDesk adds a desk of a commune and returns it with its one-time
// enrolment code, valid until now+validFor. Only the code's hash is kept.
func (s *DB) CreateDesk(ctx context.Context, commune, name string, validFor time.Duration,
	now time.Time) (Desk, string, error) {
	commune, name = NormaliseCommune(commune), NormaliseCommune(name)
	if commune == "" || name == "" || validFor <= 0 {
		return Desk{}, "", fmt.Errorf("create desk: commune, name, validity: %w", ErrInvalid)
	}
	id, err := uuid.NewV7()
	if err != nil {
		return Desk{}, "", fmt.Errorf("create desk: %w", err)
	}
	code, err := newCode()
	if err != nil {
		return Desk{}, "", fmt.Errorf("create desk: %w", err)
	}
	d := Desk{ID: id.String(), Commune: commune, Name: name, CreatedAt: now.UTC()}
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q("INSERT INTO desks (id, commune, name, created_at)"+
			" VALUES (?, ?, ?, ?)"), d.ID, d.Commune, d.Name, s.d.ts(now))
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.q("INSERT INTO enrol_codes (code_hash, desk_id,"+
			" expires_at) VALUES (?, ?, ?)"), HashSecret(code), d.ID, s.d.ts(now.Add(validFor)))
		return err
	})
	if err != nil {
		return Desk{}, "", fmt.Errorf("create desk: %w", err)
	}
	return d, code, nil
}

// Enrol spends a one-time code and returns its desk with a new token; any
// token the desk had before stops working. An unknown, used or expired code,
// or one of a revoked desk, gives ErrEnrolRejected with the reason.
func (s *DB) Enrol(ctx context.Context, code string, now time.Time) (Desk, string, error) {
	canon, err := hubapi.NormaliseCode(code)
	if err != nil {
		return Desk{}, "", fmt.Errorf("enrol: %w: malformed", ErrEnrolRejected)
	}
	token := newToken()
	var d Desk
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		var (
			deskID   string
			expires  dbTime
			used     dbTime
			codeHash = HashSecret(canon)
		)
		err := tx.QueryRowContext(ctx, s.q("SELECT desk_id, expires_at, used_at FROM"+
			" enrol_codes WHERE code_hash = ?"), codeHash).Scan(&deskID, &expires, &used)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("%w: unknown", ErrEnrolRejected)
		case err != nil:
			return err
		case !used.T.IsZero():
			return fmt.Errorf("%w: already used (desk %s)", ErrEnrolRejected, deskID)
		case !now.Before(expires.T):
			return fmt.Errorf("%w: expired (desk %s)", ErrEnrolRejected, deskID)
		}
		d, err = s.deskByID(ctx, tx, deskID)
		if err != nil {
			return err
		}
		if !d.RevokedAt.IsZero() {
			return fmt.Errorf("%w: desk %s revoked", ErrEnrolRejected, deskID)
		}
		if _, err := tx.ExecContext(ctx, s.q("UPDATE enrol_codes SET used_at = ?"+
			" WHERE code_hash = ?"), s.d.ts(now), codeHash); err != nil {
			return err
		}
		d.EnrolledAt = now.UTC()
		_, err = tx.ExecContext(ctx, s.q("UPDATE desks SET token_hash = ?, enrolled_at = ?"+
			" WHERE id = ?"), HashSecret(token), s.d.ts(now), deskID)
		return err
	})
	if err != nil {
		return Desk{}, "", fmt.Errorf("enrol: %w", err)
	}
	return d, token, nil
}

// deskColumns are the columns scanDesk reads, in order.
const deskColumns = "id, commune, name, created_at, enrolled_at, revoked_at"

// rowScanner is a *sql.Row or *sql.Rows.
type rowScanner interface {
	Scan(dest ...any) error
}

// scanDesk reads one desk row of deskColumns.
func scanDesk(r rowScanner) (Desk, error) {
	var (
		d                         Desk
		created, enrolled, revoke dbTime
	)
	if err := r.Scan(&d.ID, &d.Commune, &d.Name, &created, &enrolled, &revoke); err != nil {
		return Desk{}, err
	}
	d.CreatedAt, d.EnrolledAt, d.RevokedAt = created.T, enrolled.T, revoke.T
	return d, nil
}

// deskByID reads a desk inside a transaction.
func (s *DB) deskByID(ctx context.Context, tx *sql.Tx, id string) (Desk, error) {
	d, err := scanDesk(tx.QueryRowContext(ctx,
		s.q("SELECT "+deskColumns+" FROM desks WHERE id = ?"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return Desk{}, fmt.Errorf("desk %s: %w", id, ErrNotFound)
	}
	return d, err
}

// DeskByToken returns the active desk a token belongs to, or
// ErrUnauthorized.
func (s *DB) DeskByToken(ctx context.Context, token string) (Desk, error) {
	if !strings.HasPrefix(token, tokenPrefix) {
		return Desk{}, ErrUnauthorized
	}
	d, err := scanDesk(s.db.QueryRowContext(ctx, s.q("SELECT "+deskColumns+" FROM desks"+
		" WHERE token_hash = ? AND revoked_at IS NULL"), HashSecret(token)))
	if errors.Is(err, sql.ErrNoRows) {
		return Desk{}, ErrUnauthorized
	}
	if err != nil {
		return Desk{}, fmt.Errorf("desk by token: %w", err)
	}
	return d, nil
}

// Desks lists every desk, oldest first.
func (s *DB) Desks(ctx context.Context) ([]Desk, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+deskColumns+" FROM desks ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("list desks: %w", err)
	}
	defer rows.Close()
	var out []Desk
	for rows.Next() {
		d, err := scanDesk(rows)
		if err != nil {
			return nil, fmt.Errorf("list desks: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list desks: %w", err)
	}
	return out, nil
}

// RevokeDesk stops a desk's token at once (a lost or stolen computer).
func (s *DB) RevokeDesk(ctx context.Context, id string, now time.Time) error {
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q("UPDATE desks SET revoked_at = ?, token_hash = NULL"+
			" WHERE id = ? AND revoked_at IS NULL"), s.d.ts(now), id)
		if err != nil {
			return fmt.Errorf("revoke desk: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("revoke desk %s: %w", id, ErrNotFound)
		}
		return nil
	})
}
