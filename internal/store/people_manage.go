package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"tiepsuc/internal/auth"
)

// maxNameChars bounds a volunteer's name.
const maxNameChars = 100

// AddVolunteer adds a volunteer who signs in with pin. On a desk that
// NeedsAdmin, no one need be signed in and the new volunteer is the admin
// whatever role is asked; otherwise the volunteer named by WithActor must
// be allowed to manage volunteers. A volunteer of that name who has no PIN
// yet (from before PINs) is given the PIN and role, keeping her sessions;
// one who has a PIN gives ErrNameTaken. A pin that auth.CheckPIN refuses
// gives its auth.PINProblem.
func (s *Store) AddVolunteer(ctx context.Context, name string, role auth.Role,
	pin string) (Account, error) {
	name = norm.NFC.String(strings.TrimSpace(name))
	if name == "" || utf8.RuneCountInString(name) > maxNameChars {
		return Account{}, fmt.Errorf("add volunteer: name: %w", ErrInvalid)
	}
	if !role.Valid() {
		return Account{}, fmt.Errorf("add volunteer: role %q: %w", role, ErrInvalid)
	}
	if err := auth.CheckPIN(pin); err != nil {
		return Account{}, fmt.Errorf("add volunteer: %w", err)
	}
	hash, err := s.hasher().Hash(pin)
	if err != nil {
		return Account{}, fmt.Errorf("add volunteer: %w", err)
	}

	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Account{}, fmt.Errorf("add volunteer: %w", err)
	}
	defer rollback(tx)
	admins, err := countAdmins(ctx, tx, 0)
	if err != nil {
		return Account{}, fmt.Errorf("add volunteer: %w", err)
	}
	actor := int64(0)
	if admins == 0 {
		role = auth.RoleAdmin
	} else if actor, err = authorize(ctx, tx, auth.ManageVolunteers); err != nil {
		return Account{}, fmt.Errorf("add volunteer: %w", err)
	}

	id, err := s.putVolunteer(ctx, tx, name, role, hash)
	if err != nil {
		return Account{}, fmt.Errorf("add volunteer: %w", err)
	}
	if actor == 0 {
		actor = id // the first admin sets herself up
	}
	err = appendAudit(ctx, tx, s.stamp(), actor, AuditVolunteerAdded, 0, who(id, role))
	if err != nil {
		return Account{}, fmt.Errorf("add volunteer: %w", err)
	}
	acc, err := loadAccount(ctx, tx, id)
	if err != nil {
		return Account{}, fmt.Errorf("add volunteer: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return Account{}, fmt.Errorf("add volunteer: %w", err)
	}
	s.log.Info("volunteer added", "op", "add_volunteer", "volunteer", id, "role", string(role))
	return acc, nil
}

// putVolunteer inserts a volunteer, or gives the PIN and role to one of the
// same name who has no PIN, and returns the id.
func (s *Store) putVolunteer(ctx context.Context, tx *sql.Tx, name string, role auth.Role,
	hash string) (int64, error) {
	var (
		id  int64
		has bool
	)
	err := tx.QueryRowContext(ctx, "SELECT id, pin_hash != '' FROM volunteers WHERE name = ?",
		name).Scan(&id, &has)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		res, err := tx.ExecContext(ctx, "INSERT INTO volunteers(name, created_at, pin_hash, role)"+
			" VALUES(?, ?, ?, ?)", name, s.stamp(), hash, string(role))
		if err != nil {
			return 0, err
		}
		return res.LastInsertId()
	case err != nil:
		return 0, err
	case has:
		return 0, ErrNameTaken
	}
	_, err = tx.ExecContext(ctx, "UPDATE volunteers SET pin_hash = ?, role = ?, active = 1,"+
		" failed_attempts = 0, locks = 0, locked_until = NULL WHERE id = ?", hash, string(role), id)
	return id, err
}

// who writes the audit detail naming a volunteer by id, and a role if any.
func who(id int64, role auth.Role) string {
	d := fmt.Sprintf("volunteer=%d", id)
	if role != "" {
		d += " role=" + string(role)
	}
	return d
}

// SetPIN sets volunteer id's PIN, for one who forgot hers, and lifts any
// lock. The volunteer named by WithActor must be allowed to manage
// volunteers; a volunteer changes her own PIN with ChangePIN.
func (s *Store) SetPIN(ctx context.Context, id int64, pin string) error {
	if err := auth.CheckPIN(pin); err != nil {
		return fmt.Errorf("set PIN: %w", err)
	}
	hash, err := s.hasher().Hash(pin)
	if err != nil {
		return fmt.Errorf("set PIN: %w", err)
	}
	return s.manage(ctx, "set PIN", id, func(tx *sql.Tx, _ Account) (AuditAction, string,
		error) {
		_, err := tx.ExecContext(ctx, "UPDATE volunteers SET pin_hash = ?, failed_attempts = 0,"+
			" locks = 0, locked_until = NULL WHERE id = ?", hash, id)
		return AuditPINReset, who(id, ""), err
	})
}

// SetRole gives volunteer id role. The volunteer named by WithActor must
// be allowed to manage volunteers, and the desk keeps at least one active
// admin who can sign in (else ErrLastAdmin).
func (s *Store) SetRole(ctx context.Context, id int64, role auth.Role) error {
	if !role.Valid() {
		return fmt.Errorf("set role %q: %w", role, ErrInvalid)
	}
	return s.manage(ctx, "set role", id, func(tx *sql.Tx, acc Account) (AuditAction, string,
		error) {
		if role != auth.RoleAdmin {
			if err := keepAdmin(ctx, tx, acc); err != nil {
				return "", "", err
			}
		}
		_, err := tx.ExecContext(ctx, "UPDATE volunteers SET role = ? WHERE id = ?",
			string(role), id)
		return AuditRoleChanged, who(id, role), err
	})
}

// Deactivate stops volunteer id from signing in; her sessions and audit
// entries stay. The volunteer named by WithActor must be allowed to manage
// volunteers, and the desk keeps at least one active admin (else
// ErrLastAdmin).
func (s *Store) Deactivate(ctx context.Context, id int64) error {
	return s.manage(ctx, "deactivate", id, func(tx *sql.Tx, acc Account) (AuditAction, string,
		error) {
		if err := keepAdmin(ctx, tx, acc); err != nil {
			return "", "", err
		}
		_, err := tx.ExecContext(ctx, "UPDATE volunteers SET active = 0 WHERE id = ?", id)
		return AuditDeactivated, who(id, ""), err
	})
}

// Reactivate lets a deactivated volunteer id sign in again, with the same
// rule as Deactivate.
func (s *Store) Reactivate(ctx context.Context, id int64) error {
	return s.manage(ctx, "reactivate", id, func(tx *sql.Tx, _ Account) (AuditAction, string,
		error) {
		_, err := tx.ExecContext(ctx, "UPDATE volunteers SET active = 1 WHERE id = ?", id)
		return AuditReactivated, who(id, ""), err
	})
}

// keepAdmin returns ErrLastAdmin when acc is the only active admin who can
// sign in.
func keepAdmin(ctx context.Context, tx *sql.Tx, acc Account) error {
	if acc.Role != auth.RoleAdmin || !acc.Active || !acc.HasPIN {
		return nil
	}
	n, err := countAdmins(ctx, tx, acc.ID)
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrLastAdmin
	}
	return nil
}

// manageFunc changes volunteer acc inside tx and returns the audit entry.
type manageFunc func(tx *sql.Tx, acc Account) (AuditAction, string, error)

// manage runs change on volunteer id in one transaction, once the actor
// may manage volunteers, and records it in the audit log.
func (s *Store) manage(ctx context.Context, op string, id int64, change manageFunc) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	defer rollback(tx)
	actor, err := authorize(ctx, tx, auth.ManageVolunteers)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	acc, err := loadAccount(ctx, tx, id)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	action, detail, err := change(tx, acc)
	if err != nil {
		return fmt.Errorf("%s %d: %w", op, id, err)
	}
	if err := appendAudit(ctx, tx, s.stamp(), actor, action, 0, detail); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	s.log.Info("volunteer changed", "op", strings.ReplaceAll(op, " ", "_"), "volunteer", id)
	return nil
}
