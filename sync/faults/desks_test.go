package faults_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/store"
	"tiepsuc/sync/engine"
	"tiepsuc/sync/engine/enginetest"
)

// handOff makes a draft on a, syncs it to b, closes it on a (the citizen
// left) and opens it on b (the citizen came to b); it returns the draft's
// id on each desk.
func handOff(t *testing.T, a, b *enginetest.Desk) (int64, int64) {
	t.Helper()
	ctx := context.Background()
	idA := a.NewDraft(t)
	a.Edit(t, idA, store.FieldFullName, "Phạm Thị Hoa")
	a.Edit(t, idA, store.FieldNeedKind, "procedure")
	a.WaitSynced(t, 10*time.Second)
	b.WaitSynced(t, 10*time.Second)

	da, err := a.Store.Draft(ctx, idA)
	require.NoError(t, err)
	require.NoError(t, a.Store.CloseSession(ctx, da.SessionID, store.OutcomeContinue))
	db, err := b.Store.DraftByUID(ctx, da.UID)
	require.NoError(t, err, "the draft reached desk b")
	require.NoError(t, b.Store.ReopenSession(ctx, db.SessionID))
	return idA, db.ID
}

// fields returns a draft's fields.
func fields(t *testing.T, d *enginetest.Desk, id int64) (map[string]string, int64) {
	t.Helper()
	dr, err := d.Store.Draft(context.Background(), id)
	require.NoError(t, err)
	return dr.Fields, dr.Version
}

func TestTwoDesksEditOneDraftOffline(t *testing.T) {
	base := map[string]string{store.FieldFullName: "Phạm Thị Hoa",
		store.FieldNeedKind: "procedure"}
	onA := map[string]string{store.FieldPhone: "0912345678", store.FieldAddress: "ấp 3"}
	onB := map[string]string{store.FieldPhone: "0987654321", store.FieldNotes: "mang CCCD"}
	merge := func(m map[string]string) map[string]string {
		out := map[string]string{}
		for k, v := range base {
			out[k] = v
		}
		for k, v := range m {
			out[k] = v
		}
		return out
	}
	tests := []struct {
		choice store.Resolution
		want   map[string]string
	}{
		{store.KeepLocal, merge(onB)},
		{store.KeepHub, merge(onA)},
	}
	for _, tt := range tests {
		t.Run(string(tt.choice), func(t *testing.T) {
			ctx := context.Background()
			h := enginetest.StartHub(t)
			a := enginetest.NewDesk(t, h.URL, h.Fingerprint, h.NewCode(t, commune, "A"),
				enginetest.DeskOptions{Config: enginetest.FastConfig()})
			b := enginetest.NewDesk(t, h.URL, h.Fingerprint, h.NewCode(t, commune, "B"),
				enginetest.DeskOptions{Config: enginetest.FastConfig()})
			a.Run()
			b.Run()
			idA, idB := handOff(t, a, b)

			// Both desks edit while the hub is out of reach.
			h.Stop()
			for _, f := range []string{store.FieldPhone, store.FieldAddress} {
				a.Edit(t, idA, f, onA[f])
			}
			for _, f := range []string{store.FieldPhone, store.FieldNotes} {
				b.Edit(t, idB, f, onB[f])
			}
			h.Start()
			a.WaitSynced(t, 10*time.Second)
			st := b.WaitFor(t, 10*time.Second, func(s engine.Status) bool {
				return s.Conflicts == 1 && s.Queued == 0 && s.ErrorKey == ""
			})
			assert.Equal(t, 1, st.Conflicts)

			// Both versions are kept and shown; neither desk lost its edits.
			var cf store.Conflict
			require.Eventually(t, func() bool {
				b.Engine.SyncNow()
				cs, err := b.Store.Conflicts(ctx)
				require.NoError(t, err)
				if len(cs) == 1 && cs[0].HubKnown {
					cf = cs[0]
					return true
				}
				return false
			}, 10*time.Second, 50*time.Millisecond, "the hub's side arrives")
			assert.Equal(t, merge(onB), cf.Local.Fields)
			assert.Equal(t, merge(onA), cf.Hub.Fields)
			got, _ := fields(t, a, idA)
			assert.Equal(t, merge(onA), got, "desk a keeps its own edits meanwhile")

			v, err := b.Store.ResolveConflict(ctx, cf.ID, tt.choice)
			require.NoError(t, err)
			b.Engine.Kick()
			b.WaitSynced(t, 10*time.Second)
			a.WaitSynced(t, 10*time.Second)

			gotB, vB := fields(t, b, idB)
			gotA, vA := fields(t, a, idA)
			assert.Equal(t, tt.want, gotB)
			assert.Equal(t, tt.want, gotA, "the resolution reaches desk a")
			assert.Equal(t, v, vB)
			assert.Equal(t, v, vA)

			rep := enginetest.Audit(t, h.Client(t, commune, "audit"), a, b)
			assert.Equal(t, 2, rep.Conflicts, "both of b's offline changes met a's")
			assert.Zero(t, b.Engine.Status().Conflicts)
		})
	}
}

func TestDeskClocksHoursOff(t *testing.T) {
	ctx := context.Background()
	h := enginetest.StartHub(t)
	ahead := func() time.Time { return time.Now().Add(7 * time.Hour) }
	behind := func() time.Time { return time.Now().Add(-5 * time.Hour) }
	a := enginetest.NewDesk(t, h.URL, h.Fingerprint, h.NewCode(t, commune, "A"),
		enginetest.DeskOptions{Config: enginetest.FastConfig(), Clock: ahead})
	b := enginetest.NewDesk(t, h.URL, h.Fingerprint, h.NewCode(t, commune, "B"),
		enginetest.DeskOptions{Config: enginetest.FastConfig(), Clock: behind})
	a.Run()
	b.Run()
	idA, idB := handOff(t, a, b)

	// Desk b's edits carry times twelve hours before desk a's, yet they come
	// after them: the versions say so, and the hub goes by versions.
	b.Edit(t, idB, store.FieldPhone, "0987654321")
	b.Edit(t, idB, store.FieldNotes, "mang CCCD")
	st := b.WaitSynced(t, 10*time.Second)
	assert.Zero(t, st.Conflicts)
	a.WaitSynced(t, 10*time.Second)
	gotA, vA := fields(t, a, idA)
	gotB, vB := fields(t, b, idB)
	assert.Equal(t, gotB, gotA, "desk a takes desk b's later version")
	assert.Equal(t, int64(4), vA)
	assert.Equal(t, vB, vA)

	rows, err := b.Store.OutboxRows(ctx, idB)
	require.NoError(t, err)
	require.NotEmpty(t, rows)
	da, err := a.Store.History(ctx, idA)
	require.NoError(t, err)
	assert.True(t, rows[0].CreatedAt.Before(da[0].At),
		"desk b's change is stamped hours before desk a's first one")

	// Back on desk a, the next edit goes on top of b's version.
	da2, err := a.Store.Draft(ctx, idA)
	require.NoError(t, err)
	require.NoError(t, a.Store.ReopenSession(ctx, da2.SessionID))
	require.NoError(t, b.Store.CloseSession(ctx, mustSession(t, b, idB), store.OutcomeDone))
	a.Edit(t, idA, store.FieldNeedProcedure, "1.004194")
	a.WaitSynced(t, 10*time.Second)
	b.WaitSynced(t, 10*time.Second)
	gotB, vB = fields(t, b, idB)
	assert.Equal(t, int64(5), vB)
	assert.Equal(t, "1.004194", gotB[store.FieldNeedProcedure])

	rep := enginetest.Audit(t, h.Client(t, commune, "audit"), a, b)
	assert.Zero(t, rep.Conflicts, "clocks never make a conflict")
	assert.Equal(t, 5, rep.Sent)
}

// mustSession returns the session of a desk's draft.
func mustSession(t *testing.T, d *enginetest.Desk, id int64) int64 {
	t.Helper()
	dr, err := d.Store.Draft(context.Background(), id)
	require.NoError(t, err)
	return dr.SessionID
}
