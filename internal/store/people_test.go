package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/auth"
	"tiepsuc/internal/store"
)

// The PINs of the tests; each passes auth.CheckPIN.
const (
	pinLan  = "482137"
	pinMinh = "905173"
	pinHoa  = "3806914"
)

// cheapPINs hashes in microseconds.
var cheapPINs = auth.NewHasher(auth.WithParams(auth.CheapParams))

// desk is a store on a real file with cheap PIN hashing.
type desk struct {
	*store.Store
	path  string
	clock *fakeClock
}

// openDesk opens a fresh desk database.
func openDesk(t testing.TB) *desk {
	t.Helper()
	d := &desk{path: filepath.Join(t.TempDir(), "desk.db"),
		clock: newClock(time.Date(2025, 12, 4, 8, 0, 0, 0, ict))}
	d.reopen(t)
	return d
}

// reopen closes the store, if open, and opens its file again, as a restart
// of the app does.
func (d *desk) reopen(t testing.TB, opts ...store.Option) {
	t.Helper()
	if d.Store != nil {
		require.NoError(t, d.Close())
	}
	opts = append([]store.Option{store.WithClock(d.clock.Now),
		store.WithPINHasher(cheapPINs)}, opts...)
	s, err := store.Open(context.Background(), d.path, opts...)
	require.NoError(t, err)
	d.Store = s
	t.Cleanup(func() { _ = s.Close() })
}

// raw opens the database file with plain SQL, as someone with a database
// tool would, once the store is closed.
func (d *desk) raw(t testing.TB) *sql.DB {
	t.Helper()
	require.NoError(t, d.Close())
	db, err := sql.Open("sqlite", d.path)
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// as returns a context in which volunteer id acts.
func as(id int64) context.Context {
	return store.WithActor(context.Background(), id)
}

// staff makes the desk's admin Lan, then volunteer Minh and trainer Hoa.
func staff(t testing.TB, d *desk) (admin, volunteer, trainer store.Account) {
	t.Helper()
	ctx := context.Background()
	admin, err := d.AddVolunteer(ctx, "Nguyễn Thị Lan", auth.RoleVolunteer, pinLan)
	require.NoError(t, err)
	volunteer, err = d.AddVolunteer(as(admin.ID), "Trần Văn Minh", auth.RoleVolunteer, pinMinh)
	require.NoError(t, err)
	trainer, err = d.AddVolunteer(as(admin.ID), "Lê Thu Hoà", auth.RoleTrainer, pinHoa)
	require.NoError(t, err)
	return admin, volunteer, trainer
}

// at is a fixed moment of the tests' day.
var at = time.Date(2025, 12, 4, 9, 0, 0, 0, ict)

func TestFirstVolunteerIsAdmin(t *testing.T) {
	d := openDesk(t)
	ctx := context.Background()
	need, err := d.NeedsAdmin(ctx)
	require.NoError(t, err)
	assert.True(t, need, "a fresh desk asks for its admin")

	lan, err := d.AddVolunteer(ctx, "  Nguyễn Thị Lan ", auth.RoleVolunteer, pinLan)
	require.NoError(t, err)
	assert.Equal(t, auth.RoleAdmin, lan.Role, "the first volunteer is the admin")
	assert.Equal(t, "Nguyễn Thị Lan", lan.Name)
	assert.True(t, lan.Active)
	assert.True(t, lan.HasPIN)
	need, err = d.NeedsAdmin(ctx)
	require.NoError(t, err)
	assert.False(t, need)

	_, err = d.AddVolunteer(ctx, "Trần Văn Minh", auth.RoleAdmin, pinMinh)
	assert.ErrorIs(t, err, store.ErrForbidden, "after the first, no one signed in may add")

	minh, err := d.AddVolunteer(as(lan.ID), "Trần Văn Minh", auth.RoleVolunteer, pinMinh)
	require.NoError(t, err)
	assert.Equal(t, auth.RoleVolunteer, minh.Role)

	_, err = d.AddVolunteer(as(minh.ID), "Lê Thu Hoà", auth.RoleAdmin, pinHoa)
	assert.ErrorIs(t, err, store.ErrForbidden, "a volunteer may not add an admin")

	list, err := d.Volunteers(ctx)
	require.NoError(t, err)
	require.Len(t, list, 2)
	assert.Equal(t, "Nguyễn Thị Lan", list[0].Name)
	assert.Equal(t, "Trần Văn Minh", list[1].Name)
}

func TestAddVolunteerRefuses(t *testing.T) {
	d := openDesk(t)
	admin, _, _ := staff(t, d)
	ctx := as(admin.ID)

	_, err := d.AddVolunteer(ctx, "Phạm Thị Thu", auth.RoleVolunteer, "123456")
	assert.ErrorIs(t, err, auth.ErrWeakPIN)
	assert.ErrorIs(t, err, auth.PINRun, "the screen can say why")
	_, err = d.AddVolunteer(ctx, "  ", auth.RoleVolunteer, pinMinh)
	assert.ErrorIs(t, err, store.ErrInvalid)
	_, err = d.AddVolunteer(ctx, "Phạm Thị Thu", "root", pinMinh)
	assert.ErrorIs(t, err, store.ErrInvalid)
	_, err = d.AddVolunteer(ctx, "Trần Văn Minh", auth.RoleVolunteer, "771942")
	assert.ErrorIs(t, err, store.ErrNameTaken)
}

func TestAddVolunteerGivesPINToVolunteerFromBefore(t *testing.T) {
	// A desk from before PINs knows its volunteers by name only; the first
	// admin set up with one of those names keeps her sessions.
	d := openDesk(t)
	ctx := context.Background()
	old, err := d.EnsureVolunteer(ctx, "Nguyễn Thị Lan")
	require.NoError(t, err)
	sess, err := d.StartSession(ctx, store.NewSession{VolunteerID: old.ID, Desk: "desk-1",
		Anonymous: true})
	require.NoError(t, err)

	list, err := d.Volunteers(ctx)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.False(t, list[0].HasPIN, "cannot sign in yet")
	assert.Equal(t, auth.RoleVolunteer, list[0].Role)
	need, err := d.NeedsAdmin(ctx)
	require.NoError(t, err)
	assert.True(t, need)
	_, err = d.SignIn(ctx, old.ID, pinLan, at)
	assert.ErrorIs(t, err, store.ErrNoPIN)

	lan, err := d.AddVolunteer(ctx, "Nguyễn Thị Lan", auth.RoleVolunteer, pinLan)
	require.NoError(t, err)
	assert.Equal(t, old.ID, lan.ID)
	assert.Equal(t, auth.RoleAdmin, lan.Role)
	got, err := d.Session(ctx, sess.ID)
	require.NoError(t, err)
	assert.Equal(t, lan.ID, got.VolunteerID)
}

func TestSetRoleAndDeactivate(t *testing.T) {
	d := openDesk(t)
	admin, volunteer, trainer := staff(t, d)

	assert.ErrorIs(t, d.SetRole(as(volunteer.ID), volunteer.ID, auth.RoleAdmin),
		store.ErrForbidden, "no one raises her own role")
	assert.ErrorIs(t, d.SetRole(as(trainer.ID), volunteer.ID, auth.RoleTrainer),
		store.ErrForbidden)
	assert.ErrorIs(t, d.SetRole(as(admin.ID), admin.ID, auth.RoleVolunteer),
		store.ErrLastAdmin)
	assert.ErrorIs(t, d.Deactivate(as(admin.ID), admin.ID), store.ErrLastAdmin)

	require.NoError(t, d.SetRole(as(admin.ID), trainer.ID, auth.RoleAdmin))
	require.NoError(t, d.SetRole(as(trainer.ID), admin.ID, auth.RoleVolunteer),
		"with a second admin the first may step down")
	acc, err := d.Account(context.Background(), admin.ID)
	require.NoError(t, err)
	assert.Equal(t, auth.RoleVolunteer, acc.Role)

	require.NoError(t, d.Deactivate(as(trainer.ID), volunteer.ID))
	_, err = d.SignIn(context.Background(), volunteer.ID, pinMinh, at)
	assert.ErrorIs(t, err, store.ErrInactive)
	require.NoError(t, d.Reactivate(as(trainer.ID), volunteer.ID))
	_, err = d.SignIn(context.Background(), volunteer.ID, pinMinh, at)
	assert.NoError(t, err)

	assert.ErrorIs(t, d.SetRole(as(trainer.ID), 999, auth.RoleAdmin), store.ErrNotFound)
}

func TestDeactivatedAdminLosesRights(t *testing.T) {
	d := openDesk(t)
	admin, _, trainer := staff(t, d)
	require.NoError(t, d.SetRole(as(admin.ID), trainer.ID, auth.RoleAdmin))
	require.NoError(t, d.Deactivate(as(trainer.ID), admin.ID))

	// A screen left open in her name can no longer manage anyone.
	_, err := d.AddVolunteer(as(admin.ID), "Phạm Thị Thu", auth.RoleAdmin, "771942")
	assert.ErrorIs(t, err, store.ErrForbidden)
	assert.ErrorIs(t, d.SetIdleLock(as(admin.ID), 10*time.Minute), store.ErrForbidden)
}

func TestIdleLockSetting(t *testing.T) {
	d := openDesk(t)
	admin, volunteer, _ := staff(t, d)
	ctx := context.Background()

	idle, err := d.IdleLock(ctx)
	require.NoError(t, err)
	assert.Equal(t, 5*time.Minute, idle, "the default")

	assert.ErrorIs(t, d.SetIdleLock(as(volunteer.ID), 10*time.Minute), store.ErrForbidden)
	assert.ErrorIs(t, d.SetIdleLock(as(admin.ID), 2*time.Hour), store.ErrInvalid)
	require.NoError(t, d.SetIdleLock(as(admin.ID), 10*time.Minute))
	d.reopen(t)
	idle, err = d.IdleLock(ctx)
	require.NoError(t, err)
	assert.Equal(t, 10*time.Minute, idle, "kept across a restart")

	shared, err := d.ShareDrafts(ctx)
	require.NoError(t, err)
	assert.False(t, shared, "volunteers see only their own drafts by default")
	assert.ErrorIs(t, d.SetShareDrafts(as(volunteer.ID), true), store.ErrForbidden)
	require.NoError(t, d.SetShareDrafts(as(admin.ID), true))
	shared, err = d.ShareDrafts(ctx)
	require.NoError(t, err)
	assert.True(t, shared)

	entries, err := d.AuditEntries(as(admin.ID),
		store.AuditFilter{Action: store.AuditSettingChanged})
	require.NoError(t, err)
	require.Len(t, entries, 2)
	assert.Equal(t, "auth.share_drafts=1", entries[0].Detail)
	assert.Equal(t, "auth.idle_lock_minutes=10", entries[1].Detail)
	assert.Equal(t, admin.ID, entries[1].Actor)
}
