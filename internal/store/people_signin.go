package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"tiepsuc/internal/auth"
)

// maxTypedPIN is the longest PIN worth hashing; anything longer is wrong
// without spending a third of a second on it.
const maxTypedPIN = 64

// SignIn checks volunteer id's PIN at now. It returns the account, or a
// *LockedError while the account is locked, a *WrongPINError that says how
// many tries are left, ErrNoPIN, ErrInactive or ErrNotFound. Each attempt
// is counted before the PIN is checked, so that stopping the app during
// the check, or trying on two screens at once, gives no extra tries; the
// audit log records the sign-in, the wrong PIN or the lock.
func (s *Store) SignIn(ctx context.Context, id int64, pin string,
	now time.Time) (Account, error) {
	acc, err := s.checkPIN(ctx, id, pin, now, func(tx *sql.Tx, at string) error {
		return appendAudit(ctx, tx, at, id, AuditSignIn, 0, "")
	})
	if err != nil {
		return Account{}, fmt.Errorf("sign in: %w", err)
	}
	s.rehash(ctx, id, pin)
	s.log.Info("signed in", "op", "sign_in", "volunteer", id, "role", string(acc.Role))
	return acc, nil
}

// ChangePIN sets volunteer id's own PIN to newPIN once oldPIN is checked as
// SignIn checks it, wrong tries counting towards the lock. A newPIN that
// auth.CheckPIN refuses gives its auth.PINProblem.
func (s *Store) ChangePIN(ctx context.Context, id int64, oldPIN, newPIN string,
	now time.Time) error {
	if err := auth.CheckPIN(newPIN); err != nil {
		return fmt.Errorf("change PIN: %w", err)
	}
	hash, err := s.hasher().Hash(newPIN)
	if err != nil {
		return fmt.Errorf("change PIN: %w", err)
	}
	_, err = s.checkPIN(ctx, id, oldPIN, now, func(tx *sql.Tx, at string) error {
		if _, err := tx.ExecContext(ctx, "UPDATE volunteers SET pin_hash = ? WHERE id = ?",
			hash, id); err != nil {
			return err
		}
		return appendAudit(ctx, tx, at, id, AuditPINChanged, 0, "")
	})
	if err != nil {
		return fmt.Errorf("change PIN: %w", err)
	}
	return nil
}

// SignOut records in the audit log that volunteer id left the desk, by
// hand or, when idle is true, through the idle lock.
func (s *Store) SignOut(ctx context.Context, id int64, idle bool) error {
	detail := "by hand"
	if idle {
		detail = "idle"
	}
	if err := s.Audit(ctx, id, AuditSignOut, 0, detail); err != nil {
		return fmt.Errorf("sign out: %w", err)
	}
	return nil
}

// checkPIN counts an attempt for volunteer id, checks pin, and on success
// clears the record and runs onSuccess in the same transaction.
func (s *Store) checkPIN(ctx context.Context, id int64, pin string, now time.Time,
	onSuccess func(tx *sql.Tx, at string) error) (Account, error) {
	acc, hash, err := s.countAttempt(ctx, id, now)
	if err != nil {
		return Account{}, err
	}
	ok := false
	if len(pin) <= maxTypedPIN {
		if ok, err = s.hasher().Verify(hash, pin); err != nil {
			return Account{}, err
		}
	}

	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Account{}, err
	}
	defer rollback(tx)
	at := formatTime(now)
	if ok {
		if _, err := tx.ExecContext(ctx, "UPDATE volunteers SET failed_attempts = 0, locks = 0,"+
			" locked_until = NULL WHERE id = ?", id); err != nil {
			return Account{}, err
		}
		if err := onSuccess(tx, at); err != nil {
			return Account{}, err
		}
		if err := tx.Commit(); err != nil {
			return Account{}, err
		}
		acc.Attempts = auth.Attempts{}
		return acc, nil
	}

	// The attempt was already counted; only the audit entry is left.
	action, detail, refused := refusal(acc.Attempts, now)
	if err := appendAudit(ctx, tx, at, id, action, 0, detail); err != nil {
		return Account{}, err
	}
	if err := tx.Commit(); err != nil {
		return Account{}, err
	}
	s.log.Warn("wrong PIN", "op", "sign_in", "volunteer", id, "action", string(action))
	return Account{}, refused
}

// refusal turns the record after a wrong PIN into the error and the audit
// entry it calls for.
func refusal(a auth.Attempts, now time.Time) (AuditAction, string, error) {
	if locked, until := a.LockedAt(now); locked && a.Failed == 0 {
		return AuditLocked, "minutes=" + strconv.Itoa(int(until.Sub(now).Minutes())),
			&LockedError{Until: until, WrongPIN: true}
	}
	left := auth.DefaultLockPolicy.Left(a)
	return AuditSignInFailed, "left=" + strconv.Itoa(left), &WrongPINError{AttemptsLeft: left}
}

// countAttempt refuses a locked, inactive or PIN-less account, and
// otherwise stores the record as if the coming check failed. It returns the
// account with that record, and the stored hash.
func (s *Store) countAttempt(ctx context.Context, id int64,
	now time.Time) (Account, string, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Account{}, "", err
	}
	defer rollback(tx)

	acc, err := loadAccount(ctx, tx, id)
	if err != nil {
		return Account{}, "", err
	}
	var hash string
	if err := tx.QueryRowContext(ctx, "SELECT pin_hash FROM volunteers WHERE id = ?", id).
		Scan(&hash); err != nil {
		return Account{}, "", err
	}
	switch {
	case !acc.Active:
		return Account{}, "", ErrInactive
	case !acc.HasPIN:
		return Account{}, "", ErrNoPIN
	}
	if locked, until := acc.Attempts.LockedAt(now); locked {
		return Account{}, "", &LockedError{Until: until}
	}

	acc.Attempts = auth.DefaultLockPolicy.Fail(acc.Attempts, now)
	var until any
	if !acc.Attempts.LockedUntil.IsZero() {
		until = formatTime(acc.Attempts.LockedUntil)
	}
	_, err = tx.ExecContext(ctx, "UPDATE volunteers SET failed_attempts = ?, locks = ?,"+
		" locked_until = ? WHERE id = ?", acc.Attempts.Failed, acc.Attempts.Locks, until, id)
	if err != nil {
		return Account{}, "", err
	}
	if err := tx.Commit(); err != nil {
		return Account{}, "", err
	}
	return acc, hash, nil
}

// rehash makes volunteer id's hash again with the Store's parameters when
// it was made with others, now that the PIN is known. A failure only
// leaves the old hash, which still works.
func (s *Store) rehash(ctx context.Context, id int64, pin string) {
	var old string
	if err := s.db.QueryRowContext(ctx, "SELECT pin_hash FROM volunteers WHERE id = ?", id).
		Scan(&old); err != nil || !s.hasher().Stale(old) {
		return
	}
	hash, err := s.hasher().Hash(pin)
	if err == nil {
		_, err = s.db.ExecContext(ctx, "UPDATE volunteers SET pin_hash = ? WHERE id = ?"+
			" AND pin_hash = ?", hash, id, old)
	}
	if err != nil {
		s.log.Warn("PIN rehash failed", "op", "sign_in", "volunteer", id, "err", err)
	}
}
