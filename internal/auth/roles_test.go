package auth_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/auth"
)

func TestCanTable(t *testing.T) {
	// The whole table, written out: a right given or taken by mistake shows.
	want := map[auth.Role]map[auth.Action]bool{
		auth.RoleVolunteer: {auth.ViewDraft: true, auth.EditDraft: true, auth.Export: true,
			auth.DeleteDraft: true},
		auth.RoleTrainer: {auth.ViewDraft: true, auth.EditDraft: true, auth.Export: true,
			auth.DeleteDraft: true, auth.ViewAudit: true},
		auth.RoleAdmin: {auth.ViewDraft: true, auth.EditDraft: true, auth.Export: true,
			auth.DeleteDraft: true, auth.ManageVolunteers: true, auth.ViewAudit: true,
			auth.ChangeSettings: true, auth.Purge: true},
	}
	for _, r := range auth.Roles {
		for _, a := range auth.Actions {
			assert.Equal(t, want[r][a], auth.Can(r, a), "%s %s", r, a)
		}
	}
	for _, a := range auth.Actions {
		assert.False(t, auth.Can("", a), "no role may %s", a)
		assert.False(t, auth.Can("root", a), "an unknown role may not %s", a)
	}
	assert.False(t, auth.Can(auth.RoleAdmin, "drop_database"))
}

func TestParseRole(t *testing.T) {
	for _, r := range auth.Roles {
		got, err := auth.ParseRole(string(r))
		require.NoError(t, err)
		assert.Equal(t, r, got)
	}
	for _, s := range []string{"", "Admin", "admin ", "superuser"} {
		_, err := auth.ParseRole(s)
		assert.ErrorIs(t, err, auth.ErrUnknownRole, s)
	}
}

func TestCanOpenDraft(t *testing.T) {
	v, a := auth.RoleVolunteer, auth.RoleAdmin
	assert.True(t, auth.CanOpenDraft(v, true, false, false), "her own draft")
	assert.False(t, auth.CanOpenDraft(v, false, false, false), "a colleague's draft")
	assert.True(t, auth.CanOpenDraft(v, false, false, true), "shared by the center")
	assert.True(t, auth.CanOpenDraft(v, false, true, false), "handed off through the hub")
	assert.True(t, auth.CanOpenDraft(a, false, false, false), "the desk admin")
	assert.False(t, auth.CanOpenDraft("", true, true, true), "no role")
}

func TestCheckIdleLock(t *testing.T) {
	for _, d := range []time.Duration{time.Minute, auth.DefaultIdleLock, 30 * time.Minute} {
		assert.NoError(t, auth.CheckIdleLock(d), d)
	}
	for _, d := range []time.Duration{0, 30 * time.Second, 31 * time.Minute,
		90 * time.Second, -time.Minute} {
		assert.ErrorIs(t, auth.CheckIdleLock(d), auth.ErrIdleLock, d)
	}
}
