package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"tiepsuc/internal/auth"
)

// Errors of signing in and of managing volunteers.
var (
	// ErrWrongPIN matches a *WrongPINError with errors.Is.
	ErrWrongPIN = errors.New("wrong PIN")
	// ErrLocked matches a *LockedError with errors.Is.
	ErrLocked = errors.New("locked after too many wrong PINs")
	// ErrNoPIN is returned when a volunteer who has no PIN yet signs in.
	ErrNoPIN = errors.New("no PIN set")
	// ErrInactive is returned when a deactivated volunteer signs in.
	ErrInactive = errors.New("volunteer deactivated")
	// ErrForbidden is returned when the volunteer named by WithActor, or
	// no one, tries what their role may not do.
	ErrForbidden = errors.New("not allowed for this role")
	// ErrNameTaken is returned when a volunteer with a PIN already has the name.
	ErrNameTaken = errors.New("a volunteer has this name")
	// ErrLastAdmin is returned when a change would leave the desk without an
	// active admin who can sign in.
	ErrLastAdmin = errors.New("the desk's last admin")
)

// WrongPINError reports a wrong PIN and how many more wrong PINs lock the
// account.
type WrongPINError struct {
	AttemptsLeft int
}

// Error says how many tries are left.
func (e *WrongPINError) Error() string {
	return fmt.Sprintf("wrong PIN, %d tries left before a lock", e.AttemptsLeft)
}

// Is reports whether target is ErrWrongPIN.
func (e *WrongPINError) Is(target error) bool { return target == ErrWrongPIN }

// LockedError reports an account locked until Until. WrongPIN is true when
// the PIN just typed was wrong and made the lock.
type LockedError struct {
	Until    time.Time
	WrongPIN bool
}

// Error says until when.
func (e *LockedError) Error() string {
	return "locked until " + e.Until.UTC().Format(time.RFC3339)
}

// Is reports whether target is ErrLocked.
func (e *LockedError) Is(target error) bool { return target == ErrLocked }

// Account is a volunteer as the desk's sign-in knows them.
type Account struct {
	Volunteer
	Role   auth.Role
	Active bool
	// HasPIN is false for a volunteer made before PINs, or by
	// EnsureVolunteer, until one is set.
	HasPIN bool
	// Attempts is the wrong-PIN record behind the lock.
	Attempts auth.Attempts
}

// pinHasher is the hasher a Store keeps (an alias, so store.go need not
// import auth).
type pinHasher = auth.Hasher

// defaultPINs hashes with auth.DefaultParams.
var defaultPINs = auth.NewHasher()

// WithPINHasher makes the Store hash new PINs with h instead of
// auth.DefaultParams; tests pass cheap parameters through it.
func WithPINHasher(h *auth.Hasher) Option {
	return func(c *config) { c.pins = h }
}

// hasher returns the Store's PIN hasher.
func (s *Store) hasher() *auth.Hasher {
	if s.pins == nil {
		return defaultPINs
	}
	return s.pins
}

// actorKey is the context key of WithActor.
type actorKey struct{}

// WithActor returns a context saying that volunteer id does what is done
// with it: the audit log records id, and the store checks id's role before
// managing volunteers, changing settings or showing the audit log.
func WithActor(ctx context.Context, id int64) context.Context {
	return context.WithValue(ctx, actorKey{}, id)
}

// actorFrom returns the volunteer WithActor put in ctx, or 0 and false.
func actorFrom(ctx context.Context) (int64, bool) {
	id, ok := ctx.Value(actorKey{}).(int64)
	return id, ok && id > 0
}

// accountColumns are the columns scanAccount reads, in its order.
const accountColumns = "id, name, created_at, role, active, pin_hash != '', failed_attempts," +
	" locks, locked_until"

// rowScanner is a *sql.Row or *sql.Rows.
type rowScanner interface {
	Scan(dest ...any) error
}

// scanAccount reads one row of accountColumns.
func scanAccount(r rowScanner) (Account, error) {
	var (
		a              Account
		role           string
		created, until sql.NullString
	)
	err := r.Scan(&a.ID, &a.Name, &created, &role, &a.Active, &a.HasPIN, &a.Attempts.Failed,
		&a.Attempts.Locks, &until)
	if err != nil {
		return Account{}, err
	}
	if a.Role, err = auth.ParseRole(role); err != nil {
		return Account{}, err
	}
	if a.CreatedAt, err = parseTime(created); err != nil {
		return Account{}, err
	}
	if a.Attempts.LockedUntil, err = parseTime(until); err != nil {
		return Account{}, err
	}
	return a, nil
}

// Account returns volunteer id's account, or ErrNotFound.
func (s *Store) Account(ctx context.Context, id int64) (Account, error) {
	return loadAccount(ctx, s.db, id)
}

// loadAccount reads volunteer id's account through q.
func loadAccount(ctx context.Context, q queryer, id int64) (Account, error) {
	a, err := scanAccount(q.QueryRowContext(ctx, "SELECT "+accountColumns+
		" FROM volunteers WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return Account{}, fmt.Errorf("volunteer %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Account{}, fmt.Errorf("read volunteer: %w", err)
	}
	return a, nil
}

// Volunteers lists every volunteer's account by name, deactivated ones
// too; the sign-in screen shows those that are Active and HasPIN.
func (s *Store) Volunteers(ctx context.Context) ([]Account, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+accountColumns+" FROM volunteers"+
		" ORDER BY name, id")
	if err != nil {
		return nil, fmt.Errorf("list volunteers: %w", err)
	}
	defer rows.Close()
	var out []Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, fmt.Errorf("list volunteers: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list volunteers: %w", err)
	}
	return out, nil
}

// NeedsAdmin reports whether the desk has no active admin with a PIN: a
// fresh desk, or one from before PINs. Then the app asks for the first
// admin, and AddVolunteer needs no one signed in.
func (s *Store) NeedsAdmin(ctx context.Context) (bool, error) {
	n, err := countAdmins(ctx, s.db, 0)
	if err != nil {
		return false, fmt.Errorf("needs admin: %w", err)
	}
	return n == 0, nil
}

// countAdmins counts the active admins who can sign in, leaving out
// volunteer except (0 leaves out no one).
func countAdmins(ctx context.Context, q queryer, except int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, "SELECT count(*) FROM volunteers WHERE role = 'admin'"+
		" AND active = 1 AND pin_hash != '' AND id != ?", except).Scan(&n)
	return n, err
}

// authorize returns the volunteer WithActor put in ctx when that volunteer
// is active, has a PIN and a role that may do a; otherwise ErrForbidden.
func authorize(ctx context.Context, q queryer, a auth.Action) (int64, error) {
	id, ok := actorFrom(ctx)
	if !ok {
		return 0, fmt.Errorf("%s with no one signed in: %w", a, ErrForbidden)
	}
	acc, err := loadAccount(ctx, q, id)
	if errors.Is(err, ErrNotFound) {
		return 0, fmt.Errorf("%s by unknown volunteer %d: %w", a, id, ErrForbidden)
	}
	if err != nil {
		return 0, err
	}
	if !acc.Active || !acc.HasPIN || !auth.Can(acc.Role, a) {
		return 0, fmt.Errorf("%s by volunteer %d (%s): %w", a, id, acc.Role, ErrForbidden)
	}
	return id, nil
}
