package auth

import (
	"errors"
	"fmt"
	"time"
)

// Role is what a volunteer may do at the desk.
type Role string

// The roles, from fewest rights to most.
const (
	// RoleVolunteer serves citizens (tình nguyện viên).
	RoleVolunteer Role = "volunteer"
	// RoleTrainer also runs digital-skills sessions and coaches the
	// volunteers, so may read the audit log, which holds no personal data.
	RoleTrainer Role = "trainer"
	// RoleAdmin is the desk admin: manages volunteers and settings, and
	// purges old sessions.
	RoleAdmin Role = "admin"
)

// Roles lists every role, from fewest rights to most.
var Roles = []Role{RoleVolunteer, RoleTrainer, RoleAdmin}

// ErrUnknownRole is returned by ParseRole for a name that is not a role.
var ErrUnknownRole = errors.New("unknown role")

// ParseRole returns the Role named s.
func ParseRole(s string) (Role, error) {
	r := Role(s)
	if !r.Valid() {
		return "", fmt.Errorf("role %q: %w", s, ErrUnknownRole)
	}
	return r, nil
}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	return r == RoleVolunteer || r == RoleTrainer || r == RoleAdmin
}

// Action is something a role may or may not do.
type Action string

// The actions Can knows.
const (
	ViewDraft        Action = "view_draft"
	EditDraft        Action = "edit_draft"
	Export           Action = "export"
	DeleteDraft      Action = "delete_draft"
	ManageVolunteers Action = "manage_volunteers"
	ViewAudit        Action = "view_audit"
	ChangeSettings   Action = "change_settings"
	Purge            Action = "purge"
)

// Actions lists every action Can knows.
var Actions = []Action{ViewDraft, EditDraft, Export, DeleteDraft, ManageVolunteers, ViewAudit,
	ChangeSettings, Purge}

// serving are the actions of serving a citizen at the desk. Deleting is
// among them: a citizen who asks for deletion asks the volunteer in front
// of her, and the audit log says who did it.
var serving = []Action{ViewDraft, EditDraft, Export, DeleteDraft}

// rights is the table Can reads.
var rights = map[Role][]Action{
	RoleVolunteer: serving,
	RoleTrainer:   append(append([]Action{}, serving...), ViewAudit),
	RoleAdmin:     Actions,
}

// Can reports whether role r may do a. An unknown role may do nothing.
func Can(r Role, a Action) bool {
	for _, x := range rights[r] {
		if x == a {
			return true
		}
	}
	return false
}

// CanOpenDraft reports whether a volunteer of role r may open a draft that
// another volunteer started: the desk admin always may; others only when
// the draft is theirs, has no volunteer (it came through the hub), or the
// center lets volunteers share drafts (a desk setting).
func CanOpenDraft(r Role, own, noOwner, shared bool) bool {
	if !Can(r, ViewDraft) {
		return false
	}
	return r == RoleAdmin || own || noOwner || shared
}

// Idle lock bounds: how long a desk may sit untouched before the screen
// locks and asks for a PIN again.
const (
	DefaultIdleLock = 5 * time.Minute
	MinIdleLock     = time.Minute
	MaxIdleLock     = 30 * time.Minute
)

// ErrIdleLock is returned by CheckIdleLock for a value out of bounds.
var ErrIdleLock = errors.New("idle lock out of bounds")

// CheckIdleLock returns nil when d is a whole number of minutes from
// MinIdleLock to MaxIdleLock.
func CheckIdleLock(d time.Duration) error {
	if d < MinIdleLock || d > MaxIdleLock || d%time.Minute != 0 {
		return fmt.Errorf("idle lock %v: %w", d, ErrIdleLock)
	}
	return nil
}
